"""The pulse in the Django admin: sources checked before saving, polled on demand."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from massalia.pulse.models import Channel, Source, TopicModel
from massalia.pulse.tests.servers import Reply, local_web
from massalia.pulse.tests.test_connectors_rss import RSS

pytestmark = pytest.mark.usefixtures("keep_everything")


@pytest.fixture
def root(client, city):
    client.force_login(city.people["root"])
    return client


def add_source(client, channel: str, config: object):
    return client.post(
        reverse("admin:pulse_source_add"),
        {
            "name": "Nouvelle source",
            "channel": channel,
            "config": json.dumps(config),
            "is_active": "on",
        },
    )


def test_it_opens_the_pulse_pages_for_root(root):
    TopicModel.objects.create(version=1, blob=b"", quality={"accuracy": 0.81, "macro_f1": 0.77})
    for model in ["topic", "source", "topicmodel", "alert"]:
        response = root.get(reverse(f"admin:pulse_{model}_changelist"))
        assert response.status_code == 200, model
    assert "0.810" in root.get(reverse("admin:pulse_topicmodel_changelist")).content.decode()
    assert root.get(reverse("admin:pulse_source_add")).status_code == 200


def test_it_never_lets_a_classifier_version_be_edited(root):
    model = TopicModel.objects.create(version=1, blob=b"")

    assert root.get(reverse("admin:pulse_topicmodel_add")).status_code == 403
    response = root.post(reverse("admin:pulse_topicmodel_change", args=[model.pk]), {})
    assert response.status_code == 403


def test_it_refuses_a_password_in_a_mailbox_config(root):
    config = {"host": "imap.example.org", "username": "contact", "password": "azerty"}

    response = add_source(root, Channel.EMAIL, config)

    assert response.status_code == 200  # the form again, with the error
    assert "variable d&#x27;environnement" in response.content.decode()
    assert not Source.objects.exists()


@pytest.mark.parametrize(
    ("channel", "config", "error"),
    [
        (Channel.RSS, {"url": "ftp://flux.example.org/rss"}, "seules http et https"),
        (Channel.RSS, {}, "« url » manquant"),
        (Channel.MASTODON, {"base_url": "https://piaille.fr"}, "mot-dièse"),
        (Channel.EMAIL, {"host": "imap.example.org", "username": "c"}, "« password_env » manquant"),
    ],
)
def test_it_checks_the_config_with_the_channel_connector(root, channel, config, error):
    response = add_source(root, channel, config)

    assert error in response.content.decode().replace("&#x27;", "'")
    assert not Source.objects.exists()


def test_it_saves_a_source_whose_config_works(root):
    config = {"host": "imap.example.org", "username": "c", "password_env": "MAIRIE_IMAP"}

    response = add_source(root, Channel.EMAIL, config)

    assert response.status_code == 302
    assert Source.objects.get().config == config


def test_it_polls_the_selected_sources_on_demand(root):
    with local_web() as web:
        web.serve("/ciq.rss", Reply(200, RSS.encode()))
        working = Source.objects.create(
            name="Forum", channel=Channel.RSS, config={"url": web.url("/ciq.rss")}
        )
        broken = Source.objects.create(
            name="En panne", channel=Channel.RSS, config={"url": web.url("/absent.rss")}
        )

        response = root.post(
            reverse("admin:pulse_source_changelist"),
            {"action": "poll_now", "_selected_action": [working.pk, broken.pk]},
            follow=True,
        )

    page = response.content.decode()
    assert "Forum : 3 nouveau(x) message(s)" in page
    assert "En panne : erreur — le serveur a répondu HTTP 404" in page
    assert working.messages.count() == 3
