"""Analysis of articles: duplicates, the spaCy pipeline, document dates."""
