"""News built through the real services, by root (an administrator, hence an editor)."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from massalia.news import services
from massalia.news.models import Issue, NewsItem, Theme
from massalia.news.newsletter import Choice


def png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (120, 63), (20, 90, 160)).save(out, format="PNG")
    return SimpleUploadedFile("port.png", out.getvalue(), content_type="image/png")


@pytest.fixture
def themes(db) -> dict[str, Theme]:
    return {
        slug: Theme.objects.create(name=name, slug=slug)
        for slug, name in (("mer", "Mer et littoral"), ("ecoles", "Écoles"), ("voirie", "Voirie"))
    }


@pytest.fixture
def write(city, themes, settings, tmp_path):
    """write(title, theme=…, quartiers=[names], image=True, days_ago=1) → a published item."""
    settings.MEDIA_ROOT = tmp_path
    root = city.people["root"]

    def make(
        title: str,
        *,
        theme: str = "mer",
        quartiers: tuple[str, ...] = (),
        image: bool = False,
        days_ago: float = 1,
        draft: bool = False,
    ) -> NewsItem:
        item = NewsItem(
            title=title,
            slug=re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-"),
            summary=f"{title} : ce qui change pour les habitants.",
            body=f"Premier paragraphe de « {title} ».\n\nSecond paragraphe.",
            theme=themes[theme],
            image_alt="Le Vieux-Port au lever du soleil" if image else "",
            published_at=None if draft else timezone.now() - dt.timedelta(days=days_ago),
        )
        services.save_item(item=item, editor=root, image=png() if image else None)
        item.quartiers.set([city.quartiers[name] for name in quartiers])
        return item

    return make


@pytest.fixture
def subscribe(city, themes):
    """subscribe(email, themes=[slugs], quartiers=[names]) → a confirmed subscriber."""

    def make(email: str, *, themes_: tuple[str, ...] = (), quartiers: tuple[str, ...] = ()) -> Any:
        choice = Choice(
            email=email,
            themes=tuple(themes[s].pk for s in themes_),
            quartiers=tuple(city.quartiers[n].pk for n in quartiers),
        )
        return services.confirm_subscription(choice=choice)

    return make


@pytest.fixture
def issue_of():
    def make(subject: str, *items: NewsItem) -> Issue:
        issue = Issue.objects.create(subject=subject, introduction="Bonjour à toutes et à tous.")
        issue.items.set(items)
        return issue

    return make


def link_in(message: Any, start: str) -> str:
    """The first address in an email's text that begins with `start` (a path)."""
    found = re.search(r"https?://[^\s/]+(" + re.escape(start) + r"\S*)", message.body)
    assert found, message.body
    return found.group(1)


@pytest.fixture
def outbox():
    mail.outbox.clear()
    return mail.outbox
