"""The school-enrolment confirmation letter as a PDF: the same facts as the printable page.

Drawn with fpdf2 in Source Sans Pro (a Unicode TrueType font shipped by the
`font-source-sans-pro` package, SIL Open Font License), so accents, the middle dot of
« né·e » and any name written in another alphabet print as typed; fpdf2 embeds only the
glyphs the letter uses, which keeps a letter to a few tens of kilobytes.
"""

from __future__ import annotations

import datetime
import logging
from importlib import resources
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import formats, timezone
from fpdf import FPDF

from massalia.eservices.models import Enrolment

FONT = "SourceSans"
FONT_PACKAGE = "font_source_sans_pro"
FONT_FILES = {"": "SourceSansPro-Regular.ttf", "B": "SourceSansPro-Bold.ttf"}
LINE = 6.5  # mm, for 11-point text
# fontTools tells each glyph it keeps at INFO: nothing the server's log needs.
logging.getLogger("fontTools").setLevel(logging.WARNING)

ADMISSION = (
    "Présentez cette lettre à la direction de l'école pour l'admission, "
    "avec le carnet de santé de l'enfant."
)


def font_path(style: str = "") -> Path:
    """Where the installed font package keeps the face of `style` ("" or "B")."""
    return Path(str(resources.files(FONT_PACKAGE).joinpath("files", FONT_FILES[style])))


def filename(enrolment: Enrolment) -> str:
    return f"confirmation-inscription-{enrolment.case_id}.pdf"


def _day(value: datetime.date | datetime.datetime) -> str:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return formats.date_format(value, "j F Y")


def _clean(text: str) -> str:
    """Text as the page shows it: no control characters (a PDF string would keep them)."""
    return "".join(c for c in text if c == "\n" or c.isprintable())


class _Letter(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        for style in FONT_FILES:
            self.add_font(FONT, style, font_path(style))
        self.set_margins(25, 25, 25)
        self.set_auto_page_break(auto=True, margin=25)
        self.c_margin = 0

    def paragraph(self, *parts: str | tuple[str, str], size: float = 11, after: float = 4) -> None:
        """A paragraph of runs: a plain string, or (style, text) for a bold one."""
        for part in parts:
            style, text = part if isinstance(part, tuple) else ("", part)
            self.set_font(FONT, style, size)
            self.write(LINE, _clean(text))
        self.ln(LINE + after)


def letter_pdf(enrolment: Enrolment, decided: Any = None) -> bytes:
    """The confirmation letter of an accepted `enrolment`; `decided` is the history entry of
    the acceptance (its date and the note to the family), when there is one."""
    city = settings.CITY.name
    school = enrolment.requested_school
    child = enrolment.child
    reference = f"Demande n° {enrolment.case_id}"
    title = "Confirmation d'inscription scolaire"

    pdf = _Letter()
    pdf.set_title(f"{title} — {reference}")
    pdf.set_author(f"Ville de {city}")
    pdf.set_subject(f"{child.first_name} {child.last_name}, {enrolment.year_label}")
    pdf.set_lang("fr-FR")
    pdf.set_creator("Massalia")
    pdf.add_page()

    pdf.set_text_color(90, 90, 90)
    pdf.paragraph(f"Ville de {city} — {enrolment.case.department.name}", size=10, after=10)
    pdf.set_text_color(0, 0, 0)
    pdf.paragraph(("B", title), size=18, after=6)
    accepted = f", acceptée le {_day(decided.created_at)}" if decided else ""
    pdf.paragraph(f"{reference}{accepted}.")
    pdf.paragraph(
        "L'enfant ",
        ("B", f"{child.first_name} {child.last_name}"),
        f", né·e le {_day(child.birth_date)}, est inscrit·e en ",
        ("B", enrolment.get_level_display()),
        " pour l'année scolaire ",
        ("B", enrolment.year_label),
        " à :",
    )
    pdf.set_x(pdf.l_margin + 8)
    pdf.paragraph(("B", school.name), size=13, after=0 if school.address else 4)
    if school.address:
        pdf.set_x(pdf.l_margin + 8)
        pdf.paragraph(school.address, size=13)
    pdf.ln(2)
    address = enrolment.household.address
    if address:
        pdf.paragraph(f"Adresse du foyer : {address}.")
    note = decided.public_note.strip() if decided else ""
    if note:
        pdf.paragraph(note)
    pdf.paragraph(ADMISSION)
    pdf.ln(8)
    pdf.set_text_color(90, 90, 90)
    pdf.paragraph(f"Ville de {city}, le {_day(timezone.now())}. {reference}.", size=9)
    return bytes(pdf.output())
