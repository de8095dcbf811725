"""The system under test: a throw-away database and gunicorn web processes on 127.0.0.1."""

from __future__ import annotations

import atexit
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql

HOST = "127.0.0.1"  # loopback only, whatever the options say
PG_PORT = 5432
REDIS_PORT = 6379
ADMIN_DSN = f"postgresql://postgres@{HOST}:{PG_PORT}/postgres"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 60.0
COMMAND_TIMEOUT = 300.0


class SetupError(RuntimeError):
    """A service the load test needs is missing or a setup step failed."""


def postgres_reachable() -> bool:
    try:
        with psycopg.connect(ADMIN_DSN, connect_timeout=2):
            return True
    except psycopg.Error:
        return False


def redis_reachable() -> bool:
    try:
        with socket.create_connection((HOST, REDIS_PORT), timeout=1):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def create_database(name: str) -> None:
    with psycopg.connect(ADMIN_DSN, autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(name: str) -> None:
    with psycopg.connect(ADMIN_DSN, autocommit=True, connect_timeout=5) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@dataclass
class Site:
    """One running instance: its database, its gunicorn processes, its API key."""

    database: str
    port: int
    workers: int
    threads: int
    workdir: Path
    env: dict[str, str]
    api_key: str = ""
    process: subprocess.Popen[bytes] | None = None
    logs: list[Path] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def database_url(self) -> str:
        return f"postgresql://postgres@{HOST}:{PG_PORT}/{self.database}"


def server_env(*, database: str, workdir: Path, redis_db: int, conn_max_age: int) -> dict[str, str]:
    """Production-like settings; rate limits off so that they do not shape the test."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "CELERY_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="massalia.settings",
        DATABASE_URL=_url_of(database),
        DATABASE_CONN_MAX_AGE=str(conn_max_age),
        # Idempotency keys must be shared by every web process.
        CACHE_URL=f"redis://{HOST}:{REDIS_PORT}/{redis_db}",
        RATELIMIT_ENABLED="false",
        TASKS_BACKEND="inline",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        MASSALIA_VAR_DIR=str(workdir / "var"),
        DEBUG="false",
        ALLOWED_HOSTS=HOST,
        SITE_URL=f"http://{HOST}",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


# The database every run of this process copies: migrated, with the small demo loaded.
_template: str | None = None


def prepare(site: Site) -> None:
    """Give the site its own database (a copy of the prepared one) and an API key.

    The first run of a process migrates and loads the small demo into a template database,
    minutes of work; later runs copy it (CREATE DATABASE … TEMPLATE), which takes seconds.
    """
    clone_database(_prepared_template(site), site.database)
    output = manage(site, "apikey", "create", f"loadtest-{uuid.uuid4().hex[:8]}")
    site.api_key = output.strip().splitlines()[-1].strip()


def _prepared_template(site: Site) -> str:
    global _template
    if _template is None:
        name = f"massalia_load_template_{uuid.uuid4().hex[:10]}"
        create_database(name)
        atexit.register(drop_database, name)
        env = site.env | {"DATABASE_URL": _url_of(name)}
        manage(site, "migrate", "--noinput", "-v", "0", env=env)
        manage(site, "loaddemo", "--size", "small", env=env)
        _template = name
    return _template


def clone_database(template: str, name: str) -> None:
    with psycopg.connect(ADMIN_DSN, autocommit=True, connect_timeout=5) as conn:
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        )


def _url_of(database: str) -> str:
    # connect_timeout: a request never waits long for a database that does not answer.
    return f"postgres://postgres@{HOST}:{PG_PORT}/{database}?connect_timeout=3"


def manage(site: Site, *args: str, env: dict[str, str] | None = None) -> str:
    log = site.workdir / f"manage-{args[0]}.log"
    site.logs.append(log)
    done = subprocess.run(
        [sys.executable, "-m", "massalia", *args],
        env=env or site.env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
        check=False,
    )
    log.write_text(done.stdout + done.stderr)
    if done.returncode != 0:
        raise SetupError(f"massalia {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def start_gunicorn(site: Site) -> None:
    log_path = site.workdir / "gunicorn.log"
    site.logs.append(log_path)
    with log_path.open("wb") as log:
        site.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "massalia.wsgi:application",
             "--bind", f"{HOST}:{site.port}", "--workers", str(site.workers),
             "--worker-class", "gthread", "--threads", str(site.threads),
             "--timeout", "30", "--graceful-timeout", "5", "--keep-alive", "5",
             "--control-socket", str(site.workdir / "gunicorn.ctl")],
            env=site.env, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if site.process.poll() is not None:
            raise SetupError(f"gunicorn exited:\n{log_path.read_text()[-2000:]}")
        if _health_ok(site.port):
            return
        time.sleep(0.3)
    raise SetupError(f"gunicorn did not answer /health within {START_TIMEOUT:.0f} s")


def _health_ok(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=2)
        conn.request("GET", "/health")
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False


def stop_gunicorn(site: Site) -> None:
    process = site.process
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
