"""Massalia's settings plus one minimal view, to compare an endpoint with the server's floor."""

from massalia.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}  # noqa: F405
