"""Stories from a stream of articles, and arcs across months."""
