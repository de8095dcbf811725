"""Every form of participation refuses hostile input with a 4xx and a message, storing
nothing: scripts are kept as text (escaped on the page), never run; 100 kB strings, NUL
bytes, invisible characters and forged ids of another consultation are refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from massalia.participation import services
from massalia.participation.models import Answer, Proposal, Support
from massalia.participation.tests.conftest import open_to_proposals, propose, signed_in

pytestmark = pytest.mark.django_db
HUGE = "x" * 100_000
SCRIPT = "<script>alert(1)</script>"
PROPOSE = reverse("participation:propose", args=["places-pietonnes"])


@pytest.fixture
def alice(client, city):
    return signed_in(client, city.people["alice"])


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"title": "", "text": ""},
        {"title": " ", "text": "Un texte"},
        {"title": "\u202e\u200b\u2066", "text": "Un texte"},
        {"title": "Titre", "text": "\u200b\u200b"},
        {"title": HUGE, "text": "Un texte"},
        {"title": "Titre", "text": HUGE},
        {"title": "Titre\x00", "text": "Un texte"},
        {"title": "Titre", "text": "Un \x00 texte"},
        {"title": "Titre", "text": "Un texte", "address": HUGE},
        {"title": "Titre", "text": "Un texte", "quartier": "abc"},
        {"title": "Titre", "text": "Un texte", "quartier": "99999999999999999999999"},
        {"title": "Titre", "text": "Un texte", "quartier": "999999"},
        {"title": "Titre", "text": "Un texte", "quartier": "1 OR 1=1"},
        {"title": "Titre", "text": "Un texte", "address": "'; DROP TABLE x; --"},
    ],
)
def test_the_proposal_form_refuses_bad_input(alice, processes, data):
    page = alice.post(PROPOSE, data)
    assert page.status_code == 400
    assert 'class="errorlist"' in page.content.decode()
    assert not Proposal.objects.exists()


def test_a_script_is_stored_as_text_and_shown_escaped(alice, processes):
    sent = alice.post(PROPOSE, {"title": SCRIPT, "text": SCRIPT})
    assert sent.status_code == 302
    assert Proposal.objects.get().title == SCRIPT
    html = alice.get(sent["Location"]).content.decode()
    assert SCRIPT not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_quartier_outside_a_local_consultation_is_refused(alice, city, processes):
    open_to_proposals(processes.local)
    url = reverse("participation:propose", args=["jardins-1er"])
    joliette = city.quartiers["LA JOLIETTE"].pk  # the 2nd arrondissement's, not the 1st's
    page = alice.post(url, {"title": "Titre", "text": "Texte", "quartier": joliette})
    assert (
        page.status_code == 400 and "Choisissez un quartier de la liste." in page.content.decode()
    )
    assert not Proposal.objects.exists()


def test_an_edit_refuses_bad_input_and_keeps_the_text(alice, city, processes):
    made = propose(processes.open, city.people["alice"])
    url = reverse("participation:edit_proposal", args=["places-pietonnes", made.pk])
    for data in ({"title": HUGE, "text": "x"}, {"title": "x\x00", "text": "x"}, {}):
        assert alice.post(url, data).status_code == 400
    assert Proposal.objects.get().title == made.title


def test_forged_ids_of_another_consultation_are_not_found(alice, city, processes):
    """A proposal reached through another consultation's address does not exist there."""
    made = propose(processes.open, city.people["bob"])
    for name in ("proposal", "support", "edit_proposal"):
        url = reverse(f"participation:{name}", args=["jardins-1er", made.pk])
        answer = alice.post(url) if name == "support" else alice.get(url)
        assert answer.status_code == 404, name
    for pk in ("0", "99999999999999999999999", "-1", "abc"):
        url = f"/participer/consultations/places-pietonnes/propositions/{pk}/soutenir/"
        assert alice.post(url).status_code == 404
    assert alice.get("/participer/consultations/inconnue/").status_code == 404
    assert not Support.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"verdict": "accepted"},
        {"verdict": "accepted", "text": " \u200b "},
        {"verdict": "accepted", "text": HUGE},
        {"verdict": "accepted", "text": "Oui\x00"},
        {"verdict": "<script>", "text": "Oui"},
        {"verdict": "answered", "text": "Oui"},
    ],
)
def test_the_answer_form_refuses_bad_input(client, city, processes, data):
    made = propose(processes.open, city.people["alice"])
    signed_in(client, city.people["bob"])
    page = client.post(reverse("participation:answer", args=[made.pk]), data)
    assert page.status_code == 400
    assert 'class="errorlist"' in page.content.decode()
    assert not Answer.objects.exists()
    assert Proposal.objects.get().status == "published"


def test_an_answer_to_a_forged_id_is_not_found(client, city, processes):
    signed_in(client, city.people["bob"])
    for pk in (999999, 2**63 - 1):
        page = client.post(
            reverse("participation:answer", args=[pk]), {"verdict": "accepted", "text": "Oui"}
        )
        assert page.status_code == 404
    assert not Answer.objects.exists()


def test_the_service_refuses_an_unknown_verdict(city, processes):
    from django.core.exceptions import ValidationError

    made = propose(processes.open, city.people["alice"])
    with pytest.raises(ValidationError):
        services.answer(proposal=made, official=city.people["bob"], verdict="peut-être", text="?")
    assert not Answer.objects.exists()
