"""Erasing a client: what the confirmation names, and how long backups still hold them.

Erasing removes the client's rows from the data file, but every backup taken
before holds them until backup rotation (``domain.backups``) lets it go.
Rotation keeps the newest backup of each recent day, week and month, so the
last backup that still holds the client is the one standing for the month
before the erasure, and it goes when that month leaves the 12 kept.
``backups_gone_by`` works the date out by running the rotation itself over a
backup every ``every_days`` days: about 13 months after the erasure with a
backup every day (the app takes one whenever it is used and something
changed); longer when the app is used less often.  Copies taken before an
update or a restore are thinned by their own rule (``domain.backups``): each is
kept at least 30 days, and until three newer copies of its kind exist, which
may be never (an update or a restore is rare), so the note says how to be sure.

The confirmation is deliberate but typeable on any keyboard: ``confirms_erasure``
accepts the client's name as it reads (``same_name``: case, accents and other marks,
spacing and punctuation do not count, so "jose-maria  garcia" confirms "José María
García" and "محمد" confirms "مُحَمَّد") or the word ERASE (in the app's language or in
English), which every keyboard can type whatever script the name is written in.
Another client's name, a part of the name, or nothing, never confirms.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta

from coachdesk.domain.backups import SAFETY_DAYS, SAFETY_NEWEST, Limits, backups_to_keep
from coachdesk.domain.folding import folded

# What each table's rows are called in the confirmation (singular, plural).
_NOUNS: dict[str, tuple[str, str]] = {
    "coaching_sessions": ("session", "sessions"),
    "guests": ("guest", "guests"),
    "matters": ("thing that matters to them", "things that matter to them"),
    "matter_triggers": ("trigger", "triggers"),
    "breaches": ("time the coach fell short", "times the coach fell short"),
    "commitments": ("promise", "promises"),
    "honour_checks": ("review answer", "review answers"),
    "pulse_checks": ("feedback record", "feedback records"),
    "pulse_answers": ("feedback answer", "feedback answers"),
}


ERASE_WORD = (
    "ERASE"  # the word that confirms for every script; the dialog also takes its translation
)


def comparable_name(text: str) -> str:
    """A name as a person reads it, for comparing: ``folding.folded``, and everything but
    letters, their signs and digits left out (spaces, hyphens, apostrophes, dots)."""
    return "".join(char for char in folded(text) if unicodedata.category(char)[0] in "LNM")


def same_name(typed: str, name: str) -> bool:
    """The typed text is the client's name, read as a person reads it (``comparable_name``);
    never when either has no letter or digit at all."""
    wanted = comparable_name(name)
    return bool(wanted) and comparable_name(typed) == wanted


def confirms_erasure(typed: str, name: str, words: Iterable[str] = (ERASE_WORD,)) -> bool:
    """The typed text confirms erasing ``name``: the name itself, or one of ``words``
    (the word ERASE, and its translation), case and surrounding spaces aside."""
    text = " ".join(typed.split()).casefold()
    if text and any(text == " ".join(word.split()).casefold() for word in words if word.strip()):
        return True
    return same_name(typed, name)


def counted(count: int, table: str) -> str:
    one, many = _NOUNS[table]
    return f"{count:,} {one if count == 1 else many}"


def _retired_part(count: int, retired: int) -> str:
    """ " (1 of them retired)", " (both retired)" … for the matters line; "" with none."""
    if retired <= 0:
        return ""
    if count == 1:
        return " (retired)"
    if retired >= count:
        return " (both retired)" if count == 2 else " (all retired)"
    return f" ({retired:,} of them retired)"


def what_goes(name: str, counts: Mapping[str, int], retired_matters: int = 0) -> list[str]:
    """The lines of the confirmation: the client's details, then each kind of record held
    (the matters saying how many of them are retired, which go too)."""
    lines = [f"{name}'s details (name, contact details, status, private notes)"]
    sessions = counts.get("coaching_sessions", 0)
    if sessions:
        line = counted(sessions, "coaching_sessions") + (
            " with its agenda and notes" if sessions == 1 else " with their agendas and notes"
        )
        if counts.get("guests"):
            line += f", and {counted(counts['guests'], 'guests')}"
        lines.append(line)
    if counts.get("matters"):
        lines.append(
            counted(counts["matters"], "matters")
            + _retired_part(counts["matters"], retired_matters)
            + ", in their words"
        )
    if counts.get("breaches"):
        lines.append(
            counted(counts["breaches"], "breaches")
            + (", with how it was repaired" if counts["breaches"] == 1 else ", with the repairs")
        )
    if counts.get("commitments"):
        lines.append(
            counted(counts["commitments"], "commitments") + " (made by the coach or by them)"
        )
    if counts.get("pulse_checks"):
        lines.append(
            counted(counts["pulse_checks"], "pulse_checks") + " (their scores and comments, "
            "and the coach's predictions)"
        )
    return lines


def backups_gone_by(erased_on: date, every_days: int = 1, limits: Limits | None = None) -> date:
    """The day rotation lets go of the last routine backup taken before ``erased_on``, when
    a backup is taken every ``every_days`` days (before and after the erasure)."""
    limits = limits or Limits()
    step = timedelta(days=every_days)

    def at(day: date) -> datetime:
        return datetime.combine(day, time(12))

    span = (limits.daily + 7 * limits.weekly + 31 * limits.monthly) * 2 + 60
    before = [at(erased_on - step * n) for n in range(1, span // every_days + 2)]
    taken = sorted(backups_to_keep(before, erased_on - step, limits))
    day = erased_on
    while taken and taken[0] < at(erased_on):
        taken.append(at(day))
        kept = backups_to_keep(taken, day, limits)
        taken = sorted(when for when in taken if when in kept)
        if taken[0] >= at(erased_on):
            return day
        day += step
    return day


def backup_note(name: str, routine: int, other: int, gone_by: str) -> str:
    """What the confirmation says about backups: ``routine`` and ``other`` (before an update
    or a restore) backups exist now; ``gone_by`` is the day from ``backups_gone_by``, already
    written for the reader."""
    if routine + other == 0:
        return f"There are no backups yet, so no copy of {name}'s records is kept anywhere else."
    held = routine + other
    note = (
        f"The {held} existing backup{'s' if held != 1 else ''} still "
        f"hold{'s' if held == 1 else ''} {name}'s records: "
        "erasing does not change backups. "
    )
    if routine:
        note += (
            "Automatic backups are let go as they age; with the app used daily, the last "
            f"one holding {name} is gone by about {gone_by} (later if it is used less often). "
        )
    if other:
        one = other == 1
        note += (
            f"{other} cop{'y' if one else 'ies'} made before an update or a restore "
            f"{'is' if one else 'are'} kept at least {SAFETY_DAYS} days, and until "
            f"{SAFETY_NEWEST} newer copies of {'its' if one else 'their'} kind are made "
            f"(the newest {SAFETY_NEWEST} of each kind are always kept): to be sure {name} is "
            f"gone from {'it' if one else 'them'}, delete {'it' if one else 'them'} from the "
            "backup folder by hand."
        )
    return note.strip()
