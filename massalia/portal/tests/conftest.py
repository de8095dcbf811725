import os

# Playwright's sync API runs an event loop in the test thread; the ORM must still work there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from massalia.portal.tests.browser import (  # noqa: F401
    browser,
    context,
    nojs_context,
    nojs_page,
    page,
    pages,
)
