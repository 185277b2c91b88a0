"""What of a prep may go on the prep sheet: the paper-safety filter (``domain.paper``).

A matter marked "keep off printouts" never appears on paper: not as an item, not as the
checklist's quote (the entry quotes the most important *printable* wish behind it, or
none), not as the subject of a repair (the repair prints "details in CoachDesk").  A
repair on a matter the input does not hold is treated the same way.  The other texts
(the agenda, last time, promises, breaches, reasons, guests, checklist texts) are
checked against ``SheetContent.paper`` as the sheet writes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coachdesk.domain.paper import PaperFilter, paper_filter
from coachdesk.domain.practice import BreachRow, MatterRow, PromiseRow, SessionRow
from coachdesk.domain.prep import ChecklistItem, Prep, PrepInput, RankedItem
from coachdesk.domain.vocab import Trigger


@dataclass(frozen=True)
class SheetContent:
    """Everything that may go on paper, already filtered for paper safety."""

    session: SessionRow
    client: str  # the name used in sentences
    checklist: tuple[tuple[ChecklistItem, str | None], ...]  # (entry, printable quote)
    items: tuple[RankedItem, ...]  # printable, in rank order
    kept_off: int
    repairs: tuple[tuple[BreachRow, bool], ...]  # (breach, its matter may be printed)
    promises: tuple[PromiseRow, ...]
    last_time: SessionRow | None
    prompts: tuple[str, ...]
    circumstances: tuple[str, ...]
    today: date
    paper: PaperFilter
    print_notes: bool


def _printable_quote(
    entry: ChecklistItem, matters: dict[int, MatterRow], paper: PaperFilter
) -> str | None:
    for matter_id in entry.wish_ids:
        matter = matters.get(matter_id)
        if matter is not None and not matter.keep_off_printouts and paper.allows(matter.statement):
            return matter.statement
    return None


def sheet_content(data: PrepInput, prep: Prep) -> SheetContent:
    """What of ``prep`` (built from ``data``) may be printed."""
    matters: dict[int, MatterRow] = {m.id: m for m in data.matters}
    paper = paper_filter(data.matters, (data.client_name, data.session.client_name))
    printable = tuple(
        item
        for item in prep.items
        if not item.matter.keep_off_printouts and paper.allows(item.matter.statement)
    )
    checklist = tuple((entry, _printable_quote(entry, matters, paper)) for entry in prep.checklist)
    repairs = tuple(
        (
            breach,
            breach.matter_id in matters
            and not matters[breach.matter_id].keep_off_printouts
            and paper.allows(breach.matter_statement),
        )
        for breach in prep.repairs
    )
    circumstances = paper.printable(
        c.reason for c in prep.circumstances if c.trigger is not Trigger.GUESTS
    )
    return SheetContent(
        session=data.session,
        client=data.client_name,
        checklist=checklist,
        items=printable,
        kept_off=len(prep.items) - len(printable),
        repairs=repairs,
        promises=prep.promises_due,
        last_time=prep.last_time,
        prompts=prep.discovery_prompts,
        circumstances=circumstances,
        today=data.now.astimezone().date(),
        paper=paper,
        print_notes=data.print_private_notes,
    )
