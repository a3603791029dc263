"""The flow from bytes to briefs: run, assemble, watch."""
