"""Demo practices: a believable coaching practice written into an empty data file.

``generate_demo(db, size)`` writes one; ``coachdesk demo`` and the welcome page's
"Explore a demo practice" call it.  The package sits on top of ``coachdesk.storage``
and ``coachdesk.domain`` (it writes through ``storage.tables``); neither of them imports
it, and it never imports Qt, ``ui`` or ``printing`` (``tests/test_layers.py``).

Three sizes (``SIZES``):

* ``demo``: a dozen clients, about 150 sessions and 60 things that matter to
  them: enough to try every screen and take screenshots;
* ``career``: a career's worth: 300 clients (most of them past ones), 15,000
  sessions, 10,000 matters;
* ``stress``: ten times that, for performance work on lists, search and the
  prep engine.

Every size starts with the same twelve hand-written clients; the larger sizes
add generated ones.  The first client (``SEED_CLIENT_NAME``) carries the case
that started this product: months ago someone from HR joined a session without
the client being told, the coach learned from the breach what mattered
(``SEED_MATTER_STATEMENT``), repaired it, and now an upcoming session within
the next week has a guest (``SEED_GUEST_NAME``) the client has not yet been
told about.  The hand-written clients also guarantee an upcoming rescheduled
session, planned sessions today (on a weekday) and an overdue open coach
promise, whatever the seed.

Some guests are brought by the client or a sponsor, some moved sessions were
moved twice, and some items are in the client's words only (no trigger ticked),
in English, German, French or Spanish (their ``language`` set): the prep engine
must read them.

The output is a pure function of ``size``, ``seed`` and ``today``: the random
numbers come from ``random.Random(seed)`` (and, for who brought a guest, the
second moves and the untagged items, a second generator seeded from the same
seed, so adding them left the rest of the practice as it was), nothing iterates
a set, and the ``created_at`` / ``updated_at`` stamps are derived from the data and
never later than midnight (UTC) starting ``today``, so two runs give identical files.

Rows are built as plain dictionaries with ids assigned here (after any ids the
file's ``sqlite_sequence`` has already handed out, so deleted rows' ids are
never reused), then written with Core bulk inserts in one transaction.

The modules: ``generate`` (``generate_demo`` and the builder assembled from its parts),
``model`` (the plans, the working records, the helpers and the state the parts share),
one part per seam: ``people`` (clients), ``calendar`` (sessions, guests, moves),
``items`` (what matters, promises), ``breaches`` (breaches and repairs), ``feedback``;
and the declarative tables: ``texts`` (the text banks) and ``curated`` (the
hand-written clients).
"""

from coachdesk.demo.curated import (
    SEED_CLIENT_NAME,
    SEED_GUEST_NAME,
    SEED_GUEST_ROLE,
    SEED_MATTER_STATEMENT,
)
from coachdesk.demo.generate import SIZES, DemoCounts, DemoRefused, generate_demo

__all__ = [
    "SEED_CLIENT_NAME",
    "SEED_GUEST_NAME",
    "SEED_GUEST_ROLE",
    "SEED_MATTER_STATEMENT",
    "SIZES",
    "DemoCounts",
    "DemoRefused",
    "generate_demo",
]
