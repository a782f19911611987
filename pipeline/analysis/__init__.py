"""Transcript in, findings out: behaviour rules as data, spaCy and classifier features, detection, metrics."""
