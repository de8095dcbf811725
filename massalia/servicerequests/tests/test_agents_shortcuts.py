"""The agents' keyboard shortcuts: access keys on ordinary links, each key used once per page,
every key of a page explained in the help shown on it, the help reachable from the inbox."""

import re

from django.urls import reverse


def _keys(page: str) -> list[str]:
    return re.findall(r'accesskey="([^"]+)"', page)


def _helped(page: str) -> set[str]:
    help_box = page[page.index('id="raccourcis"') :]
    return {k.lower() for k in re.findall(r"<dt><kbd>(\w)</kbd></dt>", help_box)}


def test_each_agents_page_explains_its_own_access_keys(login, city, reports):
    client = login("bob")
    pages = {
        "inbox": client.get(reverse("backoffice:inbox")).content.decode(),
        "department": client.get(
            reverse("cases:department_inbox", args=["voirie"])
        ).content.decode(),
        "case": client.get(reverse("cases:request", args=[reports.pothole.pk])).content.decode(),
    }
    assert "Raccourcis clavier" in pages["inbox"]
    assert set(_keys(pages["department"])) == {"i", "r", "o"}
    assert set(_keys(pages["case"])) == {"i", "b", "a", "m", "h"}
    for name, page in pages.items():
        keys = _keys(page)
        assert len(keys) == len(set(keys)), name
        assert set(keys) <= _helped(page), name
        for target in re.findall(r'href="#([\w-]+)" [^>]*accesskey=', page):
            assert f'id="{target}"' in page, (name, target)
