"""secure-mou: check school-police MOUs against the federal SECURE rubric."""

__version__ = "0.1.0"
