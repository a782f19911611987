"""Personal data redaction before storage and erasure on request."""
