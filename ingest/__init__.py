"""Reading datasets (CSV folders, JSON Lines) into records, validating them, loading a store."""

from ingest.load import LoadReport, load, validate_path

__all__ = ["LoadReport", "load", "validate_path"]
