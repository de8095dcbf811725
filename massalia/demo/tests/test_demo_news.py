"""The demo's news: a few items in Marseille's quartiers, two with their image and its text
alternative, and one newsletter sent to its two subscribers; loading again changes nothing."""

import pytest
from django.core import mail

from massalia.accounts.models import User
from massalia.demo import news
from massalia.news.models import Delivery, NewsItem
from massalia.territory import commune, geo, shipped
from massalia.territory.importers import import_quartiers

pytestmark = pytest.mark.django_db


@pytest.fixture
def marseille(db, fresh_indexes, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    territory = shipped.for_commune(commune.current().insee_code)
    assert territory is not None
    import_quartiers(territory.quartiers)
    geo.invalidate()
    User.objects.create_user(username="admin", is_superuser=True, is_staff=True)


def test_it_loads_a_few_news_items_and_one_sent_newsletter(marseille):
    issue = news.load()
    assert issue is not None and issue.sent_at is not None
    assert NewsItem.objects.published().count() == len(news.ITEMS)
    with_image = NewsItem.objects.filter(image__isnull=False)
    assert with_image.count() == 2 and not with_image.filter(image_alt="").exists()
    assert NewsItem.objects.filter(quartiers__name="BELSUNCE").exists()
    assert Delivery.objects.filter(issue=issue, state=Delivery.State.SENT).count() == 2
    assert mail.outbox == []  # the demo emails nobody
    news.load()
    assert NewsItem.objects.count() == len(news.ITEMS)
    assert Delivery.objects.count() == 2
