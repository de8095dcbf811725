"""Mastodon: a hashtag timeline served by a local HTTP server that pages like an instance."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from massalia.pulse.connectors import mastodon, poll
from massalia.pulse.models import Channel, Message, Source
from massalia.pulse.tests.servers import Reply, Seen, local_web

pytestmark = pytest.mark.usefixtures("keep_everything")

TOOTS = [
    ("lucie@piaille.fr", "<p>Encore une coupure d'eau à la Plaine, 3e fois ce mois-ci.</p>"),
    (
        "nico13@mastodon.social",
        "<p>Le <a href=\"https://mastodon.social/tags/tramway\" class=\"mention hashtag\">#<span>"
        "tramway</span></a> T3 jusqu'à la Gaye, c'est pour quand ?</p>",
    ),
    ("sarah@piaille.fr", "<p>Magnifique coucher de soleil sur le Vieux-Port 😍</p>"),
    ("marius@eldritch.cafe", "<p>Les trottoirs du boulevard Baille sont impraticables.<br>"
     "Poussettes et fauteuils obligés de passer sur la chaussée.</p>"),
    ("lucie@piaille.fr", "<p>Merci aux agents qui ont nettoyé la plage des Catalans &amp; "
     "ramassé les encombrants !</p>"),
    ("jb@framapiaf.org", "<p>Pour signaler : écrire à jb.fontaine@example.org ou "
     "appeler le 04 91 55 11 11</p>"),
    ("clem@piaille.fr", "<p>Bruit de chantier dès 6 h rue de Rome, quelqu'un sait "
     "jusqu'à quand ?</p>"),
]  # fmt: skip
BASE_ID = 113_000_000_000_000_000


def status(number: int, acct: str, content: str, **extra: object) -> dict[str, object]:
    created = datetime(2025, 3, 1, 8, 0, tzinfo=UTC) + timedelta(hours=number)
    return {
        "id": str(BASE_ID + number),
        "created_at": created.isoformat().replace("+00:00", ".000Z"),
        "url": f"https://{acct.split('@')[1]}/@{acct.split('@')[0]}/{BASE_ID + number}",
        "uri": f"https://{acct.split('@')[1]}/users/{acct.split('@')[0]}/statuses/{number}",
        "content": content,
        "spoiler_text": "",
        "sensitive": False,
        "language": "fr",
        "reblog": None,
        "account": {"acct": acct, "display_name": acct.split("@")[0].capitalize()},
        **extra,
    }


class Instance:
    """A hashtag timeline with Mastodon's rules: newest first, since_id, max_id and limit."""

    def __init__(self) -> None:
        self.statuses: list[dict[str, object]] = []

    def post(self, acct: str, content: str, **extra: object) -> dict[str, object]:
        toot = status(len(self.statuses) + 1, acct, content, **extra)
        self.statuses.append(toot)
        return toot

    def timeline(self, seen: Seen) -> Reply:
        since = int(seen.query.get("since_id", 0))
        below = int(seen.query.get("max_id", 10**30))
        limit = min(int(seen.query.get("limit", 20)), 40)
        page = sorted(
            (s for s in self.statuses if since < int(str(s["id"])) < below),
            key=lambda s: int(str(s["id"])),
            reverse=True,
        )[:limit]
        return Reply(200, json.dumps(page).encode(), {"Content-Type": "application/json"})


@pytest.fixture
def instance():
    with local_web() as web:
        server = Instance()
        web.serve("/api/v1/timelines/tag/marseille", server.timeline)
        web.serve("/api/v1/timelines/public", server.timeline)
        server.web = web  # type: ignore[attr-defined]
        for acct, content in TOOTS:
            server.post(acct, content)
        yield server


def tag_source(instance: Instance, **config: object) -> Source:
    base = instance.web.url("")  # type: ignore[attr-defined]
    return Source.objects.create(
        name="#marseille",
        channel=Channel.MASTODON,
        config={"base_url": base, "hashtag": "#marseille", **config},
    )


def requests(instance: Instance) -> list[Seen]:
    return instance.web.seen  # type: ignore[attr-defined,no-any-return]


@pytest.mark.django_db
def test_it_reads_a_hashtag_page_by_page_and_keeps_the_newest_id(instance, monkeypatch):
    monkeypatch.setattr(mastodon, "PAGE_SIZE", 3)
    source = tag_source(instance)

    outcome = poll(source)

    assert outcome.created == len(TOOTS)
    pages = requests(instance)
    assert [seen.query.get("max_id") for seen in pages] == [
        None,
        str(BASE_ID + 5),
        str(BASE_ID + 2),
    ]
    assert all(seen.query["limit"] == "3" for seen in pages)
    source.refresh_from_db()
    assert source.cursor == {"since_id": str(BASE_ID + len(TOOTS))}


@pytest.mark.django_db
def test_it_asks_only_for_newer_statuses_on_the_next_poll(instance):
    source = tag_source(instance)
    poll(source)
    instance.post("nadia@piaille.fr", "<p>Le marché de Noailles déborde sur la chaussée.</p>")

    outcome = poll(source)

    assert (outcome.created, outcome.already_known) == (1, 0)
    assert requests(instance)[-1].query["since_id"] == str(BASE_ID + len(TOOTS))
    source.refresh_from_db()
    assert source.cursor == {"since_id": str(BASE_ID + len(TOOTS) + 1)}
    assert poll(source).created == 0
    source.refresh_from_db()
    assert source.cursor == {"since_id": str(BASE_ID + len(TOOTS) + 1)}  # nothing new: kept


@pytest.mark.django_db
def test_it_stops_after_the_page_budget(instance, monkeypatch):
    monkeypatch.setattr(mastodon, "PAGE_SIZE", 2)
    source = tag_source(instance, max_pages=2)

    outcome = poll(source)

    assert outcome.created == 4  # the newest four: two pages of two
    assert len(requests(instance)) == 2


@pytest.mark.django_db
def test_it_turns_statuses_into_clean_text(instance):
    instance.post(
        "ines@piaille.fr",
        "<p>Rue Paradis fermée, les bus 41 et 54 sont déviés.</p>",
        spoiler_text="Travaux",
    )
    source = tag_source(instance)

    poll(source)

    tram = Message.objects.get(external_id=str(BASE_ID + 2))
    assert tram.text == "Le #tramway T3 jusqu'à la Gaye, c'est pour quand ?"
    sidewalk = Message.objects.get(external_id=str(BASE_ID + 4))
    assert sidewalk.text == (
        "Les trottoirs du boulevard Baille sont impraticables.\n"
        "Poussettes et fauteuils obligés de passer sur la chaussée."
    )
    assert "plage des Catalans & ramassé" in Message.objects.get(external_id=str(BASE_ID + 5)).text
    contact = Message.objects.get(external_id=str(BASE_ID + 6)).text
    assert contact == "Pour signaler : écrire à [courriel] ou appeler le [téléphone]"
    works = Message.objects.get(external_id=str(BASE_ID + 8))
    assert works.text == "Travaux\nRue Paradis fermée, les bus 41 et 54 sont déviés."
    assert works.published_at == datetime(2025, 3, 1, 16, 0, tzinfo=UTC)
    assert works.url == ""  # a toot's address names its author: not kept
    assert all(
        not re.search(r"<[a-z/]", text) for text in Message.objects.values_list("text", flat=True)
    )


@pytest.mark.django_db
def test_it_pseudonymises_authors_consistently(instance):
    poll(tag_source(instance))

    lucie = Message.objects.filter(external_id__in=[str(BASE_ID + 1), str(BASE_ID + 5)])
    authors = set(lucie.values_list("author", flat=True))
    assert len(authors) == 1
    (author,) = authors
    assert re.fullmatch(r"[0-9a-f]{16}", author)
    assert Message.objects.values("author").distinct().count() == 6  # six people wrote


@pytest.mark.django_db
def test_it_stores_a_boosted_status_once(instance):
    original = instance.statuses[0]
    boost = status(
        len(instance.statuses) + 1, "paulo@piaille.fr", "", reblog=original
    )  # a boost has no content of its own
    instance.statuses.append(boost)
    instance.post("zoe@piaille.fr", "", reblog=original)

    outcome = poll(tag_source(instance))

    assert (outcome.created, outcome.already_known) == (len(TOOTS), 2)
    assert not Message.objects.filter(external_id=boost["id"]).exists()


@pytest.mark.django_db
def test_it_reads_the_local_public_timeline(instance):
    source = Source.objects.create(
        name="Fil local",
        channel=Channel.MASTODON,
        config={"base_url": instance.web.url(""), "timeline": "public", "local": True},  # type: ignore[attr-defined]
    )

    assert poll(source).created == len(TOOTS)
    assert requests(instance)[0].path == "/api/v1/timelines/public"
    assert requests(instance)[0].query["local"] == "true"


@pytest.mark.django_db
def test_it_records_an_answer_that_is_not_a_timeline(instance):
    instance.web.serve(  # type: ignore[attr-defined]
        "/api/v1/timelines/tag/marseille",
        Reply(200, b'{"error": "This method requires an authenticated user"}'),
    )
    source = tag_source(instance)

    outcome = poll(source)

    assert "réponse inattendue" in outcome.error
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_config_without_hashtag_or_timeline(instance):
    source = tag_source(instance, hashtag="")

    assert "mot-dièse" in poll(source).error
    source.config["hashtag"] = "marseille/../../admin"
    source.save()
    assert "mot-dièse invalide" in poll(source).error
    assert requests(instance) == []
