"""Stance of a report towards a claim."""
