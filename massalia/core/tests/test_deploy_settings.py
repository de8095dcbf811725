"""Production settings: `check --deploy` passes, caches and storage follow their variables."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-" + "x" * 60 + "-production-test-only",
    "ALLOWED_HOSTS": "signalements.ville.test",
    "CSRF_TRUSTED_ORIGINS": "https://signalements.ville.test",
    "SITE_URL": "https://signalements.ville.test",
    "SESSION_COOKIE_SECURE": "true",
    "CSRF_COOKIE_SECURE": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "TASKS_BACKEND": "celery",
    "LOG_FORMAT": "json",
}
SHOW = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'caches': s.CACHES, 'storages': s.STORAGES, "
    "'proxy': s.SECURE_PROXY_SSL_HEADER}))"
)


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # Browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never does.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    full = {**inherited, "DJANGO_SETTINGS_MODULE": "massalia.settings", **env}
    return subprocess.run(args, env=full, capture_output=True, text=True, timeout=120)


def test_it_passes_the_deploy_check_with_production_settings():
    result = _run(
        [sys.executable, "-m", "massalia", "check", "--deploy", "--fail-level", "WARNING"],
        PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_it_uses_redis_for_the_cache_and_s3_for_media_when_asked():
    env = {
        **PRODUCTION,
        "CACHE_URL": "redis://127.0.0.1:6379/2",
        "MEDIA_STORAGE": "s3",
        "S3_BUCKET": "massalia-medias",
        "S3_ENDPOINT_URL": "https://s3.fournisseur.test",
        "S3_ADDRESSING_STYLE": "path",
    }
    result = _run([sys.executable, "-c", SHOW], env)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    cache = shown["caches"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/2"
    media = shown["storages"]["default"]
    assert media["BACKEND"] == "storages.backends.s3.S3Storage"
    assert media["OPTIONS"]["bucket_name"] == "massalia-medias"
    assert media["OPTIONS"]["addressing_style"] == "path"
    assert media["OPTIONS"]["default_acl"] is None  # private objects
    assert shown["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT"),
        ({"CACHE_URL": "memcached://127.0.0.1"}, "CACHE_URL"),
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE"),
        ({"MEDIA_STORAGE": "s3"}, "S3_BUCKET"),
        ({"CELERY_BROKER_URL": "sqs://queue"}, "CELERY_BROKER_URL"),
        ({"SECURE_PROXY_SSL_HEADER": "https"}, "SECURE_PROXY_SSL_HEADER"),
        ({"EMAIL_USE_TLS": "true", "EMAIL_USE_SSL": "true"}, "EMAIL_USE_SSL"),
        ({"LOG_LEVEL": "bavard"}, "LOG_LEVEL"),
    ],
)
def test_a_bad_production_setting_stops_start_up_with_its_name(env, named):
    result = _run([sys.executable, "-m", "massalia", "check"], env)
    assert result.returncode != 0
    assert f"Setting {named}=" in result.stderr
