"""Extractive multi-document summary with provenance."""
