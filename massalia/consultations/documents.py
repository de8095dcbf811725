"""A regulation's text read into parts: Markdown or HTML headings become chapters (level 1),
sections (level 2) and articles (level 3), the text under a heading its body.

Anchors come from the headings' numbers ("Article UA 7 — Hauteur" → "article-ua-7"), so a
new version of the text keeps its anchors and the observations on its articles. Importing
again updates the parts found by their anchor, adds the new ones, marks the missing ones
`removed`, and finds again each quoted passage in its article's new text (`reanchor`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.db import transaction
from django.utils.text import slugify

from massalia.consultations.models import Observation, Part, PartKind, Regulation, TargetKind

KINDS = {1: PartKind.CHAPTER, 2: PartKind.SECTION, 3: PartKind.ARTICLE}
WORDS = {PartKind.CHAPTER: "chapitre", PartKind.SECTION: "section", PartKind.ARTICLE: "article"}
# "Article UA 7 — Hauteur", "Chapitre II : Zone UB", "Section 1. Règles communes"
_NUMBERED = re.compile(
    r"^(?:chapitre|section|article|titre)\s+([A-Za-z]{0,4}\s*[-.]?\s*[0-9IVXLC]+(?:[.-][0-9]+)*)"
    r"\s*(?:[—–:.-]+\s*)?(.*)$",
    re.IGNORECASE,
)
_MD_HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*\s*$")


class DocumentError(ValueError):
    """The file cannot be read as a document; the message (French) says why."""


@dataclass
class Heading:
    level: int
    text: str
    lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Imported:
    created: int
    updated: int
    removed: int
    reanchored: int
    orphaned: int


def parse_markdown(text: str) -> list[Heading]:
    headings: list[Heading] = []
    for line in text.splitlines():
        found = _MD_HEADING.match(line)
        if found:
            headings.append(Heading(len(found.group(1)), found.group(2)))
        elif headings:
            headings[-1].lines.append(line.rstrip())
    return headings


class _HTMLReader(HTMLParser):
    BLOCKS = {"p", "li", "blockquote", "tr", "div"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[Heading] = []
        self.level = 0
        self.heading_text: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in ("h1", "h2", "h3"):
            self.level, self.heading_text = int(tag[1]), []
        elif (tag in self.BLOCKS and self.headings) or (tag == "br" and self.headings):
            self.headings[-1].lines.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in ("h1", "h2", "h3") and self.level:
            self.headings.append(Heading(self.level, " ".join("".join(self.heading_text).split())))
            self.level = 0
        elif tag in self.BLOCKS and self.headings:
            self.headings[-1].lines.append("")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.level:
            self.heading_text.append(data)
        elif self.headings:
            lines = self.headings[-1].lines
            if not lines:
                lines.append("")
            lines[-1] = (
                (lines[-1] + " " + " ".join(data.split())).strip() if data.strip() else lines[-1]
            )


def parse_html(text: str) -> list[Heading]:
    reader = _HTMLReader()
    reader.feed(text)
    reader.close()
    return reader.headings


def body_of(lines: list[str]) -> str:
    """Paragraphs separated by one blank line; the lines of a paragraph joined by spaces."""
    paragraphs, current = [], []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    return "\n\n".join(paragraphs)


def number_and_title(text: str) -> tuple[str, str]:
    found = _NUMBERED.match(text.strip())
    if not found:
        return "", text.strip()
    number = " ".join(found.group(1).replace("-", " ").split())
    return number, (found.group(2).strip() or text.strip())


def anchor_for(kind: str, number: str, title: str) -> str:
    return (
        slugify(f"{WORDS[PartKind(kind)]} {number}" if number else title)[:70]
        or WORDS[PartKind(kind)]
    )


def read(text: str, fmt: str) -> list[Heading]:
    headings = parse_html(text) if fmt == "html" else parse_markdown(text)
    if not any(h.level == 3 for h in headings):
        raise DocumentError(
            "Aucun article trouvé : les articles sont des titres de niveau 3 "
            "(« ### Article UA 1 — … » en Markdown, <h3> en HTML)."
        )
    return headings


@transaction.atomic
def import_document(regulation: Regulation, text: str, fmt: str = "markdown") -> Imported:
    """Read `text` (Markdown or HTML) into the regulation's parts, keeping the anchors of the
    parts already there, and find again the passages commented on."""
    headings = read(text, fmt)
    existing = {p.anchor: p for p in Part.objects.select_for_update().filter(regulation=regulation)}
    old_bodies = {p.pk: p.body for p in existing.values()}
    seen: set[str] = set()
    parents: dict[int, Part | None] = {1: None, 2: None}
    created = updated = 0
    for position, heading in enumerate(headings):
        kind = KINDS[heading.level]
        number, title = number_and_title(heading.text)
        parent = parents.get(heading.level - 1) if heading.level > 1 else None
        if heading.level == 3 and parent is None:
            parent = parents[1]
        anchor = base = anchor_for(kind, number, title)
        if kind == PartKind.SECTION and parent is not None:
            # Sections are numbered within their chapter: "chapitre-2-section-1".
            anchor = base = f"{parent.anchor}-{base}"[:80]
        suffix = 2
        while anchor in seen:
            anchor, suffix = f"{base}-{suffix}", suffix + 1
        seen.add(anchor)
        values = {
            "kind": kind, "number": number, "title": title[:300], "body": body_of(heading.lines),
            "position": position, "parent": parent, "removed": False,
        }  # fmt: skip
        part = existing.get(anchor)
        if part is None:
            part = Part.objects.create(regulation=regulation, anchor=anchor, **values)
            created += 1
        else:
            for name, value in values.items():
                setattr(part, name, value)
            part.save()
            updated += 1
        if heading.level == 1:
            parents = {1: part, 2: None}
        elif heading.level == 2:
            parents[2] = part
    gone = [p.pk for a, p in existing.items() if a not in seen and not p.removed]
    Part.objects.filter(pk__in=gone).update(removed=True)
    reanchored, orphaned = reanchor(regulation, old_bodies)
    from massalia.consultations.zoning import link_articles

    link_articles(regulation)
    return Imported(created, updated, len(gone), reanchored, orphaned)


def reanchor(regulation: Regulation, old_bodies: dict[int, str]) -> tuple[int, int]:
    """Find each quoted passage again in its article's new text: the occurrence nearest its
    old place; a passage whose words are gone (or whose article was removed) is orphaned."""
    moved = lost = 0
    passages = Observation.objects.filter(
        regulation=regulation, target=TargetKind.PASSAGE, part__isnull=False
    ).select_related("part")
    for observation in passages:
        part = observation.part
        assert part is not None
        unchanged = old_bodies.get(part.pk) == part.body and not part.removed
        if unchanged and not observation.orphaned:
            continue
        found = None if part.removed else locate(part.body, observation.quote, observation.start)
        if found is None:
            if not observation.orphaned:
                Observation.objects.filter(pk=observation.pk).update(orphaned=True)
                lost += 1
            continue
        start, end = found
        if (start, end, False) != (observation.start, observation.end, observation.orphaned):
            Observation.objects.filter(pk=observation.pk).update(
                start=start, end=end, orphaned=False
            )
            moved += 1
    return moved, lost


def locate(body: str, quote: str, near: int | None = None) -> tuple[int, int] | None:
    """The character range of `quote` in `body` (the occurrence nearest `near`), spaces and
    line breaks taken as one; None when the words are not there."""
    words = quote.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    hits = [(m.start(), m.end()) for m in pattern.finditer(body)]
    if not hits:
        return None
    return min(hits, key=lambda hit: abs(hit[0] - (near or 0)))
