"""The ``search`` subcommand: one search over every client and every word kept of them,
as the window's search box does it (``storage.search``).  The words are never logged."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from typing import TYPE_CHECKING

from coachdesk.cli.common import fail, with_database

if TYPE_CHECKING:
    from coachdesk.paths import AppPaths
    from coachdesk.storage.database import Database
    from coachdesk.storage.search import Hit, Results

COMMANDS = ("search",)
PER_KIND = 20  # a terminal shows more than the search box's five


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    """Run one of ``COMMANDS``; ``StorageError`` is left to ``main`` to explain."""
    if args.command == "search":
        query = " ".join(args.words)
        from coachdesk.domain.search import parse_query

        if not parse_query(query):
            return fail("give a word to search for: letters or digits, e.g. coachdesk search board")
        return with_database(paths, _run_search, query, args.json)
    raise AssertionError(f"not a command of this module: {args.command}")


def _run_search(db: Database, query: str, as_json: bool) -> int:
    from coachdesk.storage.search import search

    with db.read() as connection:
        results = search(connection, query, per_kind=PER_KIND)
    if as_json:
        print(json.dumps(_as_json(results), ensure_ascii=False, indent=2))
    else:
        _print(results)
    return 0


def _date_text(when: date | datetime | None) -> str | None:
    if when is None:
        return None
    if isinstance(when, datetime):
        from coachdesk.domain.dates import local_or_utc

        return local_or_utc(when).isoformat(timespec="minutes")
    return when.isoformat()


def _hit_json(hit: Hit) -> dict[str, object]:
    return {
        "kind": hit.kind.name.lower(),
        "id": hit.record_id,
        "client_id": hit.client_id,
        "client": hit.client_name,
        "session_id": hit.session_id,
        "date": _date_text(hit.when),
        "title": hit.title,
        "snippet": hit.snippet.text if hit.snippet else "",
        "highlights": [list(span) for span in hit.snippet.spans] if hit.snippet else [],
    }


def _as_json(results: Results) -> dict[str, object]:
    return {
        "query": results.query,
        "groups": [
            {
                "kind": group.kind.name.lower(),
                "label": group.kind.label,
                "more": group.more,
                "hits": [_hit_json(hit) for hit in group.hits],
            }
            for group in results.groups
        ],
    }


def _marked(hit: Hit, bold: bool) -> str:
    if hit.snippet is None:
        return ""
    text, spans = hit.snippet.text, hit.snippet.spans
    opening, closing = ("\x1b[1m", "\x1b[0m") if bold else ("[", "]")
    pieces, at = [], 0
    for start, end in spans:
        pieces += [text[at:start], opening, text[start:end], closing]
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def _print(results: Results) -> None:
    if not results.groups:
        print(f"Nothing found for “{results.query}”.")
        return
    bold = sys.stdout.isatty()
    for number, group in enumerate(results.groups):
        if number:
            print()
        print(group.kind.label)
        for hit in group.hits:
            said = [hit.client_name]
            if hit.when is not None:
                said.append(_date_text(hit.when) or "")
            if hit.title and hit.title != hit.client_name:
                said.append(hit.title)
            print(f"  {' · '.join(said)}")
            quote = _marked(hit, bold)
            if quote and quote.strip("[]") != hit.client_name:
                print(f"    {quote}")
        if group.more:
            print(f"  … more: add a word to narrow the search (showing {len(group.hits)})")
