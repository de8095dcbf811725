"""Polling: conditional GET, limits, errors recorded per source, one failure stops nothing."""

from __future__ import annotations

import pytest

from massalia.pulse.connectors import Outcome, poll, poll_all
from massalia.pulse.models import Channel, Message, Source
from massalia.pulse.tests.servers import Reply, Seen, local_web
from massalia.pulse.tests.test_connectors_rss import RSS, feed_source

pytestmark = pytest.mark.usefixtures("keep_everything")


@pytest.fixture
def web():
    with local_web() as server:
        yield server


def conditional_feed(etag: str, last_modified: str):
    """A server that honours If-None-Match like a real one."""

    def answer(seen: Seen) -> Reply:
        if seen.headers.get("if-none-match") == etag:
            return Reply(304, b"", {"ETag": etag})
        headers = {"ETag": etag, "Last-Modified": last_modified, "Content-Type": "application/xml"}
        return Reply(200, RSS.encode(), headers)

    return answer


@pytest.mark.django_db
def test_it_keeps_the_validators_and_gets_a_304_the_second_time(web):
    web.serve("/ciq.rss", conditional_feed('"v1"', "Wed, 05 Mar 2025 09:00:00 GMT"))
    source = feed_source(web.url("/ciq.rss"))

    first = poll(source)
    source.refresh_from_db()
    cursor = dict(source.cursor)
    second = poll(source)

    first_request, second_request = web.requests_to("/ciq.rss")
    assert "if-none-match" not in first_request.headers
    assert cursor == {"etag": '"v1"', "last_modified": "Wed, 05 Mar 2025 09:00:00 GMT"}
    assert second_request.headers["if-none-match"] == '"v1"'
    assert second_request.headers["if-modified-since"] == "Wed, 05 Mar 2025 09:00:00 GMT"
    assert (first.created, second.created, second.already_known) == (3, 0, 0)
    source.refresh_from_db()
    assert source.cursor == cursor
    assert source.last_error == ""
    assert source.last_polled_at is not None


@pytest.mark.django_db
def test_it_names_massalia_in_its_user_agent(web):
    web.serve("/ciq.rss", Reply(200, RSS.encode()))
    poll(feed_source(web.url("/ciq.rss")))

    assert "Massalia" in web.requests_to("/ciq.rss")[0].headers["user-agent"]


@pytest.mark.django_db
def test_it_records_a_server_error_with_its_status(web):
    web.serve("/ciq.rss", Reply(500, b"Internal error"))
    source = feed_source(web.url("/ciq.rss"))

    outcome = poll(source)

    source.refresh_from_db()
    assert "HTTP 500" in outcome.error
    assert source.last_error == outcome.error
    assert str(outcome).startswith("Forum CIQ Noailles : erreur — le serveur a répondu HTTP 500")


@pytest.mark.django_db
def test_it_refuses_a_body_bigger_than_the_limit(web, settings):
    settings.PULSE_FETCH_MAX_BYTES = 2000
    big = RSS.replace("</channel>", "<item><title>" + "x" * 5000 + "</title></item></channel>")
    web.serve("/announced.rss", Reply(200, big.encode()))
    # A server that does not announce the length is cut while reading.
    web.serve("/unannounced.rss", Reply(200, big.encode(), announce_length=False))

    announced = poll(feed_source(web.url("/announced.rss"), name="annoncé"))
    unannounced = poll(feed_source(web.url("/unannounced.rss"), name="non annoncé"))

    assert "trop volumineuse" in announced.error
    assert "trop volumineuse" in unannounced.error
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_it_gives_up_on_a_server_slower_than_the_timeout(web, settings):
    settings.PULSE_FETCH_TIMEOUT = 1
    web.serve("/slow.rss", Reply(200, RSS.encode(), delay=2.5))

    outcome = poll(feed_source(web.url("/slow.rss")))

    assert outcome.error.startswith("délai dépassé (1 s)")


@pytest.mark.django_db
def test_it_refuses_addresses_that_are_not_http():
    source = feed_source("file:///etc/passwd")

    outcome = poll(source)

    assert "seules http et https" in outcome.error


@pytest.mark.django_db
def test_it_refuses_a_redirect_to_another_scheme(web):
    # urllib itself refuses file:; ftp: is allowed by it and refused here.
    web.serve("/moved.rss", Reply(302, b"", {"Location": "ftp://127.0.0.1/flux.rss"}))

    outcome = poll(feed_source(web.url("/moved.rss")))

    assert "seules http et https" in outcome.error


@pytest.mark.django_db
def test_it_reports_an_unreachable_server():
    outcome = poll(feed_source("http://127.0.0.1:9/flux.rss"))  # discard port: nobody listens

    assert outcome.error.startswith("serveur injoignable")


@pytest.mark.django_db
def test_it_reports_a_source_without_its_address():
    source = Source.objects.create(name="Sans adresse", channel=Channel.RSS, config={})

    assert "« url » manquant" in poll(source).error


@pytest.mark.django_db
def test_it_polls_every_active_source_even_when_one_fails(web):
    web.serve("/ok.rss", Reply(200, RSS.encode()))
    web.serve("/down.rss", Reply(503, b"maintenance"))
    broken = feed_source(web.url("/down.rss"), name="A en panne")
    working = feed_source(web.url("/ok.rss"), name="B fonctionne")
    Source.objects.create(
        name="C inactive", channel=Channel.RSS, config={"url": web.url("/ok.rss")}, is_active=False
    )
    Source.objects.create(name="D import", channel=Channel.IMPORT)

    outcomes = poll_all()

    assert [outcome.source for outcome in outcomes] == ["A en panne", "B fonctionne"]
    assert "HTTP 503" in outcomes[0].error
    assert outcomes[1] == Outcome(source="B fonctionne", created=3)
    broken.refresh_from_db()
    assert "HTTP 503" in broken.last_error
    assert working.messages.count() == 3


@pytest.mark.django_db
def test_it_clears_the_last_error_once_the_source_works_again(web):
    web.serve("/ciq.rss", Reply(500, b""))
    source = feed_source(web.url("/ciq.rss"))
    poll(source)
    web.serve("/ciq.rss", Reply(200, RSS.encode()))

    outcome = poll(source)

    source.refresh_from_db()
    assert (outcome.error, source.last_error) == ("", "")
    assert str(outcome) == "Forum CIQ Noailles : 3 nouveau(x) message(s), 0 déjà connu(s)"


@pytest.mark.django_db
def test_it_polls_from_the_command_line(web):
    from io import StringIO

    from django.core.management import call_command

    web.serve("/ciq.rss", Reply(200, RSS.encode()))
    feed_source(web.url("/ciq.rss"))
    out = StringIO()

    call_command("pulse", "poll", stdout=out)

    assert out.getvalue().strip() == "Forum CIQ Noailles : 3 nouveau(x) message(s), 0 déjà connu(s)"


@pytest.mark.django_db
def test_it_hands_what_it_stores_to_enrichment(web, on_commit):
    web.serve("/ciq.rss", Reply(200, RSS.encode()))
    source = feed_source(web.url("/ciq.rss"))

    with on_commit():
        outcome = poll(source)

    assert outcome.created == 3
    assert not Message.objects.pending().exists()
    assert Message.objects.enriched().count() == 3
