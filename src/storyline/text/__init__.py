"""Text utilities every stage shares: tokenisers, stemmers and stop lists (one
named variant per stage), number words, name keys, datelines, union-find."""
