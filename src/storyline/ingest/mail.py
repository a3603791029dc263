"""Mail: single messages (.eml), mailboxes (mbox) and mailman digests.

News reaches people through lists: a member pastes an article (or three)
into a message, the list adds a tag to the subject and a footer to the body,
and digests bundle many such messages.  Each message body is read as plain
text (:mod:`storyline.ingest.text`), so a message that bundles several
articles is split the same way an archive page is; the ``Date`` header dates
an article only when the article carries no date line of its own.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import email.utils
import re

from storyline.errors import InputError
from storyline.ingest.build import Draft
from storyline.ingest.html import html_to_paragraphs
from storyline.ingest.text import drafts_from_text
from storyline.records import RawDocument

_LIST_TAG = re.compile(r"^\s*(?:\[[^\]]{1,60}\]\s*)+")
_REPLY = re.compile(r"^(?:(?:re|fwd?|aw|wg|tr|sv|antw|rif)\s*:\s*)+", re.IGNORECASE)
_QUOTE_INTRO = re.compile(
    r"^(?:on|op|am|le|el|il)\s.{5,200}"
    r"(?:wrote|schreef|schrieb|a écrit|escribió|ha scritto)\s*:\s*$",
    re.I,
)
_SIGNATURE = re.compile(r"^-- ?$")
_MBOX_SEPARATOR = re.compile(rb"(?m)^From \S+[^\n]*\n")
_DIGEST_SEPARATOR = re.compile(r"(?m)^-{20,}\s*\n+(?=Message: \d+\s*$)")


def clean_subject(subject: str | None) -> str | None:
    """ "[List] Re: Fwd: Palmyra falls" -> "Palmyra falls"."""
    if not subject:
        return None
    value = _LIST_TAG.sub("", str(subject))
    value = _REPLY.sub("", value)
    value = _LIST_TAG.sub("", value).strip()
    return " ".join(value.split()) or None


def _strip_replies(text: str) -> str:
    """Drop quoted lines, the "On ... wrote:" that introduces them and the signature."""
    out: list[str] = []
    for line in text.split("\n"):
        if _SIGNATURE.match(line):
            break
        if line.lstrip().startswith(">") or _QUOTE_INTRO.match(line.strip()):
            continue
        out.append(line)
    return "\n".join(out)


def _part_text(part: email.message.Message) -> str:
    try:
        content = part.get_content()  # type: ignore[attr-defined]
    except (LookupError, KeyError, ValueError, AttributeError):
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    return content if isinstance(content, str) else ""


def _body_text(message: email.message.EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    text = _part_text(body)
    if body.get_content_type() == "text/html":
        return "\n\n".join(html_to_paragraphs(text))
    return text


def _date_of(message: email.message.Message) -> object:
    value = message.get("Date")
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(str(value)).date()
    except (TypeError, ValueError, IndexError):
        return None


def _drafts_from_message(message: email.message.EmailMessage) -> tuple[list[Draft], list[str]]:
    warnings: list[str] = []
    attached = [
        part
        for part in message.walk()
        if part.get_content_type() == "message/rfc822" and part is not message
    ]
    if message.get_content_type() == "multipart/digest" or (
        attached and not _body_text(message).strip()
    ):
        drafts: list[Draft] = []
        for part in attached:
            payload = part.get_payload()
            inner = payload[0] if isinstance(payload, list) and payload else None
            if isinstance(inner, email.message.EmailMessage):
                found, notes = _drafts_from_message(inner)
                drafts.extend(found)
                warnings.extend(notes)
        return drafts, warnings

    text = _strip_replies(_body_text(message))
    date = _date_of(message)
    subject = clean_subject(message.get("Subject"))
    if _DIGEST_SEPARATOR.search(text):
        return _drafts_from_text_digest(text)
    drafts, warnings = drafts_from_text(text)
    for draft in drafts:
        if date is not None:
            draft.set_date(date, "header")  # type: ignore[arg-type]
    if len(drafts) == 1 and drafts[0].title is None:
        drafts[0].title = subject
    return drafts, warnings


def _drafts_from_text_digest(text: str) -> tuple[list[Draft], list[str]]:
    """A mailman plain-text digest: "Message: N" blocks with their own headers."""
    drafts: list[Draft] = []
    warnings: list[str] = []
    chunks = _DIGEST_SEPARATOR.split(text)[1:]  # chunk 0 is the table of contents
    for chunk in chunks:
        header_text, _, body = chunk.partition("\n\n")
        inner = email.message_from_string(
            header_text.split("\n", 1)[1] if "\n" in header_text else "",
            policy=email.policy.default,
        )
        found, notes = drafts_from_text(_strip_replies(body))
        date = _date_of(inner)
        for draft in found:
            if date is not None:
                draft.set_date(date, "header")  # type: ignore[arg-type]
        if len(found) == 1 and found[0].title is None:
            found[0].title = clean_subject(inner.get("Subject"))
        drafts.extend(found)
        warnings.extend(notes)
    warnings.append(f"mailman digest of {len(chunks)} message(s)")
    return drafts, warnings


def parse_eml(raw: RawDocument) -> tuple[list[Draft], list[str]]:
    """Drafts for one mail message (a digest gives several)."""
    message = email.message_from_bytes(raw.data, policy=email.policy.default)
    if not isinstance(message, email.message.EmailMessage):  # pragma: no cover - policy guarantees
        raise InputError(raw.origin, "not a mail message")
    if not message.keys():
        # Named .eml but no header at all: a saved body; read it as plain text.
        from storyline.ingest.encoding import decode

        decoded = decode(raw.data, raw.origin)
        drafts, warnings = drafts_from_text(decoded.text)
        return drafts, ["no mail headers; read as plain text", *decoded.warnings, *warnings]
    drafts, warnings = _drafts_from_message(message)
    if message.defects:
        warnings.append(f"mail has {len(message.defects)} format defect(s)")
    return drafts, warnings


def parse_mbox(raw: RawDocument) -> tuple[list[Draft], list[str]]:
    """Drafts for every message of an mbox file, in file order."""
    chunks = [c for c in _MBOX_SEPARATOR.split(raw.data) if c.strip()]
    if not chunks:
        raise InputError(raw.origin, "mbox file with no messages")
    drafts: list[Draft] = []
    warnings: list[str] = []
    for number, escaped in enumerate(chunks, start=1):
        chunk = re.sub(rb"(?m)^>(>*From )", rb"\1", escaped)
        message = email.message_from_bytes(chunk, policy=email.policy.default)
        if not isinstance(message, email.message.EmailMessage):  # pragma: no cover
            continue
        found, notes = _drafts_from_message(message)
        if not found:
            warnings.append(f"message {number}: no text")
        drafts.extend(found)
        warnings.extend(notes)
    return drafts, warnings
