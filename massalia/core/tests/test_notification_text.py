"""Emails are plain text: what a person or an agent wrote reaches the reader as written."""

from __future__ import annotations

from massalia.core.notifications import render, render_digest_text

NOTE = "L'équipe passe jeudi, rue d'Aubagne & environs <avant midi>."


def test_a_message_is_not_html_escaped():
    context = {
        "request": {"pk": 7, "request_type": {"name": "Nid-de-poule"}},
        "change": {"to_status_label": "résolue", "public_note": NOTE},
        "url": "/demandes/7/",
    }
    subject, body = render("request_status_changed", context)
    assert NOTE in body
    assert "&#x27;" not in body and "&amp;" not in body
    assert subject.endswith("résolue")
    assert NOTE in render_digest_text("request_status_changed", context)
