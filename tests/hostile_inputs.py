"""A seeded generator of hostile input files (and good ones among them), for
the fuzz test (tests/test_hostile_fuzz.py).

Each generated file is a :class:`Case`: its name, its bytes and what ingest
must do with it -- ``good`` (it holds an article: stored), ``bad`` (refused,
the reason matching ``reason``) or ``either`` (stored or refused, as long as
it is one of the two and says why).  The same seed gives the same files.

The hostile kinds are the ones a probe found or that parsers are known to
choke on: nesting past the recursion limit (JSON, HTML, XML, MIME), numbers
past the integer-digits limit, lone surrogate escapes, entity expansion and
external entities, undefined entity references, ``javascript:`` links,
binary data behind text names, broken encodings and byte-order marks,
control characters, truncation, regular-expression torture (runs of
brackets and emphasis marks), giant header lines and file names with
newlines, escapes and bytes that are not UTF-8; byte-order marks and legacy
encodings on good text, malformed HTML, RSS and Atom, lines of 100,000+
characters, NUL bytes inside text and JSON Lines files of thousands of bad
lines around a good one.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass

GOOD, BAD, EITHER = "good", "bad", "either"

_PLACES = ["Halvik", "Ostrova", "Marren", "Tellis", "Corvana", "Dunmore", "Pelago", "Ristan"]
_PEOPLE = ["Anna Kovel", "Marek Daal", "Lina Oster", "Tomas Rhee", "Ines Varga", "Jon Pell"]
_THINGS = ["bridge", "ferry", "warehouse", "power station", "school", "market", "dam"]
_EVENTS = ["collapsed", "caught fire", "was flooded", "was evacuated", "lost power"]
_BODIES = ["the coast guard", "the fire brigade", "the city council", "police", "the ministry"]


def sentence(rng: random.Random) -> str:
    """One plausible news sentence (invented places and people)."""
    place, person = rng.choice(_PLACES), rng.choice(_PEOPLE)
    thing, event, body = rng.choice(_THINGS), rng.choice(_EVENTS), rng.choice(_BODIES)
    number = rng.randint(2, 900)
    return rng.choice(
        [
            f"A {thing} in {place} {event} on Tuesday night, {body} said.",
            f"{person}, a spokesman for {body}, said {number} people had been moved to safety.",
            f"Residents of {place} said the {thing} had shown cracks for {number} days.",
            f"Officials in {place} said an inquiry would begin once the {thing} was secured.",
            f"{body.capitalize()} said {number} workers were on site when the {thing} {event}.",
        ]
    )


def paragraphs(rng: random.Random, count: int | None = None) -> list[str]:
    return [
        " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))
        for _ in range(count or rng.randint(2, 5))
    ]


def title(rng: random.Random) -> str:
    return f"{rng.choice(_THINGS).capitalize()} {rng.choice(_EVENTS)} in {rng.choice(_PLACES)}"


@dataclass(frozen=True)
class Case:
    name: str
    data: bytes
    expect: str  # GOOD, BAD or EITHER
    kind: str
    reason: str = ""  # for BAD: a fragment the refusal must contain


# ---------------------------------------------------------------- good files


def _text(rng: random.Random) -> tuple[str, bytes]:
    return ".txt", ("\n\n".join(paragraphs(rng)) + "\n").encode()


def _html(rng: random.Random) -> tuple[str, bytes]:
    body = "".join(f"<p>{p}</p>" for p in paragraphs(rng, rng.randint(3, 6)))
    head = title(rng)
    page = (
        f"<!doctype html><html><head><title>{head}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{head}</h1>{body}</article>"
        "<footer>Copyright</footer></body></html>"
    )
    return ".html", page.encode()


def _jsonl(rng: random.Random) -> tuple[str, bytes]:
    lines = [
        json.dumps(
            {
                "title": title(rng),
                "text": "\n\n".join(paragraphs(rng)),
                "url": f"https://news.example.org/{rng.randrange(10**9)}",
            }
        )
        for _ in range(rng.randint(1, 3))
    ]
    return ".jsonl", ("\n".join(lines) + "\n").encode()


def _json(rng: random.Random) -> tuple[str, bytes]:
    record = {"headline": title(rng), "body": "\n\n".join(paragraphs(rng)), "date": "2024-05-02"}
    return ".json", json.dumps(record, indent=2).encode()


def _rss(rng: random.Random, link: str | None = None) -> tuple[str, bytes]:
    items = "".join(
        f"<item><title>{title(rng)}</title><guid>g{rng.randrange(10**9)}</guid>"
        f"<link>{link or f'https://news.example.org/{rng.randrange(10**9)}'}</link>"
        f"<description>&lt;p&gt;{' '.join(paragraphs(rng, 1))}&lt;/p&gt;</description></item>"
        for _ in range(rng.randint(1, 3))
    )
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Wire</title><link>https://news.example.org/</link>{items}</channel></rss>"
    )
    return ".xml", feed.encode()


def _eml(rng: random.Random) -> tuple[str, bytes]:
    mail = (
        "From: desk@news.example.org\nTo: list@news.example.org\n"
        f"Subject: {title(rng)}\nDate: Tue, 10 Sep 2024 08:00:00 +0000\n"
        "Content-Type: text/plain; charset=utf-8\n\n" + "\n\n".join(paragraphs(rng)) + "\n"
    )
    return ".eml", mail.encode()


def _atom(rng: random.Random) -> tuple[str, bytes]:
    entries = "".join(
        f"<entry><title>{title(rng)}</title><id>tag:news.example.org,2024:{rng.randrange(10**9)}</id>"
        f"<link href='https://news.example.org/{rng.randrange(10**9)}'/>"
        "<updated>2024-05-02T10:00:00Z</updated><content type='html'>"
        + "".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in paragraphs(rng, 2))
        + "</content></entry>"
        for _ in range(rng.randint(1, 3))
    )
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Wire</title><id>tag:news.example.org,2024:feed</id>{entries}</feed>"
    )
    return ".atom", feed.encode()


GOOD_MAKERS: tuple[Callable[[random.Random], tuple[str, bytes]], ...] = (
    _text,
    _html,
    _jsonl,
    _json,
    _rss,
    _eml,
    _atom,
)


# ---------------------------------------------------------------- hostile files

Maker = Callable[[random.Random], tuple[str, bytes, str, str]]
"""rng -> (suffix, bytes, expect, reason fragment)"""


def _deep_json(rng: random.Random) -> tuple[str, bytes, str, str]:
    depth = rng.choice([1_100, 5_000, 100_000, rng.randint(1_001, 200_000)])
    opener, closer = rng.choice([("[", "]"), ('{"a":', "}")])
    tail = "1" if opener != "[" else ""
    return (
        rng.choice([".json", ".jsonl"]),
        (opener * depth + tail + closer * depth).encode(),
        BAD,
        "nested too deeply",
    )


def _long_number(rng: random.Random) -> tuple[str, bytes, str, str]:
    digits = rng.choice([4_301, 100_001, rng.randint(4_301, 200_000)])
    number = "9" * digits
    body = rng.choice(
        [f'{{"text": "x", "n": {number}}}', f"[{number}]", f'{{"text": {number}}}']
    )
    return ".json", body.encode(), BAD, "number too long"


def _surrogate_json(rng: random.Random) -> tuple[str, bytes, str, str]:
    escape = rng.choice(["\\ud800", "\\udfff", "\\udc80", "\\ud83d"])
    field = rng.choice(["text", "title", "url", "outlet", "author"])
    record = {"text": "\n\n".join(paragraphs(rng)), "title": title(rng)}
    line = json.dumps(record)[:-1] + f', "{field}": "a{escape}b"}}'
    return rng.choice([".json", ".jsonl"]), line.encode(), BAD, "lone surrogate"


def _surrogate_mixed(rng: random.Random) -> tuple[str, bytes, str, str]:
    good = json.dumps({"text": "\n\n".join(paragraphs(rng)), "title": title(rng)})
    bad = '{"text": "broken \\udbff text", "title": "t"}'
    lines = [good, bad] if rng.random() < 0.5 else [bad, good]
    return ".jsonl", "\n".join(lines).encode(), GOOD, ""


def _wrong_types(rng: random.Random) -> tuple[str, bytes, str, str]:
    value = rng.choice(["12", "[1, 2]", '{"a": 1}', "null", "true", '""', "1e999", "NaN"])
    return ".json", f'{{"text": {value}, "title": "t"}}'.encode(), BAD, "no article"


def _nan_date(rng: random.Random) -> tuple[str, bytes, str, str]:
    value = rng.choice(["NaN", "Infinity", "-Infinity", "1e999", "[]", "{}", '"\\u0000"'])
    body = '{"text": ' + json.dumps("\n\n".join(paragraphs(rng))) + f', "date": {value}}}'
    return ".json", body.encode(), GOOD, ""


def _deep_html(rng: random.Random) -> tuple[str, bytes, str, str]:
    depth = rng.choice([300, 600, 2_000, rng.randint(256, 20_000)])
    tag = rng.choice(["div", "span", "b", "section"])
    text = " ".join(paragraphs(rng, 2))
    page = (
        "<html><body>"
        + f"<{tag}>" * depth
        + f"<p>{text}</p>"
        + f"</{tag}>" * depth
        + "</body></html>"
    )
    return ".html", page.encode(), GOOD, ""


def _deep_fragment(rng: random.Random) -> tuple[str, bytes, str, str]:
    """HTML nested deep inside a JSONL body (read by the fragment cleaner)."""
    depth = rng.randint(300, 3_000)
    body = "<div>" * depth + "<p>" + " ".join(paragraphs(rng, 2)) + "</p>" + "</div>" * depth
    return ".jsonl", json.dumps({"text": body, "title": title(rng)}).encode(), GOOD, ""


def _deep_xml(rng: random.Random) -> tuple[str, bytes, str, str]:
    depth = rng.randint(1_000, 30_000)
    inner = "<x>" * depth + "</x>" * depth
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><item>'
        f"<title>{title(rng)}</title><description>{' '.join(paragraphs(rng, 1))}</description>"
        f"{inner}</item></channel></rss>"
    )
    return ".xml", feed.encode(), EITHER, ""


def _entity_bomb(rng: random.Random) -> tuple[str, bytes, str, str]:
    levels = rng.randint(5, 10)
    decl = '<!ENTITY e0 "lol">' + "".join(
        f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, levels)
    )
    feed = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{decl}]><rss version="2.0"><channel>'
        f"<title>W</title><item><title>&e{levels - 1};</title>"
        f"<description>{' '.join(paragraphs(rng, 1))} &e{levels - 1};</description>"
        "</item></channel></rss>"
    )
    return ".xml", feed.encode(), EITHER, ""


def _xxe(rng: random.Random) -> tuple[str, bytes, str, str]:
    target = rng.choice(["file:///etc/passwd", "file:///etc/hostname", "http://127.0.0.1:9/x"])
    kind = rng.choice(["rss", "html"])
    text = " ".join(paragraphs(rng, 1))
    if kind == "rss":
        data = (
            f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "{target}">]>'
            '<rss version="2.0"><channel><title>W</title><item><title>T &xxe;</title>'
            f"<description>{text} &xxe;</description></item></channel></rss>"
        )
        return ".xml", data.encode(), GOOD, ""
    data = (
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "{target}">]><html><body>'
        f"<p>{text} &xxe; and &undefinedthing; here.</p></body></html>"
    )
    return ".html", data.encode(), GOOD, ""


def _script_links(rng: random.Random) -> tuple[str, bytes, str, str]:
    link = rng.choice(
        [
            "javascript:alert(document.cookie)",
            " javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "java\tscript:alert(1)",
        ]
    )
    kind = rng.choice(["rss", "jsonl"])
    if kind == "rss":
        suffix, data = _rss(rng, link=link.replace("<", "&lt;"))
        return suffix, data, GOOD, ""
    record = {"text": "\n\n".join(paragraphs(rng)), "url": link, "title": "<script>x</script>"}
    return ".jsonl", json.dumps(record).encode(), GOOD, ""


def _binary(rng: random.Random) -> tuple[str, bytes, str, str]:
    magic = rng.choice(
        [b"\x89PNG\r\n\x1a\n", b"%PDF-1.7\n", b"PK\x03\x04", b"\x1f\x8b\x08", b"\x7fELF", b""]
    )
    noise = bytes(rng.randrange(256) for _ in range(rng.randint(64, 4096)))
    data = magic + noise
    if not magic:
        data = b"\x00" + data  # NUL bytes: binary whatever the name
    return rng.choice([".txt", ".html", ".json", ".xml", ".eml"]), data, BAD, "binary"


def _empty(rng: random.Random) -> tuple[str, bytes, str, str]:
    data = rng.choice([b"", b" ", b"\n\n\n", b"\t \r\n", b"\xef\xbb\xbf"])
    return rng.choice([".txt", ".html", ".json", ".jsonl", ".xml"]), data, BAD, "empty"


def _bad_encoding(rng: random.Random) -> tuple[str, bytes, str, str]:
    text = "\n\n".join(paragraphs(rng))
    kind = rng.randrange(4)
    if kind == 0:  # stray invalid UTF-8 bytes
        raw = bytearray(text.encode())
        for _ in range(rng.randint(1, 5)):
            raw.insert(rng.randrange(len(raw)), rng.choice([0x81, 0xC3, 0xFF, 0xE2]))
        return ".txt", bytes(raw), EITHER, ""
    if kind == 1:  # a UTF-16 BOM on bytes that are not UTF-16
        return ".txt", b"\xff\xfe" + text.encode()[: rng.randint(1, 301) | 1], EITHER, ""
    if kind == 2:  # UTF-16 without a BOM
        return ".txt", text.encode("utf-16-le"), EITHER, ""
    # a declared charset that does not exist or lies
    charset = rng.choice(["utf-7", "x-nonsense", "utf-32", "shift_jis"])
    page = f'<html><head><meta charset="{charset}"></head><body><p>{text}</p></body></html>'
    return ".html", page.encode(), EITHER, ""


def _controls(rng: random.Random) -> tuple[str, bytes, str, str]:
    text = list("\n\n".join(paragraphs(rng)))
    for _ in range(rng.randint(1, 400)):
        text.insert(rng.randrange(len(text)), chr(rng.choice([1, 7, 8, 11, 12, 27, 127, 0x85])))
    suffix = rng.choice([".txt", ".html", ".jsonl"])
    body = "".join(text)
    if suffix == ".jsonl":
        return suffix, json.dumps({"text": body}).encode(), EITHER, ""
    return suffix, body.encode(), EITHER, ""


def _truncated(rng: random.Random) -> tuple[str, bytes, str, str]:
    suffix, data = rng.choice(GOOD_MAKERS)(rng)
    return suffix, data[: rng.randint(0, len(data) - 1)], EITHER, ""


def _regex_torture(rng: random.Random) -> tuple[str, bytes, str, str]:
    run = rng.choice(["[", "](", "**", "__", "(", "![", "[a](", "<", "&", "---", "> ", "http://"])
    torture = run * rng.randint(1_000, 20_000)
    text = "\n\n".join(paragraphs(rng))
    where = rng.randrange(3)
    body = (torture + " " + text) if where == 0 else (text + " " + torture) if where == 1 else (
        text + "\n\n" + torture + "\n\n" + text
    )
    return rng.choice([".txt", ".md"]), body.encode(), EITHER, ""


def _deep_mime(rng: random.Random) -> tuple[str, bytes, str, str]:
    depth = rng.choice([50, 500, rng.randint(100, 3_000)])
    head = "From: a@example.org\nTo: b@example.org\nSubject: nested\nMIME-Version: 1.0\n"
    parts = []
    for level in range(depth):
        parts.append(f'Content-Type: multipart/mixed; boundary="b{level}"\n\n--b{level}\n')
    body = "Content-Type: text/plain\n\n" + "\n\n".join(paragraphs(rng)) + "\n"
    closing = "".join(f"\n--b{level}--\n" for level in reversed(range(depth)))
    return ".eml", (head + "".join(parts) + body + closing).encode(), EITHER, ""


def _huge_header(rng: random.Random) -> tuple[str, bytes, str, str]:
    subject = "x" * rng.randint(10_000, 500_000)
    mail = (
        f"From: a@example.org\nTo: b@example.org\nSubject: {subject}\n"
        "Date: not a date at all\n\n" + "\n\n".join(paragraphs(rng)) + "\n"
    )
    return ".eml", mail.encode(), EITHER, ""


def _mail_bytes(rng: random.Random) -> tuple[str, bytes, str, str]:
    """8-bit bytes in headers (kept by the mail parser as surrogate escapes)."""
    mail = (
        b"From: \xff\xfe <a@example.org>\nTo: b@example.org\nSubject: Caf\xe9 \xc3 news\n"
        b"Content-Type: text/plain; charset=nonsense-8\n\n"
        + "\n\n".join(paragraphs(rng)).encode("cp1252")
        + b" \x81\x8d\n"
    )
    return ".eml", mail, GOOD, ""


def _undefined_entities(rng: random.Random) -> tuple[str, bytes, str, str]:
    text = " ".join(paragraphs(rng, 2))
    words = text.split()
    for _ in range(rng.randint(1, 6)):
        ref = rng.choice(["&xxe;", "&foo;", "&#0;", "&#xD800;", "&#99999999;", "&amp;amp;"])
        words.insert(rng.randrange(len(words)), ref)
    return rng.choice([".html", ".txt"]), f"<p>{' '.join(words)}</p>".encode(), GOOD, ""


def _byte_order_marks(rng: random.Random) -> tuple[str, bytes, str, str]:
    """Good text behind a byte-order mark: UTF-8, UTF-16 (either order), UTF-32."""
    suffix, data = rng.choice((_text, _html, _jsonl))(rng)
    text = data.decode()
    encoded = rng.choice(
        [
            lambda: b"\xef\xbb\xbf" + data,
            lambda: text.encode("utf-16"),
            lambda: b"\xfe\xff" + text.encode("utf-16-be"),
            lambda: text.encode("utf-32"),
        ]
    )()
    return suffix, encoded, GOOD, ""


_ACCENTED = (
    "Le café de Zoë à Málaga était fermé, a déclaré la police. Über 40 Menschen wurden "
    "in Sicherheit gebracht, sagte Jürgen Weiß. "
)


def _legacy_encoding(rng: random.Random) -> tuple[str, bytes, str, str]:
    """Text in a legacy single-byte encoding, declared nowhere."""
    text = _ACCENTED * rng.randint(1, 3) + "\n\n" + "\n\n".join(paragraphs(rng))
    if rng.random() < 0.5:
        return ".txt", text.encode(rng.choice(["cp1252", "latin-1"])), GOOD, ""
    page = f"<html><body><p>{text.replace(chr(10) * 2, '</p><p>')}</p></body></html>"
    return ".html", page.encode("cp1252"), GOOD, ""


def _malformed_markup(rng: random.Random) -> tuple[str, bytes, str, str]:
    """HTML, RSS and Atom broken the ways real files are: unclosed and
    mis-nested tags, bare ``&`` and ``<``, missing ends, wrong namespaces."""
    text = " ".join(paragraphs(rng, 2))
    kind = rng.randrange(6)
    if kind == 0:
        page = "<html><body><div><p>" + text + "</div></span></b><p unclosed attr=x <i>"
        return ".html", page.encode(), EITHER, ""
    if kind == 1:
        page = f"<p>{text}<script>alert(1)</script><style>p{{}}</style><iframe src=javascript:x>"
        return ".html", page.encode(), EITHER, ""
    if kind == 2:
        feed = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>A & B</title><item>'
            f"<title>3 < 4</title><description>{text}"
        )
        return ".xml", feed.encode(), EITHER, ""
    if kind == 3:
        feed = (
            '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x</title>'
            f"<content>{text}</entry></feed>"
        )
        return ".atom", feed.encode(), EITHER, ""
    if kind == 4:  # an entity reference escaped inside an entry's HTML
        feed = (
            '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>W</title>'
            f"<entry><title>T &amp;xxe;</title><id>e1</id><content type='html'>&lt;p&gt;{text} "
            "&amp;xxe; &amp;amp;yyy;&lt;/p&gt;</content></entry></feed>"
        )
        return ".atom", feed.encode(), GOOD, ""
    feed = (
        '<?xml version="1.0"?><rss version="0.91"><channel><item><title>T</title>'
        f"<description><![CDATA[<p>{text}</p><p>&bogus; <b>unclosed]]></description></item>"
        "</channel></rss>"
    )
    return ".xml", feed.encode(), EITHER, ""


def _huge_line(rng: random.Random) -> tuple[str, bytes, str, str]:
    """One paragraph of 100,000 to 600,000 characters with no line break."""
    words = " ".join(paragraphs(rng, 1))
    line = " ".join([words] * (rng.randint(100_000, 600_000) // len(words) + 1))
    return rng.choice([".txt", ".md"]), line.encode(), GOOD, ""


def _nul_in_text(rng: random.Random) -> tuple[str, bytes, str, str]:
    suffix, data = rng.choice((_text, _html, _rss))(rng)
    at = rng.randrange(len(data))
    return suffix, data[:at] + b"\x00" * rng.randint(1, 3) + data[at:], BAD, "binary"


def _jsonl_bomb(rng: random.Random) -> tuple[str, bytes, str, str]:
    """Thousands of bad lines around one good one (the good one is kept)."""
    junk = ["{}", "not json", "[1, 2]", '{"text": 1}', '{"text": "\\ud800"}', "[" * 1_100]
    lines = [rng.choice(junk) for _ in range(rng.randint(1_000, 3_000))]
    lines.insert(rng.randrange(len(lines)), json.dumps({"text": "\n\n".join(paragraphs(rng))}))
    return ".jsonl", "\n".join(lines).encode(), GOOD, ""


HOSTILE_MAKERS: tuple[tuple[str, Maker], ...] = (
    ("deep-json", _deep_json),
    ("long-number", _long_number),
    ("surrogate-json", _surrogate_json),
    ("surrogate-mixed", _surrogate_mixed),
    ("wrong-types", _wrong_types),
    ("nan-date", _nan_date),
    ("deep-html", _deep_html),
    ("deep-fragment", _deep_fragment),
    ("deep-xml", _deep_xml),
    ("entity-bomb", _entity_bomb),
    ("xxe", _xxe),
    ("script-links", _script_links),
    ("binary", _binary),
    ("empty", _empty),
    ("bad-encoding", _bad_encoding),
    ("controls", _controls),
    ("truncated", _truncated),
    ("regex-torture", _regex_torture),
    ("deep-mime", _deep_mime),
    ("huge-header", _huge_header),
    ("mail-bytes", _mail_bytes),
    ("undefined-entities", _undefined_entities),
    ("byte-order-marks", _byte_order_marks),
    ("legacy-encoding", _legacy_encoding),
    ("malformed-markup", _malformed_markup),
    ("huge-line", _huge_line),
    ("nul-in-text", _nul_in_text),
    ("jsonl-bomb", _jsonl_bomb),
)

#: File-name endings that a hostile name may carry before its suffix.
NAME_TRICKS = ("", "", "", " spaced", "\nline", "\x1b[31mred", "-dash", "\u202etxt.exe")


def cases(seed: int, hostile: int, good: int) -> list[Case]:
    """``hostile`` hostile files (cycling through every kind) and ``good``
    good ones, shuffled, with distinct bytes and names."""
    rng = random.Random(seed)
    out: list[Case] = []
    seen: set[bytes] = set()
    index = 0
    while len(out) < hostile:
        kind, maker = HOSTILE_MAKERS[index % len(HOSTILE_MAKERS)]
        index += 1
        suffix, data, expect, reason = maker(rng)
        if data in seen:
            continue
        seen.add(data)
        trick = rng.choice(NAME_TRICKS)
        out.append(Case(f"h{len(out):04d}-{kind}{trick}{suffix}", data, expect, kind, reason))
    made = 0
    while made < good:
        suffix, data = GOOD_MAKERS[made % len(GOOD_MAKERS)](rng)
        if data in seen:
            continue
        seen.add(data)
        out.append(Case(f"g{made:04d}{suffix}", data, GOOD, "good"))
        made += 1
    rng.shuffle(out)
    return out
