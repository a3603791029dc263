"""Time: expressions normalised to TIMEX3 values, and the story timeline."""
