"""Reporting a comment: once per person, with a reason; the report threshold hides the
comment pending moderation."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from massalia.core.models import OutboxEvent
from massalia.participation import comments
from massalia.participation.models import CommentReport, CommentStatus
from massalia.participation.tests.conftest import propose, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(city, processes):
    proposal = propose(processes.open, city.people["alice"])
    return comments.comment(target=proposal, author=city.people["alice"], text="Achetez ici")


def test_the_third_report_hides_the_comment_pending_moderation(city, comment):
    for name in ["erin", "bob"]:
        comments.report(comment=comment, user=city.people[name], reason="spam")
    assert comment.status == CommentStatus.VISIBLE and comment.reports_count == 2
    comments.report(comment=comment, user=city.people["dave"], reason="abuse")
    assert comment.status == CommentStatus.PENDING
    hiding = OutboxEvent.objects.filter(name="participation.comment_reported").last()
    assert hiding.payload["hidden_pending_moderation"] is True


def test_the_threshold_is_a_setting(city, comment, settings):
    settings.PARTICIPATION_REPORTS_TO_HIDE = 1
    comments.report(comment=comment, user=city.people["erin"], reason="spam")
    assert comment.status == CommentStatus.PENDING


def test_one_report_per_person(city, comment):
    comments.report(comment=comment, user=city.people["erin"], reason="spam")
    with pytest.raises(ValidationError):
        comments.report(comment=comment, user=city.people["erin"], reason="abuse")
    assert CommentReport.objects.count() == 1
    comment.refresh_from_db()
    assert comment.reports_count == 1


def test_its_author_cannot_report_it_nor_a_bad_reason_pass(city, comment):
    with pytest.raises(PermissionDenied):
        comments.report(comment=comment, user=city.people["alice"], reason="spam")
    with pytest.raises(ValidationError):
        comments.report(comment=comment, user=city.people["erin"], reason="je-sais-pas")
    assert not CommentReport.objects.exists()


def test_the_page_hides_a_comment_pending_moderation(client, city, comment, settings):
    settings.PARTICIPATION_REPORTS_TO_HIDE = 1
    signed_in(client, city.people["erin"])
    url = reverse("participation:comment_report", args=[comment.pk])
    assert client.get(url).status_code == 200
    sent = client.post(url, {"reason": "spam", "details": "Lien publicitaire"})
    assert sent.status_code == 302
    page = client.get(sent["Location"]).content.decode()
    assert "Ce commentaire est en attente de modération" in page
    assert "Achetez ici" not in page
    report = CommentReport.objects.get()
    assert (report.reason, report.details) == ("spam", "Lien publicitaire")


@pytest.mark.parametrize(
    "data",
    [{}, {"reason": "<script>"}, {"reason": "spam", "details": "x" * 100_000}, {"reason": "\x00"}],
)
def test_a_bad_report_is_a_400_and_stores_nothing(client, city, comment, data):
    signed_in(client, city.people["erin"])
    sent = client.post(reverse("participation:comment_report", args=[comment.pk]), data)
    assert sent.status_code == 400
    assert not CommentReport.objects.exists()


def test_a_second_report_through_the_page_is_refused(client, city, comment):
    signed_in(client, city.people["erin"])
    url = reverse("participation:comment_report", args=[comment.pk])
    assert client.post(url, {"reason": "spam"}).status_code == 302
    again = client.post(url, {"reason": "spam"})
    assert again.status_code == 400
    assert "Vous avez déjà signalé ce commentaire." in again.content.decode()
    assert CommentReport.objects.count() == 1
