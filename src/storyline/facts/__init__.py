"""The same fact in other words: one test for every stage that asks (compare)."""
