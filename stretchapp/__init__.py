"""stretchapp: a guided stretch timer for people with leg cramps."""

__version__ = "0.1.0"
