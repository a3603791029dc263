"""Time expressions found in plain text and normalised to TIMEX3 values."""
