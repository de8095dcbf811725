"""The personal data registry refuses two apps claiming one name instead of overwriting one."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from django.core.exceptions import ImproperlyConfigured

from massalia.accounts.privacy import export_user_data
from massalia.core import privacy
from massalia.core.privacy import PersonalData, PersonalDataConflict, Retention, register


@pytest.fixture(autouse=True)
def registry(monkeypatch):
    """Each test registers into a copy of the real registry, which stays as it was."""
    monkeypatch.setattr(privacy, "_parts", dict(privacy._parts))


def part(name: str, **kwargs) -> PersonalData:
    return PersonalData(
        name=name,
        export=kwargs.pop("export", lambda user: {}),
        erase=kwargs.pop("erase", lambda user: {}),
        purge=kwargs.pop("purge", lambda now, dry_run: {}),
        **kwargs,
    )


def test_it_refuses_a_second_app_registering_a_taken_part_name():
    registered = privacy._parts["servicerequests"]
    with pytest.raises(PersonalDataConflict) as refused:
        register(part("servicerequests", sections=("notes",)))
    message = str(refused.value)
    assert "'servicerequests'" in message
    assert "massalia.servicerequests.privacy" in message  # the app already registered
    assert __name__ in message  # and the newcomer
    assert privacy._parts["servicerequests"] is registered  # kept, not overwritten


def test_it_refuses_an_export_section_another_app_writes():
    with pytest.raises(PersonalDataConflict, match="export section 'requests'") as refused:
        register(part("crèches", sections=("applications", "requests")))
    assert "'servicerequests'" in str(refused.value)
    assert "'crèches'" in str(refused.value)
    assert "crèches" not in privacy._parts


def test_it_refuses_a_section_named_like_the_accounts_heading():
    with pytest.raises(PersonalDataConflict, match="'accounts'"):
        register(part("newsletters", sections=("account",)))


def test_it_refuses_an_erased_or_purged_kind_another_app_counts():
    with pytest.raises(PersonalDataConflict, match="erased kind 'removed_follows'"):
        register(part("follows2", erases=("removed_follows",)))
    with pytest.raises(PersonalDataConflict, match="purged kind 'pulse_messages'"):
        register(
            part(
                "forum",
                retention={"pulse_messages": Retention("messages", "PULSE_RETENTION_DAYS")},
            )
        )


def test_it_accepts_the_same_part_registered_twice():
    again = privacy._parts["pulse"]
    register(again)
    assert privacy._parts["pulse"] is again


def test_it_keeps_every_section_of_distinct_apps(city):
    register(
        part(
            "library",
            export=lambda user: {"loans": [{"book": "Marius"}]},
            sections=("loans",),
        )
    )
    data = export_user_data(user=city.people["alice"])
    assert data["loans"] == [{"book": "Marius"}]
    assert {"account", "requests", "follows", "messages"} <= set(data)


def test_it_stops_a_part_answering_with_a_section_it_did_not_declare(city):
    register(part("sneaky", export=lambda user: {"requests": []}, sections=("loans",)))
    with pytest.raises(ImproperlyConfigured, match=r"'sneaky'.*'requests'"):
        export_user_data(user=city.people["alice"])


def test_it_stops_start_up_when_two_apps_claim_a_section(tmp_path):
    app = tmp_path / "clashing"
    app.mkdir()
    (app / "__init__.py").write_text("")
    (app / "apps.py").write_text(
        textwrap.dedent(
            """
            from django.apps import AppConfig

            class ClashingConfig(AppConfig):
                name = "clashing"

                def ready(self):
                    from massalia.core.privacy import PersonalData, register

                    register(PersonalData(
                        name="clashing", export=lambda u: {}, erase=lambda u: {},
                        purge=lambda now, dry: {}, sections=("messages",),
                    ))
            """
        )
    )
    (tmp_path / "clashing_settings.py").write_text(
        "from massalia.settings import *\nINSTALLED_APPS = [*INSTALLED_APPS, 'clashing']\n"
    )
    started = subprocess.run(
        [sys.executable, "-m", "django", "check"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "clashing_settings",
            "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path]),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode != 0
    last = started.stderr.strip().splitlines()[-1]
    assert "PersonalDataConflict" in last
    assert "'messages'" in last and "'pulse'" in last and "'clashing'" in last
