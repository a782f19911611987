"""coachloop: sales-call recordings in, coachable evidence out."""

__version__ = "0.1.0"
