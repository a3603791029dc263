"""Places: an offline gazetteer and toponym resolution with precision."""
