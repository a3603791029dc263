"""Parts of the extractive summarizer behind :mod:`storyline.summarize`.

* :mod:`.features` turns sentence text into the terms, numbers and names the
  rankers and the cross-outlet collapse compare, and decides which sentences
  can stand alone in a summary;
* :mod:`.rankers` holds the swappable scoring algorithms (versioned names);
* :mod:`.speakers` and :mod:`.evidence` find the same fact told in other
  words: one speaker's statement relayed by two outlets, or the same day,
  participant and event;
* :mod:`.rewrite` is the optional abstractive rewrite through an endpoint the
  user configures, keeping only rewrites its source sentences support.

They work on plain sentence strings, so the same code serves the analysed
articles of a brief and raw strings handed to the evaluation API.
"""
