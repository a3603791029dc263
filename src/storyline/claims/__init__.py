"""The claims ledger: attribution, source types, hedges, groups and conflicts."""
