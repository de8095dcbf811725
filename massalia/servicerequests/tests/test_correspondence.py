"""A case's correspondence: the department asks, the requester answers with documents.

It runs on the engine for every workflow; its text stays between the requester and the
department (the audit trail and the outbox only say that a message went).
"""

from __future__ import annotations

import json

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from massalia.core.models import OutboxEvent
from massalia.servicerequests import correspondence, selectors, services
from massalia.servicerequests.models import CaseMessage, HistoryEntry, ServiceRequest
from massalia.servicerequests.workflows import State, Workflow
from massalia.testing import enrolment_type, file_request, pdf_file

ASK = "Merci de joindre un justificatif de domicile de moins de trois mois."
ANSWER = "Voici la facture d'électricité de septembre."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def enrolment(city) -> ServiceRequest:
    return services.submit_request(
        request_type=enrolment_type(city),
        description="Inscription en CP de Lina",
        quartier_id=city.quartiers["NOAILLES"].pk,
        requester=city.people["alice"],
    )


def ask_for_documents(city, case: ServiceRequest, on_commit) -> CaseMessage:
    bob = city.people["bob"]
    with on_commit():
        services.change_status(
            case=case, actor=bob, status="awaiting_documents", public_note="Pièce manquante."
        )
        return correspondence.write_to_requester(case=case, actor=bob, body=ASK)


def test_the_requester_gets_the_departments_message_by_email(city, enrolment, on_commit):
    mail.outbox.clear()
    ask_for_documents(city, enrolment, on_commit)
    [email] = [m for m in mail.outbox if "un message du service" in m.subject]
    assert email.to == ["alice@example.org"]
    assert ASK in email.body
    assert f"/demandes/{enrolment.pk}/" in email.body and "répondre" in email.body


def test_an_answer_with_a_document_sends_the_case_back_to_review(city, enrolment, on_commit):
    ask_for_documents(city, enrolment, on_commit)
    proof = pdf_file("justificatif-domicile.pdf")
    message = correspondence.reply_from_requester(
        case=enrolment, author=city.people["alice"], body=ANSWER, documents=[proof]
    )
    enrolment.refresh_from_db()
    assert enrolment.status == "in_review"
    [document] = message.documents.all()
    assert document.upload.content_type == "application/pdf" and not document.is_public
    last = list(enrolment.history.order_by("id"))[-2:]
    assert [(e.kind, e.actor) for e in last] == [
        (HistoryEntry.Kind.MESSAGE, city.people["alice"]),
        (HistoryEntry.Kind.STATUS, city.people["alice"]),
    ]
    assert (last[1].from_status, last[1].to_status) == ("awaiting_documents", "in_review")


def test_the_text_stays_out_of_the_trail_the_public_history_and_the_outbox(city, on_commit):
    report = file_request(city, "nid-de-poule")
    with on_commit():
        correspondence.write_to_requester(case=report, actor=city.people["bob"], body=ASK)
    [entry] = report.history.filter(kind=HistoryEntry.Kind.MESSAGE)
    assert not entry.is_public and ASK not in f"{entry.public_note}{entry.internal_note}"
    assert entry.data == {
        "message": report.messages.get().pk,
        "sender": "department",
        "documents": 0,
    }
    assert entry not in selectors.public_history(report)
    assert not any(ASK in str(row.payload) for row in OutboxEvent.objects.all())


def test_only_the_requester_answers_and_only_while_the_case_is_open(city, enrolment, on_commit):
    ask_for_documents(city, enrolment, on_commit)
    with pytest.raises(ValidationError, match="Seul le demandeur"):
        correspondence.reply_from_requester(case=enrolment, author=city.people["dave"], body="x")
    services.change_status(
        case=enrolment, actor=city.people["bob"], status="refused", public_note="Hors secteur."
    )
    with pytest.raises(ValidationError, match="close"):
        correspondence.reply_from_requester(
            case=enrolment, author=city.people["alice"], body=ANSWER
        )
    assert not enrolment.messages.filter(sender=CaseMessage.Sender.REQUESTER).exists()


def test_a_refused_document_keeps_nothing_of_the_message(city, enrolment, on_commit, tmp_path):
    ask_for_documents(city, enrolment, on_commit)
    script = SimpleUploadedFile("facture.pdf", b"<script>alert(1)</script>", "application/pdf")
    with pytest.raises(ValidationError) as refused:
        correspondence.reply_from_requester(
            case=enrolment,
            author=city.people["alice"],
            body=ANSWER,
            documents=[pdf_file("accepte.pdf"), script],
        )
    # The accepted one was written before the refusal: its file goes with the rolled-back row.
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    assert "facture.pdf" in str(refused.value)
    enrolment.refresh_from_db()
    assert enrolment.status == "awaiting_documents"
    assert not enrolment.messages.filter(sender=CaseMessage.Sender.REQUESTER).exists()


@pytest.mark.parametrize("body", ["", "   ", "\u200f\u202e"])
def test_an_empty_message_is_refused(city, enrolment, body):
    with pytest.raises(ValidationError, match="Écrivez votre message"):
        correspondence.write_to_requester(case=enrolment, actor=city.people["bob"], body=body)


def test_messages_read_by_the_other_side_leave_the_unread_count(city, enrolment, on_commit):
    ask_for_documents(city, enrolment, on_commit)
    correspondence.reply_from_requester(case=enrolment, author=city.people["alice"], body=ANSWER)
    waiting = ServiceRequest.objects.with_unread_answer
    assert list(waiting()) == [enrolment]
    # The requester reading the thread does not mark their own message read.
    assert correspondence.mark_read(case=enrolment, by=CaseMessage.Sender.REQUESTER) == 1
    assert list(waiting()) == [enrolment]
    assert correspondence.mark_read(case=enrolment, by=CaseMessage.Sender.DEPARTMENT) == 1
    assert not waiting().exists()


def test_a_workflow_cannot_send_a_reply_where_no_move_leads():
    with pytest.raises(ValueError, match="a reply cannot move 'closed' to 'open'"):
        Workflow(
            code="essai",
            label="Essai",
            states=(State("open", "ouverte", "open"), State("closed", "close", "closed")),
            initial="open",
            transitions={"open": ("closed",)},
            on_reply={"closed": "open"},
        )


def test_a_requester_without_an_account_answers_through_a_signed_link(city, on_commit):
    leak = file_request(city, "fuite-compteur", by=None, email="voisin@example.org")
    services.confirm_request(token=leak.confirmation_token)
    mail.outbox.clear()
    with on_commit():
        correspondence.write_to_requester(case=leak, actor=city.people["bob"], body=ASK)
    [email] = mail.outbox
    assert email.to == ["voisin@example.org"] and ASK in email.body
    token = email.body.split("/repondre/")[1].split("/")[0]
    assert "voisin" not in signing.b64_decode(token.split(":")[0].encode()).decode(errors="ignore")
    assert correspondence.case_of_link(token) == leak
    answer = correspondence.reply_by_link(token=token, body=ANSWER, documents=[pdf_file()])
    assert (answer.sender, answer.author, answer.documents.count()) == ("requester", None, 1)


def test_a_reply_link_dies_when_altered_or_when_the_address_goes(city):
    leak = file_request(city, "fuite-compteur", by=None, email="voisin@example.org")
    token = correspondence.reply_link(leak)
    assert correspondence.case_of_link(token[:-2] + "xx") is None
    assert correspondence.case_of_link("n'importe quoi") is None
    other = file_request(city, "fuite-compteur", by=None, email="autre@example.org")
    # The same signature on a payload naming another case.
    payload, rest = token.split(":", 1)
    data = json.loads(signing.b64_decode(payload.encode()))
    swapped = signing.b64_encode(json.dumps({**data, "c": other.pk}).encode()).decode()
    assert swapped != payload
    assert correspondence.case_of_link(f"{swapped}:{rest}") is None
    ServiceRequest.objects.filter(pk=leak.pk).update(requester_email="")  # retention scrub
    assert correspondence.case_of_link(token) is None
    with pytest.raises(ValidationError, match="plus valable"):
        correspondence.reply_by_link(token=token, body=ANSWER)
