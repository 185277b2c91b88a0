"""An encrypted practice: the key envelope, the conversions, and the data file, its WAL
and its backups opened with the passphrase or the recovery key alone."""

from __future__ import annotations

import hashlib
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from coachdesk.demo import generate_demo
from coachdesk.domain.clients import ClientData
from coachdesk.storage import encrypted_files, files, keys, protection
from coachdesk.storage.backups import make_backup, restore, verify
from coachdesk.storage.client_list import count_clients
from coachdesk.storage.clients import create_client
from coachdesk.storage.database import open_database
from coachdesk.storage.errors import Problem, StorageError
from coachdesk.storage.portable_json import export_document

PASSPHRASE = "a quiet harbour at dawn"
NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
CANARY = "Zebulon Quillfeather"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _exported(database: Path) -> dict:
    db = open_database(database, database.parent / "backups")
    try:
        document = export_document(db, now=NOW)
    finally:
        db.close()
    return document


@pytest.fixture
def practice(tmp_path: Path) -> Path:
    """A plain demo practice with a canary client, closed."""
    database = tmp_path / "data" / "coachdesk.sqlite3"
    database.parent.mkdir()
    db = open_database(database, database.parent / "backups")
    try:
        generate_demo(db, "demo", seed=1)
        from coachdesk.domain.clients import ClientData

        create_client(db, ClientData(name=CANARY, organisation="Canary Works"))
    finally:
        db.close()
    return database


def _on_disk(folder: Path) -> bytes:
    return b"".join(path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file())


# --- the envelope ----------------------------------------------------------------------------


def test_either_secret_alone_unwraps_the_data_key_and_nothing_else_does():
    data_key = keys.new_data_key()
    recovery_key = keys.new_recovery_key()
    envelope = keys.envelope_from_bytes(
        keys.make_envelope(data_key, PASSPHRASE, recovery_key, NOW).to_bytes()
    )
    assert keys.unwrap(envelope, keys.PASSPHRASE, PASSPHRASE) == data_key
    assert keys.unwrap(envelope, keys.RECOVERY, recovery_key) == data_key
    assert keys.unwrap(envelope, keys.RECOVERY, recovery_key.lower().replace("-", " ")) == data_key
    with pytest.raises(keys.WrongKey, match="passphrase does not open"):
        keys.unwrap(envelope, keys.PASSPHRASE, PASSPHRASE + "!")
    with pytest.raises(keys.WrongKey, match="recovery key does not open"):
        keys.unwrap(envelope, keys.RECOVERY, keys.new_recovery_key())
    assert data_key.hex() not in envelope.to_bytes().decode()
    assert PASSPHRASE not in envelope.to_bytes().decode()


def test_a_recovery_key_copied_by_hand_is_read_as_printed_or_said_to_be_wrong():
    printed = keys.new_recovery_key()
    assert len(printed.split("-")) == 8
    assert keys.read_recovery_key(printed.replace("0", "o").replace("1", "l").lower()) == printed
    with pytest.raises(keys.WrongKey, match="has 32 letters and digits; this one has 31"):
        keys.read_recovery_key(printed[:-1])
    with pytest.raises(keys.WrongKey, match="has no U"):
        keys.read_recovery_key("U" + printed[1:])


def test_a_damaged_envelope_is_refused_as_damaged_not_as_a_wrong_passphrase():
    envelope = keys.make_envelope(keys.new_data_key(), PASSPHRASE, keys.new_recovery_key(), NOW)
    data = envelope.to_bytes()
    with pytest.raises(keys.DamagedEnvelope):
        keys.envelope_from_bytes(data[: len(data) // 2])
    with pytest.raises(keys.DamagedEnvelope):
        keys.envelope_from_bytes(data.replace(b"coachdesk-key-envelope", b"something-else"))


def test_a_short_passphrase_is_refused_with_what_is_needed(practice):
    with pytest.raises(keys.WrongKey, match="at least 8 characters"):
        protection.protect(practice, "short")
    assert not protection.is_protected(practice)


# --- the round trip --------------------------------------------------------------------------


def test_plain_protected_passphrase_changed_recovery_key_and_plain_again_hold_the_same_data(
    practice,
):
    before = _exported(practice)
    recovery_key = protection.protect(practice, PASSPHRASE, NOW)
    assert not practice.read_bytes().startswith(files.SQLITE_HEADER)
    assert CANARY.encode() not in _on_disk(practice.parent)
    assert _exported(practice) == before

    protected = _digest(practice)
    protection.change_passphrase(practice, keys.PASSPHRASE, PASSPHRASE, "another long passphrase")
    assert _digest(practice) == protected  # re-wrapped, not re-encrypted
    encrypted_files.forget_keys()
    with pytest.raises(keys.WrongKey):
        protection.unlock(practice, keys.PASSPHRASE, PASSPHRASE)
    protection.unlock(practice, keys.RECOVERY, recovery_key)
    assert _exported(practice) == before

    protection.unprotect(practice)
    assert practice.read_bytes().startswith(files.SQLITE_HEADER)
    assert not encrypted_files.sidecar(practice).exists()
    encrypted_files.forget_keys()
    assert _exported(practice) == before


def test_writes_to_an_encrypted_file_leave_nothing_readable_in_its_wal(practice):
    protection.protect(practice, PASSPHRASE, NOW)
    db = open_database(practice, practice.parent / "backups")
    try:
        from coachdesk.domain.clients import ClientData

        create_client(db, ClientData(name="Wilhelmina Wal-Canary"))
        wal = practice.with_name(practice.name + "-wal")
        assert wal.stat().st_size > 0
        assert b"Wilhelmina" not in wal.read_bytes()
        assert b"Wilhelmina" not in practice.read_bytes()
    finally:
        db.close()


def test_a_new_practice_made_protected_is_created_encrypted(tmp_path):
    database = tmp_path / "coachdesk.sqlite3"
    protection.start_protected(database, PASSPHRASE, NOW)
    db = open_database(database, tmp_path / "backups")
    try:
        generate_demo(db, "demo", seed=2)
        clients = count_clients(db)
    finally:
        db.close()
    assert clients > 0
    assert not database.read_bytes().startswith(files.SQLITE_HEADER)


# --- locked ----------------------------------------------------------------------------------


def test_a_locked_practice_is_never_called_damaged_and_is_left_as_it_is(practice):
    protection.protect(practice, PASSPHRASE, NOW)
    encrypted_files.forget_keys()
    before = _digest(practice)
    for attempt in (
        lambda: open_database(practice, practice.parent / "backups"),
        lambda: files.inspect_file(practice),
    ):
        with pytest.raises(StorageError) as refused:
            attempt()
        assert refused.value.problem is Problem.NEEDS_KEY
        assert "protected with a passphrase" in refused.value.message
    with pytest.raises(keys.WrongKey):
        protection.unlock(practice, keys.PASSPHRASE, "not the passphrase")
    assert _digest(practice) == before
    assert sorted(p.name for p in practice.parent.iterdir() if p.is_file()) == [
        practice.name,
        encrypted_files.sidecar(practice).name,
    ]


# --- backups ---------------------------------------------------------------------------------


def test_a_backup_alone_restores_on_a_fresh_data_folder_with_the_passphrase_or_the_recovery_key(
    practice, tmp_path
):
    before = _exported(practice)
    recovery_key = protection.protect(practice, PASSPHRASE, NOW)
    backup = make_backup(practice, practice.parent / "backups").path
    assert encrypted_files.trailer_size(backup) > 0
    assert CANARY.encode() not in backup.read_bytes()
    for kind, secret in ((keys.PASSPHRASE, PASSPHRASE), (keys.RECOVERY, recovery_key)):
        encrypted_files.forget_keys()
        new_computer = tmp_path / f"new-{kind}"
        new_computer.mkdir()
        carried = new_computer / backup.name
        shutil.copyfile(backup, carried)  # nothing but the backup file
        with pytest.raises(StorageError) as locked:
            verify(carried)
        assert locked.value.problem is Problem.NEEDS_KEY
        protection.unlock(carried, kind, secret)
        assert verify(carried).clients == len(before["clients"])
        database = new_computer / "data" / "coachdesk.sqlite3"
        database.parent.mkdir()
        restore(carried, database, new_computer / "data" / "backups")
        assert encrypted_files.sidecar(database).exists()
        encrypted_files.forget_keys()
        protection.unlock(database, kind, secret)
        assert _exported(database) == before


def test_a_backup_encrypted_with_another_key_is_refused_with_a_message_that_says_so(
    practice, tmp_path
):
    protection.protect(practice, PASSPHRASE, NOW)
    other = tmp_path / "other" / "coachdesk.sqlite3"
    other.parent.mkdir()
    protection.start_protected(other, "the other practice's passphrase", NOW)
    db = open_database(other, other.parent / "backups")
    db.close()
    foreign = make_backup(other, other.parent / "backups").path
    encrypted_files.forget_keys()
    protection.unlock(practice, keys.PASSPHRASE, PASSPHRASE)
    with pytest.raises(StorageError) as refused:
        restore(foreign, practice, practice.parent / "backups")
    assert refused.value.problem is Problem.NEEDS_KEY
    assert "encrypted with another key" in refused.value.message


# --- conversions cut short -------------------------------------------------------------------


def test_what_a_conversion_cut_short_left_goes_at_the_next_open(practice):
    before = _digest(practice)
    converting = practice.with_name(practice.name + files.CONVERTING_SUFFIX)
    safety = practice.with_name(practice.name + files.SAFETY_SUFFIX)
    converting.write_bytes(b"half an encrypted copy")
    shutil.copyfile(practice, safety)
    db = open_database(practice, practice.parent / "backups")
    db.close()
    assert not converting.exists()
    assert not safety.exists()
    assert _exported(practice)["clients"]
    assert before  # the data file itself was whole all along


def test_a_conversion_that_fails_its_check_leaves_the_data_file_as_it_was(practice, monkeypatch):
    before = _exported(practice)
    digests = iter(["the original", "something else"])  # the copy differs from the original
    monkeypatch.setattr(files, "content_digest", lambda _connection: next(digests))
    with pytest.raises(StorageError, match="did not match the original"):
        protection.protect(practice, PASSPHRASE, NOW)
    monkeypatch.undo()
    assert sorted(p.name for p in practice.parent.iterdir() if p.is_file()) == [practice.name]
    assert practice.read_bytes().startswith(files.SQLITE_HEADER)
    assert _exported(practice) == before


# --- the recovery drill ----------------------------------------------------------------------


def test_the_drill_opens_the_newest_backup_with_the_recovery_key_alone(practice):
    folder = practice.parent / "backups"
    recovery_key = protection.protect(practice, PASSPHRASE, NOW)
    with pytest.raises(StorageError, match="back up first"):
        protection.prove_recovery(practice, folder, recovery_key)
    made = make_backup(practice, folder).path
    expected = len(_exported(practice)["clients"])
    before = _digest(practice)
    held = dict(encrypted_files._held)
    backup, clients = protection.prove_recovery(practice, folder, recovery_key)
    assert backup == made and clients == expected
    assert _digest(practice) == before
    assert encrypted_files._held == held  # the live data's keys are not touched
    with pytest.raises(keys.WrongKey):
        protection.prove_recovery(practice, folder, keys.new_recovery_key())
    new_key = protection.new_recovery_key(practice, keys.PASSPHRASE, PASSPHRASE, NOW)
    with pytest.raises(StorageError, match="back up first"):  # older backups: the old sheet
        protection.prove_recovery(practice, folder, new_key)


def test_the_envelope_keeps_the_current_recovery_key_sealed_with_the_data_key(practice):
    first = protection.protect(practice, PASSPHRASE, NOW)
    sidecar = encrypted_files.sidecar(practice)
    for printed in (first, first.replace("-", "")):
        assert printed.encode() not in sidecar.read_bytes()
    data_key = encrypted_files.key_for(practice)
    assert keys.recovery_key_of(encrypted_files.envelope_for(practice), data_key) == first

    second = protection.new_recovery_key(practice, keys.PASSPHRASE, PASSPHRASE, NOW)
    protection.change_passphrase(practice, keys.RECOVERY, second, "another long passphrase")
    assert keys.recovery_key_of(encrypted_files.envelope_for(practice), data_key) == second
    with pytest.raises(keys.DamagedEnvelope):
        keys.recovery_key_of(encrypted_files.envelope_for(practice), keys.new_data_key())


def test_an_envelope_from_before_the_recovery_copy_still_opens_and_has_none(practice):
    import json

    protection.protect(practice, PASSPHRASE, NOW)
    sidecar = encrypted_files.sidecar(practice)
    record = json.loads(sidecar.read_bytes())
    del record["recovery_copy"]
    sidecar.write_text(json.dumps(record), encoding="ascii")
    encrypted_files.forget_keys()
    protection.unlock(practice, keys.PASSPHRASE, PASSPHRASE)
    envelope = encrypted_files.envelope_for(practice)
    assert keys.recovery_key_of(envelope, encrypted_files.key_for(practice)) is None


def test_the_search_index_is_encrypted_with_the_file_and_still_exact(practice):
    from coachdesk.storage import search

    protection.protect(practice, PASSPHRASE, NOW)
    assert b"quillfeather" not in _on_disk(practice.parent)  # the index's folded words
    db = open_database(practice, practice.parent / "backups")
    try:
        create_client(db, ClientData(name="Ottoline Searchable"))
        with db.read() as connection:
            assert search.differences(connection) == 0
            names = [hit.client_name for hit in search.search(connection, "quillfeather").hits]
            assert names == [CANARY]
            assert search.search(connection, "ottoline").hits
        assert b"ottoline" not in _on_disk(practice.parent)
    finally:
        db.close()
