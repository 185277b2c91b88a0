"""Short forms of text for lists, panels and paper: one line, clipped, quoted.

The client's own words are shown quoted everywhere, in the same typographic quotes.
"""

from __future__ import annotations


def one_line(text: str) -> str:
    """All of ``text`` on one line (runs of white space, newlines included, become one space)."""
    return " ".join(text.split())


def first_line(text: str) -> str:
    """The first line of ``text`` that is not blank, stripped."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def clip(text: str, limit: int) -> str:
    """``text`` on one line, at most ``limit`` characters, cut at a word with "…"."""
    flat = one_line(text)
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"


def quoted(text: str, limit: int | None = None) -> str:
    """The client's words as a quotation, “…”, on one line (clipped to ``limit``); empty
    for blank text."""
    if not text.strip():
        return ""
    return f"“{clip(text, limit) if limit is not None else one_line(text)}”"


def initials(name: str) -> str:
    """ "D.K." for "Dan Kowalski": a client named on a notification the whole screen may
    see (the first letter of each of the first three words; "?" for no name)."""
    words = [word for word in name.replace(".", " ").split() if word[:1].isalnum()]
    return "".join(f"{word[0].upper()}." for word in words[:3]) or "?"
