"""Entities: mentions, aliases and cross-document resolution."""
