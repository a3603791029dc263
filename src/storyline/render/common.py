"""What the Markdown and HTML briefs share: source numbering, ledger order, labels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storyline.records import Article, Brief, Claim, ClaimGroup, Story

#: The order a journalist reads the ledger in: what is disputed first.
STATUS_ORDER = {"contested": 0, "corroborated": 1, "single_source": 2, "unconfirmed": 3}
STATUS_LABEL = {
    "contested": "Contested",
    "corroborated": "Corroborated",
    "single_source": "Single source",
    "unconfirmed": "Unconfirmed",
}
SOURCE_TYPE_LABEL = {
    "official": "official",
    "state_media": "state media",
    "military": "military",
    "monitor": "monitor",
    "activist": "activist",
    "international_body": "international body",
    "witness": "witness/resident",
    "militant_group": "militant group",
    "outlet": "outlet's own reporting",
    "expert": "expert",
    "unknown": "unknown",
}


@dataclass(frozen=True, slots=True)
class SourceRef:
    number: int
    article: Article

    @property
    def label(self) -> str:
        return self.article.outlet or self.article.title or self.article.id


class BriefView:
    """Lookups over a brief for renderers: article numbers, sentences, claims by group."""

    def __init__(self, brief: Brief) -> None:
        self.brief = brief
        self.refs = {a.id: SourceRef(n, a) for n, a in enumerate(brief.articles, start=1)}
        self.sentences = {s.id: s for s in brief.sentences}
        self.claims = {c.id: c for c in brief.claims}
        self.groups = {g.id: g for g in brief.claim_groups}

    @property
    def title(self) -> str:
        if self.brief.stories:
            return self.brief.stories[0].title
        for a in self.brief.articles:
            if a.title:
                return a.title
        return "Brief"

    def article_of(self, sentence_id: str) -> str:
        sentence = self.sentences.get(sentence_id)
        return sentence.article_id if sentence else sentence_id.split("/", 1)[0]

    def refs_for(self, sentence_ids: Sequence[str]) -> list[SourceRef]:
        seen: dict[str, SourceRef] = {}
        for sid in sentence_ids:
            aid = self.article_of(sid)
            if aid in self.refs and aid not in seen:
                seen[aid] = self.refs[aid]
        return sorted(seen.values(), key=lambda r: r.number)

    def ledger(self) -> list[ClaimGroup]:
        return sorted(
            self.brief.claim_groups,
            key=lambda g: (STATUS_ORDER.get(g.status, 9), -g.independent_sources, g.id),
        )

    def claims_of(self, group: ClaimGroup) -> list[Claim]:
        return [self.claims[c] for c in group.claim_ids if c in self.claims]

    def speakers(self, group: ClaimGroup) -> str:
        names: list[str] = []
        for claim in self.claims_of(group):
            kind = SOURCE_TYPE_LABEL.get(claim.speaker_type, claim.speaker_type)
            name = f"{claim.speaker or 'unattributed'} ({kind})"
            if name not in names:
                names.append(name)
        return "; ".join(names)

    def dates(self) -> str:
        days = sorted(a.published for a in self.brief.articles if a.published)
        if not days:
            return "dates unknown"
        return days[0].isoformat() if days[0] == days[-1] else f"{days[0]} to {days[-1]}"

    def outlets(self) -> list[str]:
        """The named outlets, in article order; articles without an outlet are not one outlet."""
        out: list[str] = []
        for a in self.brief.articles:
            if a.outlet and a.outlet not in out:
                out.append(a.outlet)
        return out

    def coverage(self) -> str:
        """'6 articles, no outlet named' / '10 articles from 7 outlets (2 articles unnamed)'."""
        n = len(self.brief.articles)
        named = self.outlets()
        unnamed = sum(1 for a in self.brief.articles if not a.outlet)
        articles = f"{n} article" + ("" if n == 1 else "s")
        if not named:
            return f"{articles}, no outlet named"
        line = f"{articles} from {len(named)} outlet" + ("" if len(named) == 1 else "s")
        if unnamed:
            line += f" ({unnamed} without a named outlet)"
        return line

    def copy_note(self, article: Article) -> str:
        """How this article relates to others: a copy, a syndicated wire story, or independent."""
        if article.duplicate_of:
            ref = self.refs.get(article.duplicate_of)
            return f"copy of [{ref.number}]" if ref else f"copy of {article.duplicate_of}"
        if article.syndication_group:
            peers = [
                self.refs[a.id].number
                for a in self.brief.articles
                if a.syndication_group == article.syndication_group and a.id != article.id
            ]
            if peers:
                return "same wire story as " + ", ".join(f"[{n}]" for n in peers)
        return "independent"

    def story_line(self, story: Story) -> str:
        span = ""
        if story.start:
            span = story.start.isoformat()
            if story.end and story.end != story.start:
                span += f" to {story.end.isoformat()}"
        return f"{story.title} — {len(story.article_ids)} article(s){', ' + span if span else ''}"
