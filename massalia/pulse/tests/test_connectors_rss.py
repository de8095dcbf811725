"""Feeds (RSS 2.0, Atom, malformed ones) read from a real HTTP server on the loopback."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from massalia.pulse.connectors import poll
from massalia.pulse.models import Channel, Message, Source
from massalia.pulse.tests.servers import Reply, local_web

pytestmark = pytest.mark.usefixtures("keep_everything")

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:georss="http://www.georss.org/georss"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Forum du CIQ de Noailles</title>
  <link>https://ciq-noailles.example/forum</link>
  <description>Les discussions du comité d'intérêt de quartier</description>
  <item>
    <title>Poubelles débordantes rue d'Aubagne</title>
    <link>https://ciq-noailles.example/forum/42</link>
    <guid isPermaLink="false">forum-42</guid>
    <dc:creator>riverain13001</dc:creator>
    <pubDate>Mon, 03 Mar 2025 08:15:00 +0100</pubDate>
    <description>&lt;p&gt;Depuis trois jours les bacs ne sont pas vidés &amp;amp; les
      goélands s'en donnent à c&amp;oelig;ur.&lt;/p&gt;&lt;p&gt;Contact :
      jean.martin@example.org ou 06 12 34 56 78&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;
    </description>
    <georss:point>43.2968 5.3810</georss:point>
  </item>
  <item>
    <title>Éclairage en panne cours Julien</title>
    <link>https://ciq-noailles.example/forum/43</link>
    <guid isPermaLink="false">forum-43</guid>
    <dc:creator>lampiste</dc:creator>
    <pubDate>Tue, 04 Mar 2025 21:40:00 +0100</pubDate>
    <description>Trois lampadaires éteints depuis samedi, on ne voit plus rien.</description>
  </item>
  <item>
    <title>Merci pour le nouveau jardin partagé</title>
    <link>https://ciq-noailles.example/forum/44</link>
    <pubDate>Wed, 05 Mar 2025 10:00:00 +0100</pubDate>
    <description>&lt;ul&gt;&lt;li&gt;Belle initiative&lt;/li&gt;&lt;li&gt;les enfants
      adorent&lt;/li&gt;&lt;/ul&gt;</description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Le blog des Goudes</title>
  <id>urn:uuid:4c3a5d1e-goudes</id>
  <updated>2025-03-06T09:00:00Z</updated>
  <entry>
    <title>Calanque de Samena : encore des déchets après le week-end</title>
    <id>urn:uuid:goudes-1</id>
    <link href="https://goudes.example/2025/03/samena"/>
    <updated>2025-03-06T09:00:00Z</updated>
    <author><name>Mireille</name></author>
    <content type="html">&lt;p&gt;Bouteilles, mégots et sacs plastique sur les
      rochers.&amp;nbsp;Qui ramasse ?&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Navette maritime : horaires d'été</title>
    <id>urn:uuid:goudes-2</id>
    <link href="https://goudes.example/2025/03/navette"/>
    <published>2025-03-05T07:30:00+01:00</published>
    <updated>2025-03-05T08:00:00+01:00</updated>
    <summary>La navette reprendra en avril, enfin une bonne nouvelle.</summary>
  </entry>
</feed>
"""

# An undefined entity and an unclosed tag: not XML, yet the entries can be read.
MALFORMED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Blog de la Belle de Mai</title>
<item><title>Nuisances&nbsp;sonores boulevard National</title><guid>bdm-1</guid>
<description>Les travaux commencent à 6 h du matin, c'est intenable.</description></item>
<item><title>Marché du samedi<b></title><guid>bdm-2</guid>
<description>Le marché est bien plus propre depuis le nouveau ramassage.</description></item>
</channel>
"""


def feed_source(url: str, name: str = "Forum CIQ Noailles") -> Source:
    return Source.objects.create(name=name, channel=Channel.RSS, config={"url": url})


@pytest.fixture
def web():
    with local_web() as server:
        yield server


def serve_feed(web, path: str, body: str, **headers: str) -> str:
    content_type = headers.pop("content_type", "application/rss+xml; charset=utf-8")
    web.serve(path, Reply(200, body.encode(), {"Content-Type": content_type, **headers}))
    return web.url(path)


@pytest.mark.django_db
def test_it_reads_an_rss_feed_into_clean_messages(web):
    source = feed_source(serve_feed(web, "/ciq.rss", RSS))

    outcome = poll(source)

    assert (outcome.created, outcome.error) == (3, "")
    bins = Message.objects.get(external_id="forum-42")
    assert bins.text.startswith("Poubelles débordantes rue d'Aubagne\nDepuis trois jours")
    assert "& les goélands s'en donnent à cœur." in bins.text
    assert not re.search(r"<[a-z/]|&\w+;|alert\(1\)", bins.text)
    assert "jean.martin" not in bins.text and "06 12" not in bins.text
    assert "[courriel]" in bins.text and "[téléphone]" in bins.text
    assert (bins.latitude, bins.longitude) == (43.2968, 5.381)
    assert bins.published_at == datetime(2025, 3, 3, 7, 15, tzinfo=UTC)
    assert bins.url == "https://ciq-noailles.example/forum/42"
    assert re.fullmatch(r"[0-9a-f]{16}", bins.author)
    assert "riverain" not in bins.author
    garden = Message.objects.get(external_id="https://ciq-noailles.example/forum/44")
    assert (
        garden.text == "Merci pour le nouveau jardin partagé\nBelle initiative\nles enfants adorent"
    )
    assert garden.author == ""
    assert Message.objects.filter(channel=Channel.RSS).count() == 3


@pytest.mark.django_db
def test_it_reads_an_atom_feed(web):
    source = feed_source(serve_feed(web, "/goudes.atom", ATOM, content_type="application/atom+xml"))

    assert poll(source).created == 2

    litter = Message.objects.get(external_id="urn:uuid:goudes-1")
    assert (
        "sur les rochers.\xa0Qui ramasse ?" in litter.text or "rochers. Qui ramasse" in litter.text
    )
    assert litter.url == "https://goudes.example/2025/03/samena"
    assert litter.published_at == datetime(2025, 3, 6, 9, 0, tzinfo=UTC)
    shuttle = Message.objects.get(external_id="urn:uuid:goudes-2")
    assert shuttle.published_at == datetime(2025, 3, 5, 6, 30, tzinfo=UTC)
    assert shuttle.text.endswith("enfin une bonne nouvelle.")


@pytest.mark.django_db
def test_it_accepts_a_malformed_feed_that_still_yields_entries(web):
    source = feed_source(serve_feed(web, "/bdm.rss", MALFORMED))

    outcome = poll(source)

    assert (outcome.created, outcome.error) == (2, "")
    assert "boulevard National" in Message.objects.get(external_id="bdm-1").text


@pytest.mark.django_db
def test_it_records_a_feed_that_yields_nothing_as_an_error(web):
    source = feed_source(
        serve_feed(web, "/broken.rss", '<rss version="2.0"><channel><title>Forum</title><item')
    )
    source.cursor = {"etag": '"ancien"'}
    source.save()

    outcome = poll(source)

    source.refresh_from_db()
    assert outcome.created == 0
    assert outcome.error.startswith("flux illisible")
    assert source.last_error == outcome.error
    assert source.cursor == {"etag": '"ancien"'}  # kept, so nothing is skipped next time
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_it_records_a_web_page_that_is_not_a_feed_as_an_error(web):
    page = "<!doctype html><html><head><title>Accueil</title></head><body>Bienvenue</body></html>"
    source = feed_source(serve_feed(web, "/", page, content_type="text/html"))

    outcome = poll(source)

    assert outcome.error
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_it_creates_nothing_when_the_same_feed_is_polled_again(web):
    source = feed_source(serve_feed(web, "/ciq.rss", RSS))
    poll(source)

    again = poll(source)

    assert (again.created, again.already_known) == (0, 3)
    assert Message.objects.count() == 3


@pytest.mark.django_db
def test_it_stores_only_the_new_entry_when_the_feed_grows(web):
    url = serve_feed(web, "/ciq.rss", RSS)
    source = feed_source(url)
    poll(source)
    new_item = """<item><title>Stationnement sauvage place Castellane</title>
      <guid>forum-45</guid><description>Voitures en double file toute la journée.</description>
      </item></channel>"""
    serve_feed(web, "/ciq.rss", RSS.replace("</channel>", new_item))

    outcome = poll(source)

    assert (outcome.created, outcome.already_known) == (1, 3)
    assert Message.objects.filter(external_id="forum-45").exists()
