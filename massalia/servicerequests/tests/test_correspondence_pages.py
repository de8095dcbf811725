"""The correspondence as agents and requesters use it: the case page in the back-office, the
requester's public page, the documents, the unread answers in the inbox."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from massalia.servicerequests import services
from massalia.servicerequests.models import CaseMessage
from massalia.testing import pdf_file

ASK = "Pouvez-vous joindre une photo du compteur et la dernière facture ?"
ANSWER = "Voici la facture d'eau, le compteur est dans la cave."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def client_for(city, name: str) -> Client:
    client = Client()
    client.force_login(city.people[name])
    return client


def write(city, case, body=ASK, **files) -> object:
    url = reverse("cases:write", args=[case.pk])
    return client_for(city, "bob").post(url, {"body": body, **files})


def reply(client: Client, case, body=ANSWER, **files) -> object:
    return client.post(reverse("servicerequests:reply", args=[case.pk]), {"body": body, **files})


def document_links(html: str) -> list[str]:
    return re.findall(r'href="(/pieces-jointes/\d+/)"', html)


def test_a_private_case_goes_back_and_forth_with_its_documents(city, reports, on_commit):
    leak = reports.leak
    with on_commit():
        sent = write(city, leak, documents=[pdf_file("formulaire.pdf")])
    assert sent.status_code == 302
    [email] = [m for m in mail.outbox if "un message du service" in m.subject]
    assert ASK in email.body and email.to == ["alice@example.org"]

    alice = client_for(city, "alice")
    page = alice.get(reverse("servicerequests:request_detail", args=[leak.pk])).content.decode()
    assert "Échanges avec le service" in page and "Écrire au service" in page
    assert "Pouvez-vous joindre une photo du compteur" in page
    [form_link] = document_links(page)
    assert alice.get(form_link)["Content-Type"] == "application/pdf"
    assert client_for(city, "dave").get(form_link).status_code == 404  # another department
    assert Client().get(form_link).status_code == 404

    mail.outbox.clear()
    services.assign(case=leak, actor=city.people["bob"], assignee=city.people["bob"])
    with on_commit():
        answered = reply(alice, leak, documents=[pdf_file("facture-eau.pdf")])
    assert answered.status_code == 302
    [to_agent] = mail.outbox
    assert to_agent.to == ["bob@example.org"] and "1 document" in to_agent.body
    assert ANSWER not in to_agent.body  # the agent reads it in the back-office

    bob = client_for(city, "bob")
    assert "Réponses de demandeurs à lire" in bob.get(reverse("backoffice:inbox")).content.decode()
    unread = reverse("cases:department_inbox", args=["voirie"]) + "?unread=on"
    assert f"/demandes/{leak.pk}/" in bob.get(unread).content.decode()
    case_page = bob.get(reverse("cases:request", args=[leak.pk])).content.decode()
    assert "Voici la facture d&#x27;eau" in case_page and len(document_links(case_page)) == 2
    assert f"/demandes/{leak.pk}/" not in bob.get(unread).content.decode()
    assert (
        "Réponses de demandeurs à lire" not in bob.get(reverse("backoffice:inbox")).content.decode()
    )


def test_nobody_else_reads_or_answers_the_correspondence(city, reports):
    pothole = reports.pothole  # public: anyone sees the case, not its messages
    write(city, pothole)
    for name in ("dave", "olga"):
        other = client_for(city, name)
        url = reverse("servicerequests:request_detail", args=[pothole.pk])
        page = other.get(url).content.decode()
        assert "Pouvez-vous joindre" not in page and "Écrire au service" not in page
        assert reply(other, pothole).status_code == 404
    assert not pothole.messages.filter(sender=CaseMessage.Sender.REQUESTER).exists()


def test_a_bad_message_or_document_is_refused_and_nothing_is_kept(city, reports):
    refused = write(city, reports.leak, body="   ")
    assert refused.status_code == 400
    assert "Ce champ est obligatoire" in refused.content.decode()
    not_a_pdf = pdf_file("virus.pdf")
    not_a_pdf.file.write(b"%PDF-1.7\n/JavaScript (app.alert(1))")
    not_a_pdf.file.seek(0)
    alice = client_for(city, "alice")
    bad = reply(alice, reports.leak, documents=[not_a_pdf])
    assert bad.status_code == 400 and "virus.pdf" in bad.content.decode()
    too_many = reply(alice, reports.leak, documents=[pdf_file(f"p{i}.pdf") for i in range(6)])
    assert too_many.status_code == 400 and "au plus 5 documents" in too_many.content.decode()
    assert not reports.leak.messages.exists()


def test_a_closed_case_takes_no_more_answers(city, reports):
    services.change_status(
        case=reports.pothole, actor=city.people["bob"], status="resolved", public_note="Fait."
    )
    alice = client_for(city, "alice")
    page = alice.get(reverse("servicerequests:request_detail", args=[reports.pothole.pk])).content
    assert "Écrire au service" not in page.decode()
    closed = reply(alice, reports.pothole)
    assert closed.status_code == 400 and "close" in closed.content.decode()


def test_a_requester_without_an_account_reads_and_answers_from_the_email(city, on_commit):
    from massalia.servicerequests.services import confirm_request
    from massalia.testing import file_request

    leak = file_request(city, "fuite-compteur", by=None, email="voisin@example.org")
    confirm_request(token=leak.confirmation_token)
    mail.outbox.clear()
    with on_commit():
        write(city, leak, documents=[pdf_file("formulaire.pdf")])
    [email] = mail.outbox
    link = "/repondre/" + email.body.split("/repondre/")[1].split()[0]
    visitor = Client()
    page = visitor.get(link).content.decode()
    assert "Pouvez-vous joindre une photo du compteur" in page and "Écrire au service" in page
    [document] = re.findall(r'href="(/repondre/[^"]+/pieces/\d+/)"', page)
    assert visitor.get(document)["Content-Type"] == "application/pdf"
    assert visitor.get(document.replace(link, link[:-3] + "zz/")).status_code == 404

    answered = visitor.post(link, {"body": ANSWER, "documents": [pdf_file("facture.pdf")]})
    assert answered.status_code == 302
    [answer] = leak.messages.filter(sender=CaseMessage.Sender.REQUESTER)
    assert answer.body == ANSWER and answer.documents.count() == 1
    assert visitor.post(link, {"body": "  "}).status_code == 400
    assert visitor.get(link[:-3] + "zz/").status_code == 404
