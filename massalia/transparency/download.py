"""DECP files from the web: only from the hosts the city configured, streamed to disk, capped.

`massalia decp import https://…` downloads each URL into a temporary file (never in memory),
then imports it like a local file. A host not in DECP_SOURCE_HOSTS is refused, and so is a
redirection to one, so the command cannot be turned against the city's own network; a file
larger than DECP_MAX_DOWNLOAD_BYTES is refused whole.
"""

from __future__ import annotations

import tempfile
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.client import HTTPMessage
from pathlib import Path, PurePosixPath
from typing import IO, Any
from urllib.parse import urlsplit

from django.conf import settings

from massalia.core.imports import ImportFileError

CHUNK = 1 << 16
TIMEOUT_SECONDS = 60


def is_url(source: str) -> bool:
    return urlsplit(source).scheme in ("http", "https")


def _check(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise ImportFileError(f"{url} : seules les adresses http et https sont lues")
    if parts.hostname not in settings.DECP_SOURCE_HOSTS:
        raise ImportFileError(
            f"{url} : l'hôte {parts.hostname} n'est pas une source configurée (DECP_SOURCE_HOSTS)"
        )


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self, req: Any, fp: IO[bytes], code: int, msg: str, headers: HTTPMessage, newurl: str
    ) -> Any:
        _check(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@contextmanager
def downloaded(url: str) -> Iterator[Path]:
    """The file at `url` on disk for the time of the block, named as in the URL."""
    _check(url)
    name = PurePosixPath(urlsplit(url).path).name or "decp.json"
    opener = urllib.request.build_opener(_CheckedRedirects)
    with tempfile.TemporaryDirectory(prefix="decp-") as folder:
        target = Path(folder) / name
        try:
            with opener.open(url, timeout=TIMEOUT_SECONDS) as response, target.open("wb") as out:
                _copy(response, out, url)
        except OSError as exc:  # URLError and timeouts are OSErrors
            raise ImportFileError(f"{url} : téléchargement impossible ({exc})") from exc
        yield target


def _copy(response: IO[bytes], out: IO[bytes], url: str) -> None:
    limit = settings.DECP_MAX_DOWNLOAD_BYTES
    copied = 0
    while chunk := response.read(CHUNK):
        copied += len(chunk)
        if copied > limit:
            raise ImportFileError(
                f"{url} : fichier de plus de {limit} octets (DECP_MAX_DOWNLOAD_BYTES)"
            )
        out.write(chunk)
