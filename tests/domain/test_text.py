"""Short forms of text: one line, first line, clipped at a word, quoted."""

from __future__ import annotations

from coachdesk.domain.text import clip, first_line, one_line, quoted


def test_one_line_and_first_line():
    assert one_line("  Start\n on   time ") == "Start on time"
    assert first_line("\n  \n Agenda: goals \nmore") == "Agenda: goals"
    assert first_line("   ") == ""


def test_clip_cuts_at_a_word_with_an_ellipsis():
    assert clip("short", 10) == "short"
    assert clip("Let me know ahead of time if someone else will join", 20) == "Let me know ahead…"
    assert len(clip("x" * 50, 10)) == 10


def test_quoted_uses_typographic_quotes_and_nothing_for_blank():
    assert quoted("Tell me\nfirst") == "“Tell me first”"
    assert quoted("Let me know ahead of time", 12) == "“Let me know…”"
    assert quoted("  ") == ""
