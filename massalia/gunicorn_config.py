"""gunicorn's settings for Massalia: `gunicorn --config python:massalia.gunicorn_config …`.

gunicorn writes its access log itself, outside Django's logging: its lines get the same
redaction of secrets (an `?api_key=…` in the query string) as the application's own lines.
"""

import logging

from massalia.core.logging import RedactSecretsFilter

_access = logging.getLogger("gunicorn.access")
if not any(isinstance(f, RedactSecretsFilter) for f in _access.filters):
    _access.addFilter(RedactSecretsFilter())
