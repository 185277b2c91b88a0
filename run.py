"""Set up CoachDesk from this folder, then run it: the README's two commands.

    python3 run.py [COACHDESK ARGUMENTS]    the app
    python3 run.py test [PYTEST ARGUMENTS]  the tests
    python3 run.py setup [--package]        only the set-up (.ci/run; --package adds
                                            what building the desktop package needs)
    python3 run.py uv [UV ARGUMENTS]        uv itself, whichever copy step 1 found

(On Windows, ``py`` instead of ``python3``.)  The set-up, each step only when needed:

1. uv: the one on PATH, or a ``uv`` module of this Python, or else its own copy in a
   virtual environment in the user's cache folder, installed there with pip (Debian and
   Ubuntu refuse ``pip install`` into the system's Python: PEP 668).
2. On Linux with apt, the system packages from ``coachdesk/system_libraries.py`` whose
   libraries or commands are missing: Qt's libraries (and those of the display in use,
   for the app), poppler and a font (for the tests).  It says which and why, and uses
   sudo when not run as root.  Without apt it prints the list.
3. ``uv sync --locked --compile-bytecode``, when the environment is not in step with
   ``uv.lock``: bytecode is compiled once here, not on every run.

Then it hands over to ``uv run --no-sync``.  Standard library only: it runs on the
system's Python before anything is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from coachdesk import system_libraries as needs  # noqa: E402  (standard library only)

UV_VERSION = "0.13.9"  # the uv its private copy gets; one on PATH is used as it is


def say(message: str) -> None:
    print(f"run.py: {message}", file=sys.stderr, flush=True)


def cache_folder() -> Path:
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home())) / "coachdesk-dev"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "coachdesk-dev"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "coachdesk-dev"


def find_uv() -> list[str]:
    """The command that runs uv, getting uv first if there is none."""
    on_path = shutil.which("uv")
    if on_path:
        return [on_path]
    as_module = subprocess.run(
        [sys.executable, "-m", "uv", "--version"], capture_output=True, check=False
    )
    if as_module.returncode == 0:
        return [sys.executable, "-m", "uv"]
    home = cache_folder() / "uv"
    scripts = home / ("Scripts" if sys.platform == "win32" else "bin")
    uv = scripts / ("uv.exe" if sys.platform == "win32" else "uv")
    if not uv.exists():
        say(f"getting uv {UV_VERSION} into {home} (a virtual environment of its own)")
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(home)], check=True)
        subprocess.run(
            [
                str(scripts / "python"),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                f"uv=={UV_VERSION}",
            ],
            check=True,
        )
    return [str(uv)]


def missing_for(purpose: str) -> list[tuple[str, Mapping[str, tuple[str, ...]], str]]:
    """What is missing for ``purpose`` ("app", "test", "package") as (names, their
    table, why) groups; empty off Linux."""
    if not sys.platform.startswith("linux"):
        return []
    groups: list[tuple[str, Mapping[str, tuple[str, ...]], str]] = [
        (name, needs.QT, "Qt itself") for name in needs.missing_libraries(needs.QT)
    ]
    if purpose == "app":
        if shutil.which("fc-list") is None:
            groups.append(("fc-list", needs.TEST_TOOLS, "finding the fonts"))
        for platform in needs.platforms_to_try(os.environ):
            libraries = needs.PLATFORM_LIBRARIES.get(platform.removesuffix("-egl"), {})
            why = f"a window on {needs.PLATFORM_NAMES.get(platform, platform)}"
            groups += [(name, libraries, why) for name in needs.missing_libraries(libraries)]
    else:
        groups += [
            (tool, needs.TEST_TOOLS, "the tests, which read printed PDFs back")
            for tool in needs.TEST_TOOLS
            if shutil.which(tool) is None
        ]
    if purpose == "package":
        groups += [
            (tool, needs.BUILD_TOOLS, "PyInstaller, which reads libraries with it")
            for tool in needs.BUILD_TOOLS
            if shutil.which(tool) is None
        ]
    if not needs.fonts_found():
        groups.append(("a font", {"a font": needs.FONT_PACKAGES}, "drawing text"))
    return groups


def install(groups: list[tuple[str, Mapping[str, tuple[str, ...]], str]]) -> None:
    """Install the packages for ``groups`` with apt, or say what is needed without it."""
    if not groups:
        return
    reasons: dict[str, list[str]] = {}
    for name, _table, why in groups:
        reasons.setdefault(why, []).append(name)
    wanted = "; ".join(f"for {why}: {', '.join(names)}" for why, names in reasons.items())
    if shutil.which("apt-get") is None:
        say(f"missing, please install with your system's package manager: {wanted}")
        return
    sudo: list[str] = []
    if os.geteuid() != 0:
        if shutil.which("sudo") is None:
            say(f"missing: {wanted}; as root, install them with apt-get, then run this again")
            sys.exit(1)
        sudo = ["sudo"]
    say(f"missing: {wanted}")
    apt = [*sudo, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]
    quietly([*apt, "update", "-qq"])
    packages: list[str] = []
    for name, table, _why in groups:
        package = needs.known_package(table[name])
        if package not in packages:
            packages.append(package)
    say(f"installing with apt-get: {' '.join(packages)}")
    quietly([*apt, "install", "-y", "-qq", "--no-install-recommends", *packages])


def quietly(command: list[str]) -> None:
    """Run ``command``, showing its output (dpkg's is long) only when it fails."""
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        print(done.stdout, file=sys.stderr)
        say(f"failed with exit status {done.returncode}: {' '.join(command)}")
        sys.exit(1)


def shared_python_library(uv: list[str]) -> list[tuple[str, Mapping[str, tuple[str, ...]], str]]:
    """PyInstaller bundles the Python library: Debian's Python has it in a package of its
    own (libpython3.11), which a bare system lacks, although sysconfig says the Python
    was built with it (Py_ENABLE_SHARED): so look for the file."""
    if not sys.platform.startswith("linux"):
        return []
    probe = subprocess.run(
        [*uv, "run", "--no-sync", "python", "-c", _SHARED_LIBRARY_PROBE],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    version, found = probe.stdout.split()
    if found == "yes":
        return []
    package = f"libpython{version}"
    table = {package: (f"{package}t64", package)}
    return [(package, table, "PyInstaller, which packs the Python library")]


_SHARED_LIBRARY_PROBE = """
import ctypes.util, os, sysconfig
version = sysconfig.get_python_version()
name = sysconfig.get_config_var("INSTSONAME") or ""
folder = sysconfig.get_config_var("LIBDIR") or ""
found = os.path.exists(os.path.join(folder, name)) or ctypes.util.find_library("python" + version)
print(version, "yes" if found else "no")
"""


def sync(uv: list[str]) -> None:
    """Bring .venv in step with uv.lock, compiling bytecode once, only when it is not."""
    check = subprocess.run(
        [*uv, "sync", "--locked", "--check", "--quiet"], cwd=ROOT, capture_output=True
    )
    if check.returncode != 0:
        say("installing the locked dependencies into .venv (uv sync)")
        subprocess.run(
            [*uv, "sync", "--locked", "--compile-bytecode", "--quiet"], cwd=ROOT, check=True
        )


def hand_over(command: list[str], folder: Path | None = None) -> None:
    """Become ``command`` (POSIX), or run it and exit with its status, in ``folder``."""
    if folder is not None:
        os.chdir(folder)
    if os.name == "posix":
        os.execv(command[0], command)
    sys.exit(subprocess.call(command))


def main(argv: list[str]) -> None:
    action = argv[0] if argv and argv[0] in ("test", "setup", "uv") else "app"
    rest = argv[1:] if action != "app" else argv
    if action == "uv":
        hand_over([*find_uv(), *rest])
    package = action == "setup" and "--package" in rest
    purpose = "package" if package else "test" if action != "app" else "app"
    uv = find_uv()
    install(missing_for(purpose))
    sync(uv)
    if package:
        install(shared_python_library(uv))
    if action == "setup":
        return
    if action == "test":  # pytest finds its settings and tests from this folder
        hand_over([*uv, "run", "--no-sync", "pytest", *rest], ROOT)
    # the app in the caller's folder, so that a relative --data-dir means what it says
    hand_over([*uv, "run", "--project", str(ROOT), "--no-sync", "coachdesk", *rest])


if __name__ == "__main__":
    main(sys.argv[1:])
