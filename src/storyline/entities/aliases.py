"""The alias table: well-known organisations and the names news gives them.

General world knowledge, not a list of any one story's names: the armed
groups, international bodies, agencies and outlets that wire copy names under
several acronyms or translations.  Each row is (canonical name, spaCy label,
aliases).  The table feeds two things:

* entity-ruler patterns (:func:`storyline.entities.table.ruler_patterns`), so that
  "ISIL" or "Daesh" is an ORG even where the small model misses it;
* :func:`alias_key`, which maps every alias to its canonical name before
  cross-document resolution, so ISIS / ISIL / IS / Islamic State / Daesh are
  one entity.

Transliteration variants ("al-Qaida" / "al-Qaeda") need no row of their own:
:func:`storyline.text.names.name_key` already folds them.
"""

from __future__ import annotations

import functools

from storyline.text.names import name_key

ALIASES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "Islamic State",
        "ORG",
        (
            "ISIS",
            "ISIL",
            "IS",
            "Daesh",
            "Daech",
            "Da'esh",
            "Islamic State of Iraq and Syria",
            "Islamic State of Iraq and the Levant",
            "Islamic State of Iraq and al-Sham",
            "Islamic State group",
        ),
    ),
    ("al-Qaeda", "ORG", ("al-Qaida", "Qaeda", "Al Qaeda", "AQ")),
    (
        "Nusra Front",
        "ORG",
        ("al-Nusra Front", "Jabhat al-Nusra", "al-Nusra", "Nusra", "Jabhat Fateh al-Sham"),
    ),
    ("Hezbollah", "ORG", ("Hizbollah", "Hizbullah", "Hizballah")),
    ("Hamas", "ORG", ("Islamic Resistance Movement",)),
    ("Taliban", "ORG", ("the Taliban",)),
    ("al-Shabaab", "ORG", ("al-Shabab", "Shabab", "Shabaab")),
    ("Boko Haram", "ORG", ()),
    ("Muslim Brotherhood", "ORG", ("the Brotherhood",)),
    ("Free Syrian Army", "ORG", ("FSA",)),
    ("Syrian Democratic Forces", "ORG", ("SDF",)),
    ("People's Protection Units", "ORG", ("YPG",)),
    ("Kurdistan Workers' Party", "ORG", ("PKK",)),
    (
        "Syrian Observatory for Human Rights",
        "ORG",
        ("SOHR", "the Observatory", "Syrian Observatory"),
    ),
    ("United Nations", "ORG", ("UN", "U.N.", "the UN", "the U.N.")),
    ("UN Security Council", "ORG", ("Security Council", "UNSC")),
    (
        "UNESCO",
        "ORG",
        ("Unesco", "United Nations Educational, Scientific and Cultural Organization"),
    ),
    ("UNHCR", "ORG", ("UN refugee agency", "United Nations High Commissioner for Refugees")),
    ("NATO", "ORG", ("Nato", "North Atlantic Treaty Organization")),
    ("European Union", "ORG", ("EU", "E.U.")),
    ("African Union", "ORG", ("AU",)),
    ("Arab League", "ORG", ("League of Arab States",)),
    ("International Committee of the Red Cross", "ORG", ("ICRC", "Red Cross")),
    ("Human Rights Watch", "ORG", ("HRW",)),
    ("Amnesty International", "ORG", ("Amnesty",)),
    ("Doctors Without Borders", "ORG", ("MSF", "Medecins Sans Frontieres")),
    ("Central Intelligence Agency", "ORG", ("CIA",)),
    ("Federal Bureau of Investigation", "ORG", ("FBI",)),
    ("Pentagon", "ORG", ("the Pentagon", "US Department of Defense", "Defense Department")),
    ("State Department", "ORG", ("US State Department", "Department of State")),
    ("White House", "ORG", ("the White House",)),
    ("Kremlin", "ORG", ("the Kremlin",)),
    ("Associated Press", "ORG", ("AP", "the Associated Press")),
    ("Agence France-Presse", "ORG", ("AFP", "Agence France Presse")),
    ("Reuters", "ORG", ("Thomson Reuters",)),
    ("Syrian Arab News Agency", "ORG", ("SANA",)),
    ("BBC", "ORG", ("British Broadcasting Corporation",)),
    ("CNN", "ORG", ("Cable News Network",)),
    ("Al Jazeera", "ORG", ("Al-Jazeera", "Aljazeera")),
    ("The New York Times", "ORG", ("New York Times", "NYT")),
    ("The Washington Post", "ORG", ("Washington Post",)),
    ("The Wall Street Journal", "ORG", ("Wall Street Journal", "WSJ")),
)

#: Aliases so short or so common as words that they are only trusted in the
#: exact capitalisation given (the ruler is case-sensitive anyway) and never
#: as a sentence-initial word in an all-capitals headline.
SHORT_ALIASES = frozenset({"IS", "AP", "AU", "UN", "EU", "AQ"})


@functools.lru_cache(maxsize=1)
def alias_index() -> dict[str, tuple[str, str]]:
    """name key of every alias and canonical name -> (canonical name, label)."""
    out: dict[str, tuple[str, str]] = {}
    for canonical, label, aliases in ALIASES:
        for alias in (canonical, *aliases):
            out.setdefault(name_key(alias), (canonical, label))
    return out


def canonical_alias(name: str) -> tuple[str, str] | None:
    """(canonical name, label) when ``name`` is a known alias, else None."""
    return alias_index().get(name_key(name))
