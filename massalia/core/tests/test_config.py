import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from massalia.core.config import env_bool, env_int, env_list


def test_it_reads_booleans_and_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "peut-être")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG", False)


def test_it_reads_numbers_and_lists(monkeypatch):
    monkeypatch.setenv("X_N", "12")
    monkeypatch.setenv("X_L", "a.fr, b.fr,")
    assert env_int("X_N", 0) == 12
    assert env_list("X_L", []) == ["a.fr", "b.fr"]
    monkeypatch.setenv("X_N", "douze")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("X_N", 0)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DATABASE_URL", "mysql://x@y/z", "DATABASE_URL"),
        ("DEBUG", "sometimes", "DEBUG"),
        ("TASKS_BACKEND", "carrier-pigeon", "TASKS_BACKEND"),
        ("MASSALIA_CITY_INSEE_CODE", "123", "MASSALIA_CITY_INSEE_CODE"),
    ],
)
def test_a_bad_setting_stops_start_up_with_a_clear_message(name, value, message):
    env = {**os.environ, name: value}
    result = subprocess.run(
        [sys.executable, "-m", "massalia", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert message in result.stderr and "invalid" in result.stderr
