"""Finding help in English and in Arabic, without JavaScript: the language is chosen by the
header's link, the page reads right to left in Arabic, and axe finds nothing serious in any of
the three languages."""

from __future__ import annotations

from typing import Any

import pytest

from massalia.inclusion.tests.test_browser_find_help import directory  # noqa: F401 (fixture)
from massalia.portal.tests.browser import PHONE, assert_accessible, open_menu

pytestmark = pytest.mark.browser

WORDS = {
    "en": {"need": "Internet access", "near": "Near the address", "open": "Open now",
           "search": "Search"},
    "ar": {"need": "الوصول إلى الإنترنت", "near": "بالقرب من العنوان", "open": "مفتوح الآن",
           "search": "بحث"},
}  # fmt: skip
NAMES = {"en": "English", "ar": "العربية"}


def _layout(page: Any) -> dict[str, Any]:
    return page.evaluate(
        """() => {
          const text = document.createRange();
          text.selectNodeContents(document.querySelector('main h1'));
          const h = text.getBoundingClientRect();  // the heading's words, not its block
          const menu = [...document.querySelectorAll('.site-header nav li')]
            .map(li => li.getBoundingClientRect().x);
          return {dir: document.documentElement.dir, lang: document.documentElement.lang,
                  width: document.documentElement.scrollWidth, viewport: window.innerWidth,
                  headingLeft: h.left, headingRight: h.right, firstMenuX: menu[0],
                  secondMenuX: menu[1]};
        }"""
    )


@pytest.mark.parametrize("language", ["en", "ar"])
def test_it_finds_help_open_now_in_another_language_without_javascript(
    live_server,
    nojs_page,
    directory,  # noqa: F811 (the fixture imported above)
    language,
):
    page, words = nojs_page, WORDS[language]
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/aide/")
    page.get_by_role("link", name=NAMES[language]).click()
    open_menu(page)
    page.get_by_role("link", name=words["need"], exact=True).first.click()
    page.get_by_label(words["near"]).fill("12 rue d'Aubagne")
    page.get_by_label(words["open"]).check()
    page.locator("main").get_by_role("button", name=words["search"]).click()
    results = page.locator(".directory-list")
    assert results.get_by_role("link", name="Lieu toujours").is_visible()
    assert results.get_by_role("link", name="Lieu jamais").count() == 0
    assert words["open"] in results.inner_text()
    open_menu(page)  # folded again on the results' page: its entries are laid out once open
    layout = _layout(page)
    assert layout["lang"] == language
    assert layout["width"] <= layout["viewport"], "the page must not scroll sideways"
    if language == "ar":
        assert layout["dir"] == "rtl"
        # The heading starts at the right edge and the menu runs from right to left.
        assert layout["viewport"] - layout["headingRight"] < layout["headingLeft"]
        assert layout["firstMenuX"] > layout["secondMenuX"]
    else:
        assert layout["dir"] == "ltr"
        assert layout["headingLeft"] < layout["viewport"] - layout["headingRight"]
    assert_accessible(page)
    results.get_by_role("link", name="Lieu toujours").click()
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible(page)
