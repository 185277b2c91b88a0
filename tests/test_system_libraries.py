"""The system library lists: complete for Qt's own files, and the README's are the same.

``coachdesk/system_libraries.py`` is the one list.  Every library that PySide6's Qt
files for the tests, an X11 window and a Wayland window load directly, and that PySide6
does not carry, must be in it (read from their ELF headers with objdump); the README's
``apt-get install`` lines must name exactly its packages (Debian 12's names).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coachdesk import system_libraries as needs

ROOT = Path(__file__).resolve().parents[1]
# The C and C++ runtimes, which every system has.
RUNTIME = re.compile(
    r"^(libc|libm|libdl|libpthread|librt|libresolv|libstdc\+\+|libgcc_s|ld-linux.*)\.so"
)


def debian_names(table: dict[str, tuple[str, ...]]) -> list[str]:
    names: list[str] = []
    for candidates in table.values():
        if candidates[-1] not in names:
            names.append(candidates[-1])
    return names


def readme_install_line(starts: str) -> list[str]:
    for line in (ROOT / "README.md").read_text().splitlines():
        if line.startswith(starts):
            return line.split("`apt-get install ", 1)[1].split("`", 1)[0].split()
    raise AssertionError(f"no README line starts with {starts!r}")


def test_the_readme_lists_are_the_modules():
    tests = [*debian_names(needs.QT), *debian_names(needs.TEST_TOOLS), *needs.FONT_PACKAGES]
    assert readme_install_line("- for the tests (offscreen)") == tests
    assert readme_install_line("- for a real window on X11") == debian_names(needs.X11)
    assert readme_install_line("- for a real window on Wayland") == debian_names(needs.WAYLAND)
    assert readme_install_line("- to build the desktop package") == debian_names(needs.BUILD_TOOLS)
    package = [
        *debian_names(needs.QT),
        "fontconfig",
        *needs.FONT_PACKAGES,
        *debian_names(needs.X11),
        *debian_names(needs.WAYLAND),
    ]
    assert readme_install_line("`apt-get install libegl1") == package


def qt_folder() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent


def needed(files: list[Path]) -> set[str]:
    """The NEEDED entries of ``files`` that PySide6 does not carry and are not the C/C++
    runtime."""
    carried = {path.name for path in (qt_folder() / "Qt" / "lib").iterdir()}
    names: set[str] = set()
    for path in files:
        dump = subprocess.run(
            ["objdump", "-p", str(path)], capture_output=True, text=True, check=True
        ).stdout
        names |= {
            line.split()[1] for line in dump.splitlines() if line.strip().startswith("NEEDED")
        }
    return {
        name
        for name in names
        if name not in carried
        and not RUNTIME.match(name)
        and not name.startswith("libpyside")
        and not name.startswith("libshiboken")
        and not name.startswith("libpython")
    }


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("objdump") is None,
    reason="reads Linux ELF files with objdump (binutils)",
)
def test_every_library_qt_loads_is_in_the_lists():
    qt = qt_folder()
    plugins = qt / "Qt" / "plugins"
    lib = qt / "Qt" / "lib"
    modules = ["QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtNetwork", "QtDBus", "QtSvg"]
    base = [qt / f"{name}.abi3.so" for name in modules]
    base += [lib / f"libQt6{name.removeprefix('Qt')}.so.6" for name in modules]
    base += [plugins / "platforms" / "libqoffscreen.so"]
    x11 = [plugins / "platforms" / "libqxcb.so", lib / "libQt6XcbQpa.so.6"]
    x11 += sorted((plugins / "xcbglintegrations").glob("*.so"))
    wayland = [plugins / "platforms" / "libqwayland.so", lib / "libQt6WaylandClient.so.6"]
    wayland += [plugins / "wayland-shell-integration" / "libxdg-shell.so"]
    wayland += sorted((plugins / "wayland-graphics-integration-client").glob("*.so"))
    assert needed(base) <= set(needs.QT)
    assert needed(x11) <= set(needs.QT) | set(needs.X11)
    assert needed(wayland) <= set(needs.QT) | set(needs.WAYLAND)
    # and nothing listed that Qt does not load
    assert set(needs.X11) <= needed(x11)
    assert set(needs.WAYLAND) <= needed(wayland)
