"""Tests that need a tool or a permission skip, with the reason, where it is missing.

Each is run alone in a real pytest subprocess on a machine made to lack it: a PATH
without pdftotext, an ``unshare`` that fails as it does in a container or a chroot.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_alone(test: str, path: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", test, "-q", "-rs", "-p", "no:cacheprovider", "-n", "0"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PATH": path},
        timeout=300,
    )


def test_the_feedback_card_test_skips_without_pdftotext(tmp_path):
    done = run_alone(
        "tests/ui/test_feedback_gui.py::"
        "test_the_feedback_card_is_saved_as_a_pdf_from_the_client_page",
        str(tmp_path),  # an empty folder: no pdftotext on PATH
    )
    assert "1 skipped" in done.stdout, done.stdout + done.stderr
    assert "pdftotext (poppler-utils) needed" in done.stdout


@pytest.mark.skipif(os.name != "posix", reason="unshare(1) is Linux's")
@pytest.mark.parametrize(
    "refusal",
    [
        "unshare: unshare failed: Operation not permitted",
        "unshare: cannot change root filesystem propagation: Invalid argument",
    ],
)
def test_the_full_disk_test_skips_where_mount_namespaces_are_refused(tmp_path, refusal):
    fake = tmp_path / "bin"
    fake.mkdir()
    unshare = fake / "unshare"
    unshare.write_text(f"#!/bin/sh\necho '{refusal}' >&2\nexit 1\n")
    unshare.chmod(0o755)
    done = run_alone(
        "tests/fault/test_backup_target.py::test_a_backup_target_that_is_really_full",
        f"{fake}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
    )
    # Both variants, the plain and the encrypted data file, skip.
    assert "2 skipped" in done.stdout, done.stdout + done.stderr
    if os.geteuid() == 0:
        assert refusal in done.stdout
