"""The confirmation letter as a PDF: the same facts and the same doors as the printable page."""

from __future__ import annotations

import datetime
import io
import re

import pikepdf
import pytest
from django.urls import reverse

from massalia.accounts.models import User
from massalia.eservices import services
from massalia.eservices.levels import Level
from massalia.eservices.tests.conftest import YEAR, family, seats
from massalia.testing import PASSWORD

pytestmark = pytest.mark.usefixtures("school_map", "education")

BUDGET = 100_000  # bytes: the font is subset to the letter's glyphs


def _unicode_map(font: pikepdf.Object) -> dict[bytes, str]:
    """Character codes → text, from the font's ToUnicode CMap (bfchar and bfrange entries)."""
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    found: dict[bytes, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            found[bytes.fromhex(code)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, start in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            width = len(low) // 2
            first = int(start, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                found[code.to_bytes(width, "big")] = chr(first + offset)
    return found


def _decode(raw: bytes, codes: dict[bytes, str]) -> str:
    width = len(next(iter(codes))) if codes else 1
    return "".join(codes.get(raw[i : i + width], "\ufffd") for i in range(0, len(raw), width))


def pdf_text(document: bytes) -> str:
    """The text shown on the pages, read back from the content streams through the fonts'
    ToUnicode maps: runs on one line joined, a space between lines, white space collapsed."""
    shown: list[str] = []
    with pikepdf.open(io.BytesIO(document)) as pdf:
        for page in pdf.pages:
            fonts = {str(name): _unicode_map(font) for name, font in page.Resources.Font.items()}
            codes: dict[bytes, str] = {}
            line = None
            for instruction in pikepdf.parse_content_stream(page):
                name, operands = str(instruction.operator), instruction.operands
                if name == "Td":  # each run starts at its own position, in its own BT
                    if line is not None and float(operands[1]) != line:
                        shown.append(" ")
                    line = float(operands[1])
                elif name == "Tf":
                    codes = fonts[str(operands[0])]
                elif name == "Tj":
                    shown.append(_decode(bytes(operands[0]), codes))
                elif name == "TJ":
                    for item in operands[0]:
                        if isinstance(item, pikepdf.String):
                            shown.append(_decode(bytes(item), codes))
                elif name in {"TD", "T*", "'", '"'}:
                    shown.append(" ")
    return re.sub(r"\s+", " ", "".join(shown)).strip()


@pytest.fixture
def alices(city, edith):
    alice = city.people["alice"]
    child = family(alice)
    enrolment = services.enrol(child=child, by=alice, level=Level.CP, school_year=YEAR)
    seats("paradis-e", Level.CP, 5)
    services.decide(enrolment=enrolment, actor=edith, public_note="Bienvenue à l'école.")
    return enrolment


def urls(enrolment) -> tuple[str, str]:
    args = [enrolment.case_id]
    return reverse("eservices:letter", args=args), reverse("eservices:letter_pdf", args=args)


def test_the_family_downloads_the_letter_as_a_pdf_with_the_facts_of_the_page(
    client, city, alices, settings
):
    client.force_login(city.people["alice"])
    page, download = urls(alices)
    html = client.get(page).content.decode()
    assert f'href="{download}"' in html and "Télécharger en PDF" in html
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="confirmation-inscription-{alices.case_id}.pdf"'
    )
    assert len(response.content) < BUDGET
    text = pdf_text(response.content)
    for fact in [
        f"Ville de {settings.CITY.name} — Éducation",
        f"Demande n° {alices.case_id}, acceptée le",
        "L'enfant Lina Martin, né·e le 4 mars 2020, est inscrit·e en CP",
        f"pour l'année scolaire {YEAR}-{YEAR + 1}",
        "École élémentaire Paradis 12 rue Paradis",
        "Adresse du foyer : 12 Rue Paradis.",
        "Bienvenue à l'école.",
        "carnet de santé",
    ]:
        assert fact in text, (fact, text)


def test_the_education_agent_who_decided_gets_it_too(client, alices, edith):
    client.force_login(edith)
    response = client.get(urls(alices)[1])
    assert response.status_code == 200
    assert "Lina Martin" in pdf_text(response.content)


def test_another_family_and_another_department_get_the_404_of_the_page(client, city, alices):
    mallory = User.objects.create_user(username="mallory", email="m@example.org", password=PASSWORD)
    family(mallory, 14, child="Max")
    for person in (mallory, city.people["bob"]):  # bob: the Voirie department
        client.force_login(person)
        page, download = urls(alices)
        assert client.get(page).status_code == 404
        response = client.get(download)
        assert response.status_code == 404
        assert response["Content-Type"] != "application/pdf"


def test_without_signing_in_both_send_to_the_sign_in_page(client, alices):
    page, download = urls(alices)
    html, pdf = client.get(page), client.get(download)
    assert html.status_code == pdf.status_code == 302
    assert "next=" in pdf["Location"]


def test_an_enrolment_not_yet_accepted_has_no_letter_in_either_form(client, city, edith):
    alice = city.people["alice"]
    enrolment = services.enrol(child=family(alice), by=alice, level=Level.CP, school_year=YEAR)
    client.force_login(alice)
    page, download = urls(enrolment)
    assert client.get(page).status_code == 404
    response = client.get(download)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "Page introuvable" in response.content.decode()


def test_names_beyond_latin_1_are_printed_as_typed(client, city, edith):
    alice = city.people["alice"]
    household = services.open_household(user=alice)
    services.set_address(
        household=household, house_number=12, number_suffix="", street="rue Paradis"
    )
    child = services.add_child(
        household=household,
        first_name="Zoë-Łucja",
        last_name="Œuvray-Şahin",
        birth_date=datetime.date(2020, 3, 4),
    )
    enrolment = services.enrol(child=child, by=alice, level=Level.CP, school_year=YEAR)
    seats("paradis-e", Level.CP, 5)
    services.decide(enrolment=enrolment, actor=edith, public_note="Acceptée.")
    client.force_login(alice)
    response = client.get(urls(enrolment)[1])
    assert response.status_code == 200
    assert "Zoë-Łucja Œuvray-Şahin" in pdf_text(response.content)


def test_a_name_in_a_script_the_font_lacks_still_gives_the_letter(client, city, edith):
    alice = city.people["alice"]
    child = family(alice, child="李小龙")
    enrolment = services.enrol(child=child, by=alice, level=Level.CP, school_year=YEAR)
    seats("paradis-e", Level.CP, 5)
    services.decide(enrolment=enrolment, actor=edith, public_note="Acceptée.")
    client.force_login(alice)
    response = client.get(urls(enrolment)[1])
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Martin, né·e le 4 mars 2020" in text and "École élémentaire Paradis" in text
