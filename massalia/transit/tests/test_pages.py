"""The stop page, its tag and code, the report link and the installers' sheet."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings

from massalia.testing import PASSWORD
from massalia.transit import tags
from massalia.transit.models import Stop

pytestmark = pytest.mark.django_db
SITE = "https://ville.example"
BUDGET = 150 * 1024


def test_the_stop_page_lists_the_next_departures_by_line_and_direction(client, network, clock):
    response = client.get("/arrets/rtm/CGA/")
    assert response.status_code == 200 and len(response.content) < BUDGET
    html = response.content.decode()
    sections = re.findall(r'<section class="transit-line".*?</section>', html, re.S)
    assert len(sections) == 2
    assert "vers Cinq Avenues" in sections[0] and "vers Vieux-Port" in sections[1]
    # 07:58: the 08:06 and the late trip's 00:05 (tomorrow), then Thursday's 08:06.
    assert re.findall(r'<time datetime="([^"]+)"', sections[0]) == [
        "2026-12-02T08:06:00+01:00",
        "2026-12-03T00:05:00+01:00",
        "2026-12-03T08:06:00+01:00",
    ]
    assert re.findall(r'<time datetime="([^"]+)"', sections[1])[0] == "2026-12-02T09:09:00+01:00"


def test_the_last_stop_shows_no_departure_of_the_trips_ending_there(client, network, clock):
    html = client.get("/arrets/rtm/VPT/").content.decode()
    assert "vers Cinq Avenues" in html and "vers Vieux-Port" not in html


def test_an_unknown_stop_is_a_404(client, network):
    assert client.get("/arrets/rtm/NOPE/").status_code == 404
    assert client.get("/arrets/autre/CGA/").status_code == 404


@override_settings(SITE_URL=SITE)
def test_the_tags_ndef_bytes_decode_back_to_the_stops_url(client, network):
    response = client.get("/arrets/rtm/CGA/etiquette.ndef")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert "attachment" in response["Content-Disposition"]
    assert tags.url_of(response.content) == f"{SITE}/arrets/rtm/CGA/"
    # The record is a well-known URI record (TNF 1, type "U") with the "https://" prefix code.
    assert response.content[3:5] == b"U\x04"


@override_settings(SITE_URL=SITE)
def test_the_qr_code_is_an_svg_of_the_stops_url(client, network):
    response = client.get("/arrets/rtm/CGA/code.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert svg.startswith("<svg") and "<title>Canebière Garibaldi</title>" in svg
    assert svg == tags.qr_svg(f"{SITE}/arrets/rtm/CGA/", title="Canebière Garibaldi").decode()
    assert svg != tags.qr_svg(f"{SITE}/arrets/rtm/VPT/", title="Canebière Garibaldi").decode()


def test_report_a_problem_opens_the_form_with_the_stops_place(client, city, network, clock):
    from massalia.servicerequests.models import RequestType

    RequestType.objects.create(
        code="mobilier-urbain", name="Mobilier urbain cassé", department=city.departments["voirie"]
    )
    html = client.get("/arrets/rtm/VPT/").content.decode()
    link = re.search(r'href="([^"]+)">Signaler un problème à cet arrêt', html).group(1)
    assert link.startswith("/signaler/mobilier-urbain/?")
    form = client.get(link.replace("&amp;", "&")).content.decode()
    assert re.search(r'name="latitude" value="43.295"', form)
    assert re.search(r'name="longitude" value="5.374"', form)
    assert re.search(r'name="address" value="Vieux-Port"', form)


def test_without_the_type_the_report_link_passes_the_place_through_the_choice(
    client, city, network, clock
):
    html = client.get("/arrets/rtm/VPT/").content.decode()
    link = re.search(r'href="([^"]+)">Signaler un problème à cet arrêt', html).group(1)
    assert link.startswith("/signaler/?")
    choose = client.get(link.replace("&amp;", "&")).content.decode()
    assert "/signaler/lampadaire/?latitude=43.295&amp;longitude=5.374" in choose


def test_the_sheet_is_for_agents_only(city, network):
    anonymous = Client()
    assert anonymous.get("/agents/arrets/etiquettes/rtm/").status_code == 302
    citizen = Client()
    citizen.login(username="alice", password=PASSWORD)
    assert citizen.get("/agents/arrets/etiquettes/rtm/").status_code == 403
    agent = Client()
    agent.login(username="bob", password=PASSWORD)
    response = agent.get("/agents/arrets/etiquettes/rtm/")
    assert response.status_code == 200
    html = response.content.decode()
    for stop in Stop.objects.all():
        assert f"/arrets/rtm/{stop.gtfs_id}/code.svg" in html
        assert f"/arrets/rtm/{stop.gtfs_id}/etiquette.ndef" in html
    assert (
        "/agents/arrets/etiquettes/rtm/" in agent.get("/agents/arrets/etiquettes/").content.decode()
    )
    # The agents' inbox leads there (the domain's section).
    assert "/agents/arrets/etiquettes/" in agent.get("/agents/").content.decode()


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Report a problem at this stop"), ("ar", "الإبلاغ عن مشكلة في هذه المحطة")],
)
def test_the_stop_page_speaks_english_and_arabic(client, network, clock, language, expected):
    html = client.get("/arrets/rtm/CGA/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert expected in html and "Signaler un problème" not in html


@override_settings(SITE_URL=SITE)
def test_the_encoders_list_holds_each_stops_ndef_message(city, network):
    import json

    agent = Client()
    agent.login(username="bob", password=PASSWORD)
    text = b"".join(agent.get("/agents/arrets/etiquettes/rtm/etiquettes.csv").streaming_content)
    lines = text.decode("utf-8-sig").splitlines()
    assert lines[0].split(";")[0] == "arrêt" and len(lines) == 1 + Stop.objects.count()
    row = next(line.split(";") for line in lines if line.startswith("CGA;"))
    assert row[6] == f"{SITE}/arrets/rtm/CGA/"
    assert tags.url_of(bytes.fromhex(row[7])) == row[6]
    geo = b"".join(agent.get("/agents/arrets/etiquettes/rtm/etiquettes.geojson").streaming_content)
    features = json.loads(geo)["features"]
    assert {f["id"] for f in features} == {"VPT", "CGA", "CAV"}
    citizen = Client()
    citizen.login(username="alice", password=PASSWORD)
    assert citizen.get("/agents/arrets/etiquettes/rtm/etiquettes.csv").status_code == 403


def test_the_stops_page_lists_each_stop_with_its_lines(client, network):
    html = client.get("/arrets/").content.decode()
    for stop in Stop.objects.all():
        assert f'href="/arrets/rtm/{stop.gtfs_id}/">{stop.name}</a>' in html
    assert html.count('<span class="transit-route">81</span>') == 3


def test_a_stop_id_with_a_slash_or_a_space_has_its_page_and_tag(client, tmp_path, fresh_indexes):
    from massalia.transit import gtfs
    from massalia.transit.tests import feeds

    stops = feeds.STOPS.replace(",CGA,", ",Garibaldi/2 b,")
    times = feeds.STOP_TIMES.replace(",CGA,", ",Garibaldi/2 b,")
    gtfs.import_feed(feeds.write_feed(tmp_path, stops_txt=stops, stop_times_txt=times))
    stop = Stop.objects.get(gtfs_id="Garibaldi/2 b")
    assert tags.stop_path(stop) == "/arrets/rtm/Garibaldi/2%20b/"
    assert client.get(tags.stop_path(stop)).status_code == 200
    tag = client.get(tags.stop_path(stop) + "etiquette.ndef")
    assert tags.url_of(tag.content).endswith("/arrets/rtm/Garibaldi/2%20b/")
