"""Only editors (the rule `news.edit`) write news; an image needs its text alternative; an
item is announced (NewsPublished) once, when it is first given its publication time."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from massalia.core.models import OutboxEvent
from massalia.news import services
from massalia.news.models import NewsItem
from massalia.news.tests.conftest import png

pytestmark = pytest.mark.django_db


def _draft(themes) -> NewsItem:
    return NewsItem(
        title="Plage", slug="plage", summary="Plage.", body="Texte.", theme=themes["mer"]
    )


def test_it_lets_only_editors_write_news(city, themes, client):
    with pytest.raises(PermissionDenied):
        services.save_item(item=_draft(themes), editor=city.people["bob"])
    client.force_login(city.people["bob"])
    assert client.get("/admin/news/newsitem/").status_code in {302, 403}


def test_it_wants_a_text_alternative_for_an_image(city, themes, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError):
        services.save_item(item=_draft(themes), editor=city.people["root"], image=png())
    assert not NewsItem.objects.exists()


def test_it_announces_an_item_once(city, themes):
    item = services.save_item(item=_draft(themes), editor=city.people["root"])
    assert not OutboxEvent.objects.filter(name="news.published").exists()
    item.published_at = timezone.now()
    services.save_item(item=item, editor=city.people["root"])
    item.title = "Plage propre"
    services.save_item(item=item, editor=city.people["root"])
    assert OutboxEvent.objects.filter(name="news.published").count() == 1
    assert item.author == city.people["root"]
