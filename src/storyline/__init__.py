"""storyline: turn a pile of news reports into an attributed event brief."""
