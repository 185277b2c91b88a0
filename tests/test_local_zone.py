"""The coach's own zone, with its rules, on each kind of system."""

from __future__ import annotations

import sys
import types
from zoneinfo import ZoneInfo

import icalendar.timezone.windows_to_olson  # noqa: F401 (loaded before winreg is faked)
import pytest

from coachdesk import local_zone


def test_tz_names_the_zone(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    assert local_zone.local_zone() == ZoneInfo("Europe/Berlin")
    assert local_zone.local_zone_name() == "Europe/Berlin"


def test_posix_rules_in_tz_give_todays_offset(monkeypatch):
    monkeypatch.setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3")
    zone = local_zone.local_zone()
    assert not isinstance(zone, ZoneInfo)
    assert local_zone.local_zone_name() == ""


def _registry(monkeypatch, query) -> None:
    """Windows, with a registry whose zone key answers ``query(key, name)``."""

    class Key:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    fake = types.SimpleNamespace(
        HKEY_LOCAL_MACHINE="HKLM", OpenKey=lambda root, path: Key(), QueryValueEx=query
    )
    monkeypatch.setitem(sys.modules, "winreg", fake)
    monkeypatch.setattr(local_zone, "WINDOWS", True)
    monkeypatch.delenv("TZ", raising=False)


def test_windows_reads_the_registrys_zone(monkeypatch):
    _registry(monkeypatch, lambda key, name: ("W. Europe Standard Time\x00", 1))
    assert local_zone.local_zone() == ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize("answer", [OSError("no key"), ("Mars Standard Time", 1)])
def test_windows_without_a_known_zone_gives_todays_offset(monkeypatch, answer):
    def query(key, name):
        if isinstance(answer, Exception):
            raise answer
        return answer

    _registry(monkeypatch, query)
    assert not isinstance(local_zone.local_zone(), ZoneInfo)
