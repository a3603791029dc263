"""Source types: what kind of voice a speaker is.

A reader weighs "state television said" differently from "a resident said" or
"the Syrian Observatory for Human Rights, an opposition-linked monitor, said".
The type comes from the speaker phrase together with its description in the
text (appositions, prenominal titles, a relative clause) and, failing those,
from the entity's NER label.

The lexicon is small; each entry is a regular expression over the lower-cased
text.  The leftmost match wins, affiliations (state media, monitor, militant
group, ...) before job titles and roles (official, expert, witness), with the
rule order breaking ties ("state television" is state media, not an outlet).
"""

from __future__ import annotations

import re
from typing import get_args

from storyline.records import SourceType

#: Ordered (type, pattern) rules.  Written from the kinds of voices in conflict
#: reporting (the seed reports, PolNeAR's political sources); every pattern is
#: a generic description, never a particular report's wording.
_RULES: tuple[tuple[SourceType, str], ...] = (
    (
        "state_media",
        r"\bstate[- ](?:run |owned )?(?:news|media|television|tv|radio|broadcaster|"
        r"news agency|press)\b|\bsana\b|\bofficial news agency\b|\bstate news media\b",
    ),
    (
        "monitor",
        r"\bobservatory\b|\bmonitor(?:s|ing group|ing network)?\b|\bhuman rights watch\b|"
        r"\bamnesty\b|\bwatchdog\b",
    ),
    (
        "international_body",
        r"\bunited nations\b|\bu\.?n\.?\b|\bunesco\b|\bunicef\b|\bunhcr\b|\bnato\b|"
        r"\bred cross\b|\bred crescent\b|\bworld health organi[sz]ation\b|\bwho\b(?= said)|"
        r"\beuropean union\b|\barab league\b|\bsecurity council\b|\binternational\b.*\bcommittee\b",
    ),
    (
        "militant_group",
        r"\bisis\b|\bisil\b|\bislamic state\b|\bdaesh\b|\bjihadi(?:st)?s?\b|\bmilitants?\b|"
        r"\bal[- ]qaeda\b|\bqaeda\b|\bnusra\b|\btaliban\b|\bhezbollah\b|\binsurgents?\b|"
        r"\brebels?\b|\bfighters?\b|\bhamas\b|\bboko haram\b|\bal[- ]shabaab\b",
    ),
    (
        "military",
        r"\bmilitary\b|\barmy\b|\bsoldiers?\b|\btroops?\b|\bofficers?\b|\bcommanders?\b|"
        r"(?<!-)(?<!attorney )\bgenerals?\b|\bair force\b|\bnavy\b|\bdefen[cs]e ministry\b|"
        r"\bpentagon\b|"
        r"\bcoalition\b|\bforces\b|\bbrigade\b|\bmilitia(?:men)?\b",
    ),
    (
        "activist",
        r"\bactivists?\b|\bcoordinati(?:ng|on) (?:committee|network|council)\b|"
        r"\bopposition\b|\banti-(?:regime|government|assad)\b|\bprotest\w*\b|"
        r"\bcommittee\b|\bcampaigners?\b|\bdissidents?\b|\brevolution\w*\b",
    ),
    (
        "outlet",
        r"\breuters\b|\bafp\b|\bagence france|\bassociated press\b|\bap\b|\bbbc\b|"
        r"\bcnn\b|\bal[- ]jazeera\b|\bal[- ]arabiya\b|\bnews\b|\bnewspaper\b|\btimes\b|"
        r"\bpost\b|\bjournal\b|\btelevision\b|\bchannel\b|\btv\b|\bradio\b|\bagency\b|"
        r"\bmagazine\b|\bdaily\b|\breporters?\b|\bcorrespondents?\b|\bmedia\b|"
        r"\bjournalists?\b|\bwire\b|\brussia today\b|\bmtv\b",
    ),
    (
        "official",
        r"\bofficials?\b|\bministers?\b|\bministry\b|\bgovernment\b|\bpresident\b|"
        r"\bspokes(?:man|woman|person)\b|\bgovernor\b|\bmayor\b|\bchief\b|\bdirector\b|"
        r"\bsecretary\b|\bambassador\b|\bdiplomats?\b|\bauthorit(?:y|ies)\b|\bregime\b|"
        r"\bsenator\b|\bsen\.\b|\bcongress\w*\b|\bstate department\b|\bwhite house\b|"
        r"\bpolice\b|\bprime minister\b|\bembassy\b|\bdamascus\b|\bkremlin\b|\bcandidate\b",
    ),
    (
        "expert",
        r"\bexperts?\b|\banalysts?\b|\barchaeologists?\b|\bprofessor\b|\bresearchers?\b|"
        r"\bhistorians?\b|\bscholars?\b|\bscientists?\b|\bdoctors?\b|\bengineers?\b|"
        r"\beconomists?\b|\bstudy\b|\bpoll\b|\bsurvey\b",
    ),
    (
        "witness",
        r"\bresidents?\b|\bwitness(?:es)?\b|\blocals?\b|\bsurvivors?\b|\bvillagers?\b|"
        r"\bbusiness owner\b|\bshop ?keeper\b|\bcivilians?\b|\bfamil(?:y|ies)\b|"
        r"\bcousin\b|\bneighbou?rs?\b|\bpeople\b|\binhabitants?\b|\brefugees?\b|"
        r"\bcitizens?\b|\bdriver\b|\bfarmer\b|\bmother\b|\bfather\b|\bdetainees?\b|"
        r"\bowns?\b|\bshop\b|\bhotel worker\b",
    ),
)

_COMPILED = tuple((kind, re.compile(pattern)) for kind, pattern in _RULES)

#: spaCy / entity labels that say something about a speaker when its words do
#: not: an organisation or a person with no description stays ``unknown``.
_LABEL_TYPES: dict[str, SourceType] = {"NORP": "unknown", "GPE": "official"}

SOURCE_TYPES: tuple[str, ...] = get_args(SourceType)


def source_type(
    speaker: str | None, description: str = "", entity_label: str | None = None
) -> SourceType:
    """The type of a speaker from its phrase, its description and its label.

    The speaker phrase is tried first, then the description: "Omran" alone
    says nothing, "a member of the anti-Assad Coordinating Committee" does.
    """
    for text in (speaker or "", description):
        kind = _match(text)
        if kind is not None:
            return kind
    if entity_label is not None:
        return _LABEL_TYPES.get(entity_label, "unknown")
    return "unknown"


#: Kinds that name an affiliation ("of UNESCO", "an opposition-linked
#: monitor"); they outrank job titles and everyday roles, which say less about
#: whose voice it is ("the director-general of UNESCO" is UNESCO's voice).
_AFFILIATIONS = frozenset(
    (
        "state_media",
        "monitor",
        "international_body",
        "militant_group",
        "military",
        "activist",
        "outlet",
    )
)


def _match(text: str) -> SourceType | None:
    """The kind whose pattern matches leftmost, affiliations first."""
    lowered = text.lower()
    if not lowered.strip():
        return None
    best: dict[bool, tuple[int, int, SourceType]] = {}
    for order, (kind, pattern) in enumerate(_COMPILED):
        found = pattern.search(lowered)
        if found is None:
            continue
        tier = kind in _AFFILIATIONS
        key = (found.start(), order, kind)
        if tier not in best or key < best[tier]:
            best[tier] = key
    for tier in (True, False):
        if tier in best:
            return best[tier][2]
    return None


#: Nouns for people by role: a "he" or "she" can refer back to these.
_PERSON_ROLES = re.compile(
    r"^(?:activist|official|resident|witness|soldier|officer|fighter|militant|member|"
    r"spokes(?:man|woman|person)|minister|commander|general|director|chief|expert|"
    r"analyst|archaeologist|owner|man|woman|doctor|source|monitor|journalist|reporter|"
    r"cousin|father|mother|brother|sister|son|daughter|friend|survivor|worker|leader|"
    r"president|governor|mayor|secretary|ambassador|diplomat|candidate|senator)$"
)


def is_person_role(lemma: str) -> bool:
    """Is this noun a person by role ("a Syrian activist", "the soldier")?"""
    return bool(_PERSON_ROLES.match(lemma.lower()))
