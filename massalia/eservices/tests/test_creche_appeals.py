"""Appeals against a published crèche decision: filed by the family within the round's delay,
read by the commission, answered (upheld through an override, or rejected) with a reason the
family reads and is emailed; events and the case's trail.

The round is the flow tests' (priority): Fanny → A, Gaël no place (A is full), Hélène → B."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from massalia.core.models import OutboxEvent
from massalia.eservices import appeals
from massalia.eservices.models import Appeal, CrecheGroup, Offer
from massalia.eservices.tests import test_creche_flow as flow
from massalia.eservices.tests.test_creche_pages import published
from massalia.servicerequests.models import HistoryEntry

pytestmark = pytest.mark.usefixtures("streets")
petite_enfance = flow.petite_enfance
paula = flow.paula
three = flow.three
TODAY = flow.TODAY


@pytest.fixture
def round(three, petite_enfance):
    found = published(petite_enfance)
    found.refresh_from_db()
    return found


def gaels_offer(three) -> Offer:
    return flow.offer_of(three["gael"])


def gael(three):
    return three["gael"].case.requester


def file(three, text="Mon fils aîné est déjà à la crèche des Lucioles.", **kw) -> Appeal:
    return appeals.file_appeal(offer=gaels_offer(three), by=gael(three), reasons=text, **kw)


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (datetime.date(2026, 3, 15), 2, datetime.date(2026, 5, 15)),
        (datetime.date(2026, 12, 31), 2, datetime.date(2027, 2, 28)),
        (datetime.date(2027, 12, 31), 2, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 11, 30), 3, datetime.date(2027, 2, 28)),
    ],
)
def test_the_delay_counts_calendar_months(day, months, expected):
    assert appeals.add_months(day, months) == expected


def test_the_family_appeals_within_two_months_of_publication(round, three):
    last = appeals.deadline(round)
    assert last == appeals.add_months(TODAY, 2)
    appeal = file(three, today=last)
    assert appeal.is_open and appeal.offer == gaels_offer(three)
    trail = HistoryEntry.objects.filter(request=three["gael"].case, kind=HistoryEntry.Kind.COMMENT)
    assert any("Recours déposé" in (e.internal_note or "") for e in trail)
    filed = OutboxEvent.objects.get(name="eservices.creche_appeal_filed")
    assert filed.payload["appeal_id"] == appeal.pk


def test_after_the_delay_the_appeal_is_refused_with_the_date(round, three):
    last = appeals.deadline(round)
    with pytest.raises(ValidationError) as refused:
        file(three, today=last + datetime.timedelta(days=1))
    assert f"a pris fin le {last:%d/%m/%Y}" in refused.value.messages[0]
    assert not Appeal.objects.exists()


def test_the_delay_is_the_rounds(round, three):
    round.appeal_months = 1
    round.save()
    with pytest.raises(ValidationError):
        file(three, today=appeals.add_months(TODAY, 1) + datetime.timedelta(days=1))


def test_only_the_family_appeals(round, three, paula):
    with pytest.raises(PermissionDenied):
        appeals.file_appeal(offer=gaels_offer(three), by=paula, reasons="Je conteste.")
    with pytest.raises(PermissionDenied):
        appeals.file_appeal(
            offer=gaels_offer(three), by=three["fanny"].case.requester, reasons="Je conteste."
        )


def test_empty_reasons_are_refused(round, three):
    with pytest.raises(ValidationError) as refused:
        file(three, text="   ")
    assert "motifs" in refused.value.messages[0]


def test_one_open_appeal_at_a_time(round, three, paula):
    first = file(three)
    with pytest.raises(ValidationError) as refused:
        file(three, text="Encore.")
    assert "déjà en attente" in refused.value.messages[0]
    appeals.answer_appeal(appeal=first, actor=paula, upheld=False, reason="Pas de place.")
    assert file(three, text="Un élément nouveau.").is_open


def test_only_the_commission_answers(round, three):
    appeal = file(three)
    with pytest.raises(PermissionDenied):
        appeals.answer_appeal(appeal=appeal, actor=gael(three), upheld=False, reason="Non.")
    appeal.refresh_from_db()
    assert appeal.is_open


def test_a_rejected_appeal_keeps_the_decision_and_tells_the_family(round, three, paula, on_commit):
    appeal = file(three)
    mail.outbox.clear()
    with on_commit():
        appeals.answer_appeal(
            appeal=appeal, actor=paula, upheld=False, reason="La fratrie est déjà comptée."
        )
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.REJECTED and appeal.answered_by == paula
    note = HistoryEntry.objects.filter(request=three["gael"].case, actor=paula).last()
    assert "Recours rejeté par la commission. Motif : La fratrie" in note.internal_note
    assert gaels_offer(three).status == Offer.Status.WAITING
    [email] = mail.outbox
    assert email.to == ["gael@example.org"] and "rejeté" in email.body
    assert "La fratrie est déjà comptée." in email.body
    assert f"/demarches/creche/demande/{three['gael'].pk}/" in email.body
    answered = OutboxEvent.objects.get(name="eservices.creche_appeal_answered")
    assert answered.payload["upheld"] is False
    with pytest.raises(ValidationError):
        appeals.answer_appeal(appeal=appeal, actor=paula, upheld=True, reason="Finalement.")


def test_an_upheld_appeal_offers_a_place_through_the_override(round, three, paula, on_commit):
    appeal = file(three)
    with pytest.raises(ValidationError) as full:
        appeals.answer_appeal(
            appeal=appeal, actor=paula, upheld=True, reason="Fratrie.", creche=flow.creche("a")
        )
    assert "Plus de place" in full.value.messages[0]
    with pytest.raises(ValidationError):
        appeals.answer_appeal(appeal=appeal, actor=paula, upheld=True, reason="Fratrie.")
    CrecheGroup.objects.filter(creche__code="a", age_group="bebes").update(places=2)
    mail.outbox.clear()
    with on_commit():
        appeals.answer_appeal(
            appeal=appeal, actor=paula, upheld=True, reason="Fratrie.", creche=flow.creche("a")
        )
    offer = gaels_offer(three)
    assert offer.status == Offer.Status.OFFERED and offer.creche.code == "a"
    assert offer.override_reason == "Recours accepté : Fratrie."
    assert offer.respond_by == TODAY + datetime.timedelta(days=round.response_days)
    [email] = mail.outbox  # the appeal's answer only, not a second decision email
    assert "accepté" in email.body and "Crèche des Lucioles" in email.body


def test_the_family_appeals_from_its_page_and_reads_the_answer(client, round, three, paula):
    client.force_login(gael(three))
    url = reverse("eservices:creche_application", args=[three["gael"].pk])
    assert "Former un recours" in client.get(url).content.decode()
    post = reverse("eservices:creche_appeal", args=[three["gael"].pk])
    assert client.post(post, {"reasons": ""}).status_code == 400
    assert client.post(post, {"reasons": "Mon aîné y est déjà."}).status_code == 302
    page = client.get(url).content.decode()
    assert "en attente de la réponse de la commission" in page and "Mon aîné y est déjà." in page
    assert "Former un recours" not in page
    assert client.post(post, {"reasons": "Encore."}).status_code == 400

    client.force_login(paula)
    round_page = client.get(reverse("eservices:creche_round", args=[round.pk])).content.decode()
    assert "Recours des familles (1)" in round_page and "Mon aîné y est déjà." in round_page
    panel = client.get(reverse("cases:request", args=[three["gael"].case_id]))
    assert "Mon aîné y est déjà." in panel.content.decode()
    appeal = Appeal.objects.get()
    answer = reverse("eservices:creche_appeal_answer", args=[appeal.pk])
    assert client.post(answer, {"decision": "rejected", "reason": ""}).status_code == 400
    data = {"decision": "rejected", "reason": "Le critère est déjà compté."}
    assert client.post(answer, data).status_code == 302

    client.force_login(gael(three))
    page = client.get(url).content.decode()
    assert "rejeté par la commission" in page and "Le critère est déjà compté." in page


def test_neither_another_family_nor_the_family_answers_through_the_pages(client, round, three):
    appeal = file(three)
    client.force_login(three["fanny"].case.requester)
    post = reverse("eservices:creche_appeal", args=[three["gael"].pk])
    assert client.post(post, {"reasons": "Je conteste."}).status_code == 404
    client.force_login(gael(three))
    answer = reverse("eservices:creche_appeal_answer", args=[appeal.pk])
    assert client.post(answer, {"decision": "upheld", "reason": "Oui."}).status_code == 403


def test_past_the_delay_the_page_says_so(client, round, three):
    round.published_at = timezone.now() - datetime.timedelta(days=70)
    round.save()
    client.force_login(gael(three))
    page = client.get(reverse("eservices:creche_application", args=[three["gael"].pk]))
    text = page.content.decode()
    assert "Le délai de recours contre cette décision a pris fin le" in text
    assert "Former un recours" not in text
    post = reverse("eservices:creche_appeal", args=[three["gael"].pk])
    refused = client.post(post, {"reasons": "Trop tard ?"})
    assert refused.status_code == 400 and "a pris fin" in refused.content.decode()


def test_the_family_downloads_its_application_decision_and_appeal(round, three, paula):
    from massalia.eservices.privacy import PERSONAL_DATA

    appeals.answer_appeal(appeal=file(three), actor=paula, upheld=False, reason="Maintenue.")
    [exported] = PERSONAL_DATA.exported(gael(three))["creche_applications"]
    assert exported["creches"] == ["Crèche des Lucioles"]
    [decision] = exported["decisions"]
    assert decision["creche"] is None and "Votre score : 10 points." in decision["reasons"]
    [appeal] = exported["appeals"]
    assert (appeal["status"], appeal["answer"]) == ("rejeté", "Maintenue.")
    assert appeal["reasons"].startswith("Mon fils aîné")
