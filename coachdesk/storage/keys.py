"""The keys of an encrypted practice: a random data key, kept wrapped twice.

The data file, its backups and encrypted exports are encrypted with one random 256-bit
**data key**.  It is never stored as it is: an **envelope** holds it wrapped (AES-256-GCM)
once by a key derived from the coach's passphrase and once by one derived from the
**recovery key** printed on the recovery sheet, both with scrypt (memory-hard, from the
standard library).  Either one alone unwraps it.  Changing the passphrase re-wraps the
data key and writes a new envelope: the file itself is not re-encrypted.

The envelope also keeps the recovery key sealed with the data key (``recovery_copy``),
so an unlocked practice can lock an export with it as well as with the passphrase: an
encrypted export opens with either, like the data.  It reveals nothing the data key does
not already open; the passphrase is never kept.

The format is documented in ``docs/encryption.md``, so the data stays readable without
CoachDesk.  Nothing here logs, prints or puts a passphrase or key into a message.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from coachdesk.domain.refusal import Refusal

FORMAT = "coachdesk-key-envelope"
VERSION = 1
DATA_KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
# scrypt's cost: about a quarter of a second and 128 MiB on a laptop of 2024.
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_MAXMEM = 256 * 1024 * 1024
MIN_PASSPHRASE = 8

PASSPHRASE = "passphrase"
RECOVERY = "recovery"

# The recovery key: 160 random bits in Crockford's base32 (no I, L, O or U), 8 groups of 4.
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECOVERY_BYTES = 20
RECOVERY_GROUP = 4
_READ_AS = {"O": "0", "I": "1", "L": "1"}  # what a hand copy may write for 0 and 1


class WrongKey(Refusal):
    """The passphrase or recovery key does not open this envelope."""


class DamagedEnvelope(Refusal):
    """The envelope cannot be read: not one of ours, or damaged."""


@dataclass(frozen=True)
class Slot:
    """The data key wrapped by one secret: the passphrase or the recovery key."""

    kind: str  # PASSPHRASE or RECOVERY
    salt: bytes
    nonce: bytes
    wrapped: bytes  # AES-256-GCM: the data key's ciphertext and its 16-byte tag
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P


@dataclass(frozen=True)
class Sealed:
    """A secret sealed with the data key itself (AES-256-GCM)."""

    nonce: bytes
    sealed: bytes  # the secret's ciphertext and its 16-byte tag


@dataclass(frozen=True)
class Envelope:
    key_id: str  # names the data key without revealing it (``key_id``)
    slots: tuple[Slot, ...]
    recovery_made: str  # when the recovery key was made (ISO 8601, UTC)
    recovery_copy: Sealed | None = None  # the recovery key, sealed with the data key

    def slot(self, kind: str) -> Slot:
        for slot in self.slots:
            if slot.kind == kind:
                return slot
        raise DamagedEnvelope(f"the key envelope has no {kind} slot")

    def to_bytes(self) -> bytes:
        copy = self.recovery_copy
        sealed = (
            {}
            if copy is None
            else {
                "recovery_copy": {
                    "seal": "aes-256-gcm",
                    "nonce": _b64(copy.nonce),
                    "sealed": _b64(copy.sealed),
                }
            }
        )
        return json.dumps(
            {
                "format": FORMAT,
                "version": VERSION,
                "key_id": self.key_id,
                "recovery_made": self.recovery_made,
                **sealed,
                "slots": [
                    {
                        "kind": slot.kind,
                        "kdf": {"name": "scrypt", "n": slot.n, "r": slot.r, "p": slot.p},
                        "salt": _b64(slot.salt),
                        "wrap": "aes-256-gcm",
                        "nonce": _b64(slot.nonce),
                        "wrapped": _b64(slot.wrapped),
                    }
                    for slot in self.slots
                ],
            },
            indent=1,
        ).encode("ascii")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def envelope_from_bytes(data: bytes) -> Envelope:
    """The envelope ``data`` holds; ``DamagedEnvelope`` when it is not one of ours."""
    try:
        record = json.loads(data.decode("ascii"))
        if record.get("format") != FORMAT:
            raise DamagedEnvelope("not a CoachDesk key envelope")
        if record.get("version") != VERSION:
            raise DamagedEnvelope(
                f"a key envelope of version {record.get('version')}, newer than this CoachDesk"
            )
        slots = tuple(
            Slot(
                kind=str(slot["kind"]),
                salt=base64.b64decode(slot["salt"], validate=True),
                nonce=base64.b64decode(slot["nonce"], validate=True),
                wrapped=base64.b64decode(slot["wrapped"], validate=True),
                n=int(slot["kdf"]["n"]),
                r=int(slot["kdf"]["r"]),
                p=int(slot["kdf"]["p"]),
            )
            for slot in record["slots"]
            if slot["kdf"]["name"] == "scrypt" and slot["wrap"] == "aes-256-gcm"
        )
        copy = record.get("recovery_copy")
        sealed = None
        if copy is not None and copy["seal"] == "aes-256-gcm":
            sealed = Sealed(
                base64.b64decode(copy["nonce"], validate=True),
                base64.b64decode(copy["sealed"], validate=True),
            )
        envelope = Envelope(
            str(record["key_id"]), slots, str(record["recovery_made"]), recovery_copy=sealed
        )
    except DamagedEnvelope:
        raise
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise DamagedEnvelope("the key envelope is damaged") from exc
    for kind in (PASSPHRASE, RECOVERY):
        envelope.slot(kind)
    return envelope


def new_data_key() -> bytes:
    return secrets.token_bytes(DATA_KEY_BYTES)


def key_id(data_key: bytes) -> str:
    """A name for ``data_key`` that says which key a file needs, and reveals nothing of it."""
    return hashlib.sha256(b"coachdesk key id\x00" + data_key).hexdigest()[:32]


def new_recovery_key() -> str:
    """A new recovery key, as printed: "7K2M-QX9D-…" (8 groups of 4)."""
    number = int.from_bytes(secrets.token_bytes(RECOVERY_BYTES), "big")
    letters = ""
    for _ in range(RECOVERY_BYTES * 8 // 5):
        number, digit = divmod(number, 32)
        letters = RECOVERY_ALPHABET[digit] + letters
    return "-".join(
        letters[start : start + RECOVERY_GROUP] for start in range(0, len(letters), RECOVERY_GROUP)
    )


def read_recovery_key(text: str) -> str:
    """``text`` as a recovery key in its printed form, whatever its case, spaces and
    dashes; ``WrongKey`` when it cannot be one."""
    letters = "".join(_READ_AS.get(char, char) for char in text.upper() if char not in " -\t\r\n")
    length = RECOVERY_BYTES * 8 // 5
    if len(letters) != length:
        raise WrongKey(
            f"A recovery key has {length} letters and digits; this one has {len(letters)}. "
            "Check it against the recovery sheet."
        )
    wrong = sorted({char for char in letters if char not in RECOVERY_ALPHABET})
    if wrong:
        raise WrongKey(
            f"A recovery key has no {', '.join(wrong)}. Check it against the recovery sheet."
        )
    return "-".join(
        letters[start : start + RECOVERY_GROUP] for start in range(0, length, RECOVERY_GROUP)
    )


def passphrase_problem(passphrase: str) -> str | None:
    """Why ``passphrase`` cannot protect a practice, or None."""
    if len(passphrase.strip()) < MIN_PASSPHRASE:
        return f"A passphrase needs at least {MIN_PASSPHRASE} characters."
    return None


def _secret_bytes(kind: str, secret: str) -> bytes:
    if kind == RECOVERY:
        return read_recovery_key(secret).replace("-", "").encode("ascii")
    return unicodedata.normalize("NFC", secret).encode("utf-8")


def _kek(slot: Slot, secret: str) -> bytes:
    return hashlib.scrypt(
        _secret_bytes(slot.kind, secret),
        salt=slot.salt,
        n=slot.n,
        r=slot.r,
        p=slot.p,
        maxmem=SCRYPT_MAXMEM,
        dklen=32,
    )


def _associated(kind: str, envelope_key_id: str) -> bytes:
    return f"{FORMAT} {VERSION} {kind} {envelope_key_id}".encode("ascii")


def _wrap(kind: str, secret: str, data_key: bytes) -> Slot:
    unwrapped = Slot(kind, secrets.token_bytes(SALT_BYTES), secrets.token_bytes(NONCE_BYTES), b"")
    kek = _kek(unwrapped, secret)
    wrapped = AESGCM(kek).encrypt(unwrapped.nonce, data_key, _associated(kind, key_id(data_key)))
    return replace(unwrapped, wrapped=wrapped)


def _sealed_recovery_key(data_key: bytes, recovery_key: str) -> Sealed:
    nonce = secrets.token_bytes(NONCE_BYTES)
    text = read_recovery_key(recovery_key).encode("ascii")
    return Sealed(
        nonce, AESGCM(data_key).encrypt(nonce, text, _associated("recovery copy", key_id(data_key)))
    )


def recovery_key_of(envelope: Envelope, data_key: bytes) -> str | None:
    """The recovery key sealed in ``envelope`` (as printed), or None when it keeps no copy
    (made by an earlier CoachDesk: a new recovery sheet adds one)."""
    copy = envelope.recovery_copy
    if copy is None:
        return None
    try:
        text = AESGCM(data_key).decrypt(
            copy.nonce, copy.sealed, _associated("recovery copy", envelope.key_id)
        )
    except InvalidTag:
        raise DamagedEnvelope("the key envelope is damaged") from None
    return text.decode("ascii")


def make_envelope(
    data_key: bytes, passphrase: str, recovery_key: str, recovery_made: datetime
) -> Envelope:
    """The envelope of ``data_key``, opened by ``passphrase`` or ``recovery_key``."""
    return Envelope(
        key_id(data_key),
        (_wrap(PASSPHRASE, passphrase, data_key), _wrap(RECOVERY, recovery_key, data_key)),
        recovery_made.isoformat(timespec="seconds"),
        recovery_copy=_sealed_recovery_key(data_key, recovery_key),
    )


def unwrap(envelope: Envelope, kind: str, secret: str) -> bytes:
    """The data key, unwrapped with the passphrase or the recovery key (``kind``);
    ``WrongKey`` when ``secret`` is not the one."""
    slot = envelope.slot(kind)
    try:
        data_key = AESGCM(_kek(slot, secret)).decrypt(
            slot.nonce, slot.wrapped, _associated(kind, envelope.key_id)
        )
    except InvalidTag:
        what = "passphrase" if kind == PASSPHRASE else "recovery key"
        raise WrongKey(f"That {what} does not open this practice. Try again.") from None
    if key_id(data_key) != envelope.key_id:
        raise DamagedEnvelope("the key envelope is damaged")
    return data_key


def rewrapped(
    envelope: Envelope, data_key: bytes, kind: str, secret: str, **changes: str
) -> Envelope:
    """``envelope`` with the slot of ``kind`` wrapped anew by ``secret`` (a new recovery
    key is sealed anew too)."""
    slots = tuple(
        _wrap(kind, secret, data_key) if slot.kind == kind else slot for slot in envelope.slots
    )
    if kind == RECOVERY:
        changed = replace(envelope, recovery_copy=_sealed_recovery_key(data_key, secret))
    else:
        changed = envelope
    return replace(changed, slots=slots, **changes)
