"""Byte-flipped, truncated and zeroed-page data files at start-up.

Each case damages a copy of the demo practice.  The ground truth is SQLite itself, on a
throw-away copy: the file is damaged when its integrity check fails or SQLite refuses
the file.  Every *structurally* damaged file (the check fails on a read-only connection
too: pages, records, indexes) must be caught by the start-up check
(``backups.diagnose``), without an exception escaping, and left byte for byte as it was;
how many of them it names as damaged rather than as foreign or too new is reported.  A
file whose only fault is a value a CHECK constraint forbids (a flipped letter in a
status) is reported apart: SQLite verifies CHECK constraints only on a
connection that may write, and the start-up check reads only; ``coachdesk check`` and
backup verification use such a connection (set to run reads only) and catch it.
Damage SQLite does not notice (a changed letter in a note) is harmless.  A few damaged
files also go through the real ``coachdesk --smoke-test``.

The same on an encrypted practice (``protected``; its envelope beside each damaged copy,
its key held): SQLCipher authenticates every page it reads, so a damaged page is one
SQLite refuses.  The start-up check must name each structurally damaged file damaged,
never "protected with a passphrase" while the key is held; Check data file must call it
unhealthy.  With the key *not* held, every case (damaged or not) must be refused as
needing its key (the start-up check, the opening, Check data file, a restore over it)
and stay byte for byte as it was, nothing beside it renamed or added.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from coachdesk.cli.parser import PASSPHRASE_FILE_ENV
from coachdesk.storage import backups, encrypted_files
from coachdesk.storage.database import open_database
from coachdesk.storage.errors import Problem, StorageError
from tests.fault.harness import connect, digest, integrity
from tests.fault.protected import copy_practice, is_encrypted, titled, unlock

pytestmark = pytest.mark.fault

KINDS = ("flip", "truncate", "zero-page")
SMOKE_CASES = 5


@dataclass
class Case:
    number: int
    kind: str
    detail: str
    path: Path


def _damage(data: bytearray, kind: str, rng: random.Random, page_size: int) -> str:
    """Damage ``data`` (a file of pages of ``page_size``) in place; say how."""
    pages = len(data) // page_size
    if kind == "flip":
        count = rng.choice((1, 1, 2, 4, 16))
        if rng.random() < 0.2:  # page 1: the header and the schema
            offsets = [rng.randrange(page_size) for _ in range(count)]
        else:
            offsets = [rng.randrange(len(data)) for _ in range(count)]
        for offset in offsets:
            data[offset] ^= 1 << rng.randrange(8)
        return f"{count} bit(s) flipped at {sorted(offsets)[:4]}"
    if kind == "truncate":
        if rng.random() < 0.5:
            size = rng.randrange(1, pages) * page_size  # on a page boundary
        else:
            size = rng.randrange(1, len(data))
        del data[size:]
        return f"cut to {size} of {pages * page_size} bytes"
    page = rng.randrange(pages) if rng.random() < 0.9 else 0
    data[page * page_size : (page + 1) * page_size] = bytes(page_size)
    return f"page {page + 1} of {pages} zeroed"


def _sqlite_verdict(path: Path, scratch: Path) -> str:
    """'ok', 'structural' or 'constraint', from SQLite on a throw-away copy (opening a
    file may write next to it): 'constraint' when the integrity check fails only on a
    connection that may write, i.e. only for CHECK constraints."""
    copy = copy_practice(path, scratch / path.name)
    try:
        if integrity(copy) == "ok":
            return "ok"
        return "constraint" if integrity(copy, read_only=True) == "ok" else "structural"
    finally:
        shutil.rmtree(scratch)


def _page_size(database: Path, data: bytes) -> int:
    if is_encrypted(database):
        return encrypted_files.PAGE_SIZE  # SQLCipher's; the header itself is encrypted
    return int.from_bytes(data[16:18], "big")


def _make_cases(demo_database: Path, folder: Path, total: int, rng: random.Random) -> list[Case]:
    original = demo_database.read_bytes()
    page_size = _page_size(demo_database, original)
    cases = []
    for number in range(total):
        kind = KINDS[number % len(KINDS)]
        data = bytearray(original)
        detail = _damage(data, kind, rng, page_size)
        path = copy_practice(demo_database, folder / f"case-{number}" / "coachdesk.sqlite3")
        path.write_bytes(data)
        cases.append(Case(number, kind, detail, path))
    return cases


def _folder_state(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` (and under it) with its hash: nothing renamed or added."""
    return {str(p.relative_to(folder)): digest(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def _locked_problems(case: Case, where: str, plain_backup: Path) -> list[str]:
    """With no key held: each way in refuses the encrypted file as needing its key, and
    nothing in its folder changes."""
    problems = []
    folder = case.path.parent
    before = _folder_state(folder)
    problem = backups.diagnose(case.path)
    if problem is None or problem.problem is not Problem.NEEDS_KEY:
        problems.append(f"{where}, locked: the start-up check says {problem and problem.problem}")
    for name, attempt in (
        ("opening it", lambda: open_database(case.path, folder / "backups").close()),
        ("a restore over it", lambda: backups.restore(plain_backup, case.path, folder / "b")),
    ):
        try:
            attempt()
        except StorageError as exc:
            if exc.problem is not Problem.NEEDS_KEY:
                problems.append(f"{where}, locked: {name} refused as {exc.problem}")
        except Exception as exc:
            problems.append(f"{where}, locked: {name} raised {exc!r}")
        else:
            problems.append(f"{where}, locked: {name} went ahead")
    checked = backups.check_database(case.path)
    if checked.healthy or "passphrase" not in checked.describe():
        problems.append(f"{where}, locked: Check data file says {checked.describe()[:200]!r}")
    if _folder_state(folder) != before:
        problems.append(f"{where}, locked: its folder changed: {sorted(_folder_state(folder))}")
    return problems


def test_damaged_files_are_caught_at_start_up_and_kept(
    protected, demo_practice, demo_backup, passphrase, tmp_path, runs, seed, report
):
    total = runs(120, 600)
    rng = random.Random(f"{seed}:damaged-files" + (":encrypted" if protected else ""))
    cases = _make_cases(demo_practice, tmp_path / "cases", total, rng)
    damaged = {kind: 0 for kind in KINDS}
    harmless = {kind: 0 for kind in KINDS}
    constraint_only = constraint_caught = flagged_harmless = named_otherwise = 0
    locked_refused = 0
    structural: list[Case] = []
    problems: list[str] = []
    for case in cases:
        where = f"case {case.number} (seed {seed}, {case.kind}: {case.detail})"
        verdict = _sqlite_verdict(case.path, tmp_path / "scratch")
        before = digest(case.path)
        try:
            problem = backups.diagnose(case.path)
            healthy = backups.check_database(case.path).healthy if protected else None
        except Exception as exc:
            problems.append(f"{where}: diagnose or check_database raised {exc!r}")
            continue
        if digest(case.path) != before:
            problems.append(f"{where}: the damaged file was changed")
        if problem is not None and problem.problem is Problem.NEEDS_KEY:
            problems.append(f"{where}: called locked with its key held: {problem.message}")
        if verdict == "structural":
            damaged[case.kind] += 1
            structural.append(case)
            if problem is None:
                problems.append(f"{where}: not detected")
            elif problem.problem not in backups.DAMAGED:
                named_otherwise += 1  # refused all the same, e.g. its application id was hit
            if healthy:
                problems.append(f"{where}: Check data file calls it healthy")
        elif verdict == "constraint":
            constraint_only += 1
            constraint_caught += problem is not None
        else:
            harmless[case.kind] += 1
            flagged_harmless += problem is not None
        if protected:
            encrypted_files.forget_keys()
            try:
                found = _locked_problems(case, where, demo_backup)
            finally:
                unlock(demo_practice)
            problems += found
            locked_refused += not found

    problems += _smoke_tests(structural, passphrase if protected else None)

    report(
        titled("damaged files at start-up", protected),
        f"{total} cases, {len(structural)} structurally damaged ("
        + ", ".join(f"{kind} {damaged[kind]}" for kind in KINDS)
        + f"), {len(problems)} not detected / changed / with a traceback; "
        f"{named_otherwise} of them refused as foreign or too new rather than damaged; "
        f"{constraint_only} with only a value a CHECK constraint forbids ({constraint_caught} "
        f"caught); {sum(harmless.values())} harmless to SQLite ({flagged_harmless} refused "
        f"anyway); {min(SMOKE_CASES, len(structural))} through coachdesk --smoke-test"
        + (
            f"; with the key not held, {locked_refused} of {total} refused as needing the "
            "key by the start-up check, the opening, Check data file and a restore over "
            "them, their folders unchanged"
            if protected
            else ""
        ),
    )
    assert not problems, "\n".join(problems[:5])
    assert all(damaged.values()), "every kind of damage produced structurally damaged files"


def _smoke_tests(damaged: list[Case], passphrase: Path | None) -> list[str]:
    """Run ``coachdesk --smoke-test`` on a few damaged files (one of each kind first),
    two at a time; an encrypted practice's with its ``passphrase`` file."""
    chosen: list[Case] = []
    for kind in KINDS:
        chosen += [case for case in damaged if case.kind == kind][:1]
    chosen += [case for case in damaged if case not in chosen][: SMOKE_CASES - len(chosen)]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if passphrase is not None:
        env[PASSPHRASE_FILE_ENV] = str(passphrase)
    problems = []
    for pair in (chosen[i : i + 2] for i in range(0, len(chosen), 2)):
        started = []
        for case in pair:
            before = digest(case.path)
            expected = backups.diagnose(case.path)
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "coachdesk",
                    "--smoke-test",
                    "--data-dir",
                    str(case.path.parent),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            started.append((case, before, expected, process))
        for case, before, expected, process in started:
            _out, err = process.communicate(timeout=120)
            where = f"smoke test of case {case.number} ({case.kind}: {case.detail})"
            if process.returncode != 1:
                problems.append(f"{where}: exit code {process.returncode}")
            if "Traceback" in err:
                problems.append(f"{where}: a traceback:\n{err[-2000:]}")
            if expected is None or f"smoke test failed: {expected.message}" not in err:
                problems.append(f"{where}: not the plain message: {err[-500:]!r}")
            if digest(case.path) != before:
                problems.append(f"{where}: the damaged file was changed")
    return problems


# Damage the random cases above meet only now and then, pinned down.


def _damaged_copy(demo_database: Path, folder: Path, change) -> Path:
    folder.mkdir()
    path = folder / "coachdesk.sqlite3"
    data = bytearray(demo_database.read_bytes())
    change(data)
    path.write_bytes(data)
    return path


def _schema_name_not_utf8(data: bytearray) -> None:
    """A bit flip in a table's name in the schema (type, name, table name, SQL), making
    it bytes that are not UTF-8, which SQLite's error message quotes.  Every copy of the
    record: a page may still hold a stale one in its free space (where SQLite 3.53 leaves
    the first), and only the live one matters."""
    record = b"tablealembic_versionalembic_version"
    at = data.find(record)
    while at >= 0:
        data[at + len(b"tablealembic_v")] ^= 0x80  # "e" (0x65) becomes 0xE5
        at = data.find(record, at + 1)


def _unsupported_format(data: bytearray) -> None:
    """The schema format number in the header (offset 44) beyond any SQLite's."""
    data[47] ^= 0x80


@pytest.mark.parametrize("change", [_schema_name_not_utf8, _unsupported_format])
def test_a_schema_sqlite_cannot_read_is_called_damaged_not_a_traceback(
    demo_database, tmp_path, change
):
    path = _damaged_copy(demo_database, tmp_path / "data", change)
    assert integrity(path) != "ok"
    before = digest(path)
    problem = backups.diagnose(path)
    assert problem is not None and problem.problem in backups.DAMAGED
    assert not backups.check_database(path).healthy
    with pytest.raises(StorageError):
        backups.verify(path)
    with pytest.raises(StorageError) as refused:
        open_database(path, tmp_path / "backups")
    assert refused.value.problem in backups.DAMAGED
    assert digest(path) == before


def test_the_health_check_reports_a_value_a_check_constraint_forbids(demo_practice, tmp_path):
    path = copy_practice(demo_practice, tmp_path / "coachdesk.sqlite3")
    with closing(connect(path)) as connection:
        connection.execute("PRAGMA ignore_check_constraints = ON")
        connection.execute("UPDATE coaching_sessions SET status = 'plqnned' WHERE id = 1")
    assert integrity(path) != "ok"  # SQLite's own check sees it
    assert not backups.check_database(path).healthy


# Damage to an encrypted file and to its key envelope, pinned down.


def _salt(data: bytearray) -> None:
    """A bit of the salt (bytes 0-15, where a plain file's magic string would be)."""
    data[3] ^= 0x10


def _page_one(data: bytearray) -> None:
    """A bit of page 1's encrypted header."""
    data[40] ^= 0x01


def _last_page_mac(data: bytearray) -> None:
    """A bit of the last page's HMAC (the reserved bytes at its end)."""
    data[-1] ^= 0x01


def _cut_in_half(data: bytearray) -> None:
    del data[(len(data) // 2 // encrypted_files.PAGE_SIZE) * encrypted_files.PAGE_SIZE :]


@pytest.mark.parametrize(
    ("change", "seen_at_open"),
    [(_salt, True), (_page_one, True), (_cut_in_half, True), (_last_page_mac, False)],
    ids=["salt", "page 1", "cut in half", "last page's HMAC"],
)
def test_a_damaged_encrypted_file_is_called_damaged_and_a_locked_one_needs_its_key(
    encrypted_demo_database, demo_backup, tmp_path, change, seen_at_open
):
    """Key held: the start-up check, Check data file and verification call it damaged
    (the opening too, when the damage is in what it reads: page 1, the size); never
    locked.  Key not held: every one of them says it needs its key, and nothing in the
    folder is renamed or changed."""
    unlock(encrypted_demo_database)
    path = copy_practice(encrypted_demo_database, tmp_path / "data" / "coachdesk.sqlite3")
    data = bytearray(path.read_bytes())
    change(data)
    path.write_bytes(data)
    assert is_encrypted(path) and integrity(path) != "ok"
    before = _folder_state(path.parent)
    problem = backups.diagnose(path)
    assert problem is not None and problem.problem in backups.DAMAGED, problem
    assert not backups.check_database(path).healthy
    if seen_at_open:
        with pytest.raises(StorageError) as refused:
            open_database(path, tmp_path / "backups")
        assert refused.value.problem in backups.DAMAGED
    assert _folder_state(path.parent) == before

    encrypted_files.forget_keys()
    assert _locked_problems(Case(0, change.__name__, "", path), "locked", demo_backup) == []
    # Last: verification (meant for backups) leaves an empty -wal and an -shm beside a
    # file in WAL mode, plain or encrypted.
    with pytest.raises(StorageError) as refused:
        backups.verify(path)
    assert refused.value.problem is Problem.NEEDS_KEY
    unlock(encrypted_demo_database)
    with pytest.raises(StorageError) as refused:
        backups.verify(path)
    assert refused.value.problem is not Problem.NEEDS_KEY
    assert digest(path) == before[path.name]


@pytest.mark.parametrize("held", [True, False], ids=["key held", "key not held"])
def test_a_damaged_key_envelope_leaves_the_data_file_untouched(
    encrypted_demo_database, demo_backup, tmp_path, held
):
    """The ``.keys`` envelope beside a whole encrypted data file is damaged: whether or
    not the key is held, the file is one that needs its key (the message says which
    envelope cannot be read), never a damaged one to be set aside."""
    unlock(encrypted_demo_database)
    path = copy_practice(encrypted_demo_database, tmp_path / "data" / "coachdesk.sqlite3")
    envelope = encrypted_files.sidecar(path)
    envelope.write_bytes(envelope.read_bytes()[: envelope.stat().st_size // 2])
    if not held:
        encrypted_files.forget_keys()
    before = _folder_state(path.parent)
    assert _locked_problems(Case(0, "envelope", "", path), "envelope", demo_backup) == []
    problem = backups.diagnose(path)
    assert problem is not None and "key envelope" in problem.message
    assert _folder_state(path.parent) == before
