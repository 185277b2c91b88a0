"""The system libraries and tools CoachDesk needs on Linux, and which of them are missing.

This is the one list.  ``run.py`` (the README's set-up) installs what is missing from it,
``.ci/run`` too, the app checks it before it starts Qt (so a missing library or display
is a one-line message and exit 1, never Qt's silent abort), and
``tests/test_system_libraries.py`` holds the README's lists and Qt's own plugins to it.

Standard library only, and nothing runs on import: ``run.py`` imports this file with the
system's Python before anything is installed, and the app reads it before it imports Qt.

A library is named by its file name (soname), with the Debian/Ubuntu packages that may
provide it, the newest naming first (Ubuntu 24.04 renamed some for 64-bit time:
``libglib2.0-0t64``); the first one apt knows is installed.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

# Qt itself: importing PySide6 and drawing offscreen (the tests, printed PDFs, the
# offscreen smoke test).  The NEEDED entries of PySide6's QtCore, QtGui, QtWidgets,
# QtPrintSupport, QtNetwork, QtDBus and QtSvg, and the offscreen platform plugin, that
# PySide6 does not carry itself.
QT = {
    "libEGL.so.1": ("libegl1",),
    "libGL.so.1": ("libgl1",),
    "libfontconfig.so.1": ("libfontconfig1",),
    "libfreetype.so.6": ("libfreetype6",),
    "libglib-2.0.so.0": ("libglib2.0-0t64", "libglib2.0-0"),
    "libgthread-2.0.so.0": ("libglib2.0-0t64", "libglib2.0-0"),
    "libxkbcommon.so.0": ("libxkbcommon0",),
    "libdbus-1.so.3": ("libdbus-1-3",),
    "libX11.so.6": ("libx11-6",),
    "libgssapi_krb5.so.2": ("libgssapi-krb5-2",),
    "libz.so.1": ("zlib1g",),
    "libzstd.so.1": ("libzstd1",),
    "libbrotlidec.so.1": ("libbrotli1",),
}

# A window on X11: the xcb platform plugin (libqxcb.so), libQt6XcbQpa and the GLX
# integration.
X11 = {
    "libxcb.so.1": ("libxcb1",),
    "libX11-xcb.so.1": ("libx11-xcb1",),
    "libxcb-cursor.so.0": ("libxcb-cursor0",),
    "libxcb-glx.so.0": ("libxcb-glx0",),
    "libxcb-icccm.so.4": ("libxcb-icccm4",),
    "libxcb-image.so.0": ("libxcb-image0",),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1",),
    "libxcb-randr.so.0": ("libxcb-randr0",),
    "libxcb-render.so.0": ("libxcb-render0",),
    "libxcb-render-util.so.0": ("libxcb-render-util0",),
    "libxcb-shape.so.0": ("libxcb-shape0",),
    "libxcb-shm.so.0": ("libxcb-shm0",),
    "libxcb-sync.so.1": ("libxcb-sync1",),
    "libxcb-util.so.1": ("libxcb-util1",),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0",),
    "libxcb-xkb.so.1": ("libxcb-xkb1",),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0",),
}

# A window on Wayland: the wayland platform plugin, libQt6WaylandClient and the
# xdg-shell and EGL client plugins.
WAYLAND = {
    "libwayland-client.so.0": ("libwayland-client0",),
    "libwayland-cursor.so.0": ("libwayland-cursor0",),
    "libwayland-egl.so.1": ("libwayland-egl1",),
}

PLATFORM_LIBRARIES = {"xcb": X11, "wayland": WAYLAND}
PLATFORM_NAMES = {"xcb": "X11", "wayland": "Wayland"}

# Commands: the tests read printed PDFs back with poppler (they skip without it) and
# Qt needs at least one font, which fontconfig must find (fc-list is how we ask it).
TEST_TOOLS = {
    "pdftotext": ("poppler-utils",),
    "pdfinfo": ("poppler-utils",),
    "pdftoppm": ("poppler-utils",),
    "fc-list": ("fontconfig",),
}
FONT_PACKAGES = ("fonts-dejavu-core",)
# PyInstaller reads the libraries' dependencies with objdump (.ci/build-bundle).
BUILD_TOOLS = {"objdump": ("binutils",)}

NO_DISPLAY = "no display was found: to run without one, set QT_QPA_PLATFORM=offscreen"


def missing_libraries(libraries: Iterable[str]) -> list[str]:
    """The sonames among ``libraries`` that the dynamic loader cannot load here.

    Each is loaded for real (Qt loads them moments later anyway), so a broken or
    wrong-architecture file counts as missing, as it would for Qt.  In the desktop
    package, a library the package carries counts as present.
    """
    import ctypes

    bundled = _bundled_folders()
    missing = []
    for name in libraries:
        if any((folder / name).exists() for folder in bundled):
            continue
        try:
            ctypes.CDLL(name)
        except OSError:
            missing.append(name)
    return missing


def _bundled_folders() -> list[Path]:
    base = getattr(sys, "_MEIPASS", None)
    if base is None:
        return []
    return [Path(base), Path(base) / "PySide6" / "Qt" / "lib"]


def fonts_found() -> bool:
    """Whether fontconfig lists at least one font."""
    if shutil.which("fc-list") is None:
        return False
    import subprocess  # only here: a start that finds nothing missing does not load it

    listed = subprocess.run(["fc-list"], capture_output=True, text=True, check=False)
    return bool(listed.stdout.strip())


def platforms_to_try(environ: Mapping[str, str]) -> list[str]:
    """The Qt platform plugins Qt will try, as far as a display is concerned.

    ``QT_QPA_PLATFORM`` when set (its ``;``-separated list); else Wayland when
    ``WAYLAND_DISPLAY`` is set and X11 (xcb) when ``DISPLAY`` is; else none.
    """
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return [name.split(":")[0].strip() for name in chosen.split(";") if name.strip()]
    candidates = []
    if environ.get("WAYLAND_DISPLAY"):
        candidates.append("wayland")
    if environ.get("DISPLAY"):
        candidates.append("xcb")
    return candidates


def start_problem(environ: Mapping[str, str] | None = None) -> str | None:
    """Why Qt could not show a window here, as one line with the next step; None if it can.

    Only on Linux (macOS and Windows bring their own platform).  The platforms are the
    ones Qt would try (``platforms_to_try``); the first that has its libraries and can
    reach its display is fine.  Otherwise the first platform's problem is told.
    """
    if not sys.platform.startswith("linux"):
        return None
    environ = os.environ if environ is None else environ
    missing = missing_libraries(QT)
    if missing:
        return needs_libraries_message(missing, QT, "to start")
    problems = []
    for platform in platforms_to_try(environ):
        problem = _platform_problem(platform.removesuffix("-egl"), environ)
        if problem is None:
            return None
        problems.append(problem)
    return problems[0] if problems else NO_DISPLAY


def _platform_problem(platform: str, environ: Mapping[str, str]) -> str | None:
    libraries = PLATFORM_LIBRARIES.get(platform)
    if libraries is None:  # offscreen, minimal, or a plugin this check does not know
        return None
    missing = missing_libraries(libraries)
    if missing:
        return needs_libraries_message(
            missing, libraries, f"to open a window on {PLATFORM_NAMES[platform]}"
        )
    if platform == "xcb":
        return _x11_problem(environ.get("DISPLAY", ""))
    return _wayland_problem(environ.get("WAYLAND_DISPLAY", ""))


def _x11_problem(display: str) -> str | None:
    import ctypes

    xcb = ctypes.CDLL("libxcb.so.1")
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode() or None, None)
    failed = xcb.xcb_connection_has_error(connection)
    xcb.xcb_disconnect(connection)
    if failed:
        return (
            f"cannot connect to the X11 display {display or '(DISPLAY is not set)'}: "
            "is it running, and may you use it? To run without one, set "
            "QT_QPA_PLATFORM=offscreen"
        )
    return None


def _wayland_problem(display: str) -> str | None:
    import ctypes

    wayland = ctypes.CDLL("libwayland-client.so.0")
    wayland.wl_display_connect.restype = ctypes.c_void_p
    wayland.wl_display_connect.argtypes = [ctypes.c_char_p]
    wayland.wl_display_disconnect.argtypes = [ctypes.c_void_p]
    connection = wayland.wl_display_connect(display.encode() or None)
    if not connection:
        return (
            f"cannot connect to the Wayland display {display or 'wayland-0'}: is it "
            "running? To run without one, set QT_QPA_PLATFORM=offscreen"
        )
    wayland.wl_display_disconnect(connection)
    return None


def needs_libraries_message(
    missing: list[str], libraries: Mapping[str, tuple[str, ...]], purpose: str
) -> str:
    """The one-line message: "Qt needs the system library X to ...: install it with ..."."""
    if shutil.which("apt-get") is None:
        names = ", ".join(missing)
        one = len(missing) == 1
        return (
            f"Qt needs the system {'library' if one else 'libraries'} {names} {purpose}: "
            f"install the {'package that provides it' if one else 'packages that provide them'}"
            " with your system's package manager"
        )
    packages = debian_packages(missing, libraries)
    one = len(packages) == 1
    return (
        f"Qt needs the system {'library' if one else 'libraries'} {' '.join(packages)} "
        f"{purpose}: install {'it' if one else 'them'} with "
        f"{apt_command(packages)}"
    )


def apt_command(packages: Iterable[str]) -> str:
    """The command that installs ``packages``, with sudo when not run as root."""
    sudo = "" if os.geteuid() == 0 else "sudo "
    return f"{sudo}apt-get install {' '.join(packages)}"


def debian_packages(names: Iterable[str], table: Mapping[str, tuple[str, ...]]) -> list[str]:
    """The packages that provide ``names`` (sonames or commands in ``table``), each once,
    in the naming this system's apt knows."""
    packages: list[str] = []
    for name in names:
        package = known_package(table[name])
        if package not in packages:
            packages.append(package)
    return packages


def known_package(candidates: tuple[str, ...]) -> str:
    """The first of ``candidates`` apt can install (not merely a virtual name); the
    last one when apt knows none of them (its lists may not be fetched yet)."""
    if len(candidates) > 1 and shutil.which("apt-cache") is not None:
        import subprocess

        for candidate in candidates:
            shown = subprocess.run(
                ["apt-cache", "show", "--no-all-versions", candidate],
                capture_output=True,
                check=False,
            )
            if shown.returncode == 0 and shown.stdout:
                return candidate
    return candidates[-1]
