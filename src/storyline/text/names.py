"""Name normalisation shared by entity resolution and the gazetteer.

News in English spells the same Arabic, Persian or Russian name many ways:
Abdulkarim / Abdul-Karim, al-Assad / Assad, Tadmur / Tadmour / Tadmor,
Raqqa / Ar Raqqah.  Rather than listing the variants of the names we happen
to have seen, :func:`name_key` maps a name to a *transliteration key* by a
general rule, and two names with the same key are treated as spellings of one
name:

* accents dropped, case folded, apostrophes and ayn/hamza marks removed;
* the Arabic article (``al-``, ``el-`` and its assimilated forms ``ar-``,
  ``as-``, ``ash-``, ``ad-`` ... ) dropped where it starts a name part;
* hyphens and spaces inside a name part ignored ("Abdul-Karim" = "Abdulkarim");
* vowels folded the way romanisations disagree: ``ou``/``oo``/``o`` -> ``u``,
  ``ee``/``ei``/``e`` -> ``i`` (Arabic has three vowels, written five ways);
* the name element "Abd al-" written Abdel / Abdul / Abd-al as one;
* doubled letters collapsed ("Assad" = "Asad"), ``q`` -> ``k``,
  ``ph`` -> ``f``, and a final ``h`` after a vowel dropped ("Raqqah" = "Raqqa").

The key is only ever compared between names of the same kind (persons with
persons, places with places), which keeps the folding from merging unrelated
English words.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from storyline import lexicons

#: Forms of the Arabic definite article that romanisations put before a name.
ARABIC_ARTICLES = lexicons.words("text/arabic_articles")

#: Honorifics and titles that precede a name but are not part of it.  Words such
#: as "President" identify a person but do not distinguish Assad from Assad.
TITLES = lexicons.words("text/titles")

_MARKS = "'’‘`´ʿʾʼ\u02bb"
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case ASCII-ish form: accents and apostrophe-like marks removed."""
    if text.isascii():  # fast path: most names in English news and GeoNames
        return text.replace("'", "").replace("`", "").casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    for mark in _MARKS:
        stripped = stripped.replace(mark, "")
    return stripped.casefold()


def is_latin(text: str) -> bool:
    """True when every letter of ``text`` is Latin (after dropping accents)."""
    if text.isascii():
        return True
    folded = fold(text)
    return all(("a" <= c <= "z") or not c.isalpha() for c in folded)


def name_tokens(name: str, *, drop_titles: bool = True) -> list[str]:
    """Folded word tokens of a name: possessive, titles and articles removed.

    "Mr. Assad" -> ["assad"]; "Bashar al-Assad" -> ["bashar", "assad"];
    "Syria's" -> ["syria"]; "Ar Raqqah" -> ["raqqah"].
    """
    text = fold(re.sub(r"['’]s\b", "", name))
    words = [w for w in re.split(r"[\s.,]+", text) if w]
    out: list[str] = []
    for i, raw in enumerate(words):
        word = raw.strip('-"“”()[]')
        if not word:
            continue
        if drop_titles and not out and word in TITLES and i < len(words) - 1:
            continue
        if word == "the" and not out:
            continue
        parts = [p for p in word.split("-") if p]
        # Drop a leading article on a name part: "al-assad", "ar raqqah".
        while len(parts) > 1 and parts[0] in ARABIC_ARTICLES:
            parts = parts[1:]
        if (
            len(parts) == 1
            and parts[0] in ARABIC_ARTICLES
            and i < len(words) - 1
            and len(words) > 1
        ):
            continue
        out.append("".join(parts))
    return [t for t in out if t]


@functools.lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """Transliteration key of one folded token (see the module docstring)."""
    s = re.sub(r"[^a-z0-9]", "", token)
    s = s.replace("ph", "f").replace("q", "k")
    s = s.replace("ou", "u").replace("oo", "u").replace("ee", "i").replace("ei", "i")
    s = s.replace("o", "u").replace("e", "i")
    s = re.sub(r"(.)\1+", r"\1", s)
    # "Abd al-", "Abdel", "Abdul": one Arabic name element, three spellings.
    s = re.sub(r"^abd[aiu]?l", "abdul", s)
    if len(s) > 3 and s.endswith("h") and s[-2] in "aiu":
        s = s[:-1]
    return s


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Transliteration key of a whole name: equal keys = spellings of one name
    (memoised: an arc's brief keys the same few hundred names 100,000 times)."""
    return " ".join(skeleton(t) for t in name_tokens(name))


def compact_key(name: str) -> str:
    """:func:`name_key` with word boundaries removed ("Abdul Karim" = "Abdulkarim")."""
    return name_key(name).replace(" ", "")


def words(text: str) -> list[str]:
    """Word tokens of free text, for description matching."""
    return _WORD.findall(fold(text))
