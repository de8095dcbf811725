"""RSS 2.0 and Atom feeds of the published news, for the whole city and per theme
(django.contrib.syndication). Links are absolute (SITE_URL); an item's image is its enclosure."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed, SyndicationFeed

from massalia.news import selectors
from massalia.news.models import NewsItem, Theme

SIZE = 20


def absolute(path: str) -> str:
    return settings.SITE_URL + path


class NewsFeed(Feed):  # type: ignore[type-arg]  # django-stubs: Feed is generic in two types
    feed_type: type[SyndicationFeed] = Rss201rev2Feed
    language = "fr"

    def get_object(self, request: HttpRequest, theme: str | None = None) -> Theme | None:
        return get_object_or_404(Theme, slug=theme) if theme else None

    def title(self, obj: Theme | None) -> str:
        city = f"Ville de {settings.CITY_NAME}"
        return f"{city} — actualités : {obj.name}" if obj else f"{city} — actualités"

    def link(self, obj: Theme | None) -> str:
        path = reverse("news:list")
        return absolute(f"{path}?theme={obj.slug}" if obj else path)

    def description(self, obj: Theme | None) -> str:
        return f"Les initiatives et les nouvelles de la Ville de {settings.CITY_NAME}."

    subtitle = description

    def items(self, obj: Theme | None) -> list[NewsItem]:
        return list(selectors.published(theme=obj)[:SIZE])

    def item_title(self, item: NewsItem) -> str:
        return item.title

    def item_description(self, item: NewsItem) -> str:
        return item.summary

    def item_link(self, item: NewsItem) -> str:
        return absolute(reverse("news:item", args=[item.slug]))

    def item_guid(self, item: NewsItem) -> str:
        return self.item_link(item)

    item_guid_is_permalink = True

    def item_pubdate(self, item: NewsItem) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: NewsItem) -> dt.datetime:
        return item.updated_at

    def item_categories(self, item: NewsItem) -> list[str]:
        return [item.theme.name]

    def item_enclosures(self, item: NewsItem) -> list[Enclosure]:
        if item.image is None:
            return []
        url = absolute(reverse("news:image", args=[item.slug]))
        return [Enclosure(url, str(item.image.size), item.image.content_type)]


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed
