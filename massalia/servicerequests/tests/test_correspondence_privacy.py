"""The correspondence in the person's rights: exported, erased with the account, purged with
the contact details of closed cases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from massalia.accounts import privacy
from massalia.core.models import Upload
from massalia.servicerequests import correspondence, services
from massalia.servicerequests.models import CaseMessage, HistoryEntry
from massalia.servicerequests.privacy import ERASED
from massalia.testing import file_request, pdf_file

ASK = "Merci d'envoyer le justificatif."
ANSWER = "Le voici, au nom de Jeanne Martin."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def exchanged(city):
    case = file_request(city, "fuite-compteur")
    correspondence.write_to_requester(case=case, actor=city.people["bob"], body=ASK)
    correspondence.reply_from_requester(
        case=case, author=city.people["alice"], body=ANSWER, documents=[pdf_file("cni.pdf")]
    )
    return case


def test_the_export_holds_the_exchange_without_naming_the_agent(city, exchanged):
    [exported] = privacy.export_user_data(user=city.people["alice"])["requests"]
    messages = exported["messages"]
    assert [(m["from"], m["body"]) for m in messages] == [
        ("department", ASK),
        ("requester", ANSWER),
    ]
    assert messages[1]["documents"][0]["url"].endswith("/")
    assert "bob" not in str(messages).lower()
    assert exported["photos"] == []  # a document is not a photo of the case


def test_erasing_the_account_erases_what_the_person_wrote_and_sent(city, exchanged):
    [document] = Upload.objects.filter(attachment__message__isnull=False)
    done = privacy.delete_account(user=city.people["alice"])
    assert done["erased_messages"] == 1
    bodies = dict(exchanged.messages.values_list("sender", "body"))
    assert bodies == {"department": ASK, "requester": ERASED}
    assert not Upload.objects.filter(pk=document.pk).exists()
    assert not document.file.storage.exists(document.file.name)
    # The agent's entry still says an agent acted; the requester's does not pretend to.
    entries = exchanged.history.filter(kind=HistoryEntry.Kind.MESSAGE).order_by("id")
    assert [e.data.get("actor") for e in entries] == [None, None]
    assert [e.actor for e in entries] == [city.people["bob"], None]


def test_closed_cases_lose_their_correspondence_after_the_retention(city, exchanged, settings):
    settings.RETENTION_CONTACT_DAYS = 30
    services.change_status(
        case=exchanged, actor=city.people["bob"], status="resolved", public_note="Réparée."
    )
    now = timezone.now()
    assert privacy.purge(now=now + timedelta(days=29)).counts["closed_request_contacts"] == 0
    assert exchanged.messages.count() == 2  # within the retention: kept
    privacy.purge(now=now + timedelta(days=31))
    assert not CaseMessage.objects.filter(request=exchanged).exists()
    assert not Upload.objects.filter(attachment__request=exchanged).exists()
