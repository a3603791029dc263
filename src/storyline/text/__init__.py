"""Text utilities every stage shares: number words, name keys, union-find."""
