"""When Qt cannot show a window, the app and its smoke test say why on stderr and exit 1.

Real subprocesses of ``python -m coachdesk``: without a display, and with a library
Qt's X11 plugin needs made unloadable (an empty file of its name first on
LD_LIBRARY_PATH, which the dynamic loader then takes and refuses, for Qt as for the
check).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from coachdesk.system_libraries import NO_DISPLAY, platforms_to_try

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the display and library check is Linux's"
)


def start(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    return subprocess.run(
        [sys.executable, "-m", "coachdesk", "--data-dir", str(tmp_path / "data"), *args],
        capture_output=True,
        text=True,
        env={**clean, **env},
        timeout=60,
    )


@linux_only
@pytest.mark.parametrize("args", [(), ("--smoke-test",)], ids=["app", "smoke-test"])
def test_without_a_display_the_reason_and_the_fix_are_on_stderr(tmp_path, args):
    done = start(tmp_path, *args)
    assert done.returncode == 1
    assert done.stderr == f"coachdesk: {NO_DISPLAY}\n"
    assert done.stdout == ""
    log = (tmp_path / "data" / "logs" / "coachdesk.log").read_text()
    assert NO_DISPLAY in log


@linux_only
@pytest.mark.parametrize("args", [(), ("--smoke-test",)], ids=["app", "smoke-test"])
def test_a_missing_x11_library_is_named_with_how_to_install_it(tmp_path, args):
    broken = tmp_path / "broken-libs"
    broken.mkdir()
    (broken / "libxcb-shape.so.0").write_bytes(b"")
    done = start(tmp_path, *args, DISPLAY=":99", LD_LIBRARY_PATH=str(broken))
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("coachdesk: Qt needs the system librar")
    assert "libxcb-shape" in done.stderr
    assert "to open a window on X11: install" in done.stderr


@linux_only
def test_an_unreachable_x11_display_is_said_when_the_libraries_are_there(tmp_path):
    from coachdesk.system_libraries import X11, missing_libraries

    if missing_libraries(X11):
        pytest.skip(f"X11's libraries are not all here: {missing_libraries(X11)}")
    done = start(tmp_path, "--smoke-test", DISPLAY=":97")
    assert done.returncode == 1
    assert done.stderr.startswith("coachdesk: cannot connect to the X11 display :97")
    assert "set QT_QPA_PLATFORM=offscreen" in done.stderr


def test_offscreen_is_used_only_when_asked_for(tmp_path):
    done = start(tmp_path, "--smoke-test", QT_QPA_PLATFORM="offscreen")
    assert done.returncode == 0, done.stderr
    assert "smoke test passed" in done.stdout


def test_the_platforms_qt_would_try():
    assert platforms_to_try({}) == []
    assert platforms_to_try({"DISPLAY": ":0"}) == ["xcb"]
    assert platforms_to_try({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}) == [
        "wayland",
        "xcb",
    ]
    assert platforms_to_try({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}) == ["offscreen"]
    assert platforms_to_try({"QT_QPA_PLATFORM": "wayland;xcb"}) == ["wayland", "xcb"]
    assert platforms_to_try({"QT_QPA_PLATFORM": "vnc:size=800x600"}) == ["vnc"]


def test_a_fatal_qt_message_reaches_stderr_and_exits_with_1_not_134(tmp_path):
    script = (
        "import logging, sys\n"
        "from PySide6.QtCore import qFatal\n"
        "from coachdesk.app import create_application\n"
        "logging.basicConfig(filename=sys.argv[1])\n"
        "create_application()\n"
        "qFatal('This application failed to start because no Qt platform plugin could be"
        " initialized.')\n"
    )
    log = tmp_path / "qt.log"
    done = subprocess.run(
        [sys.executable, "-c", script, str(log)],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("coachdesk: ")
    assert done.stderr.endswith(f" (Qt's messages are in {log})\n")
    assert done.stderr.count("\n") == 1
    assert "no Qt platform plugin could be initialized" in log.read_text()
