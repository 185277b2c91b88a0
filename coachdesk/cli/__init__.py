"""The ``coachdesk`` command: opens the app, or runs a headless subcommand.

Subcommands: ``demo`` (fill an empty data folder with a made-up practice),
``sessions`` (list sessions with their ids), ``prep SESSION_ID`` (what to do
and what matters before one session, as text or ``--json``), ``backup``,
``restore FILE`` and ``check`` (the data file's safety), ``export`` and ``import``
(all the data as JSON, spreadsheets as CSV: ``docs/data-format.md``), ``clients``,
``ics``, ``dossier`` and ``erase`` (a client's own record, erasing a client, calendar
files), ``search WORDS`` (every record, by its words).

The modules: ``parser`` (the command line), ``start`` (``main``: the data folder, the
log, the window or a subcommand), ``common`` (what the subcommands share), and one
module per family of subcommands: ``sessions`` (sessions, prep), ``data`` (demo, export,
import), ``backup`` (backup, restore, check), ``clients`` (clients, ics, dossier, erase),
``search``.
Each of those has ``COMMANDS`` and ``run(args, paths)``, and is imported only when one
of its subcommands runs.

Every subcommand goes through ``coachdesk.storage`` and ``coachdesk.domain``,
the same code the GUI uses; nothing here implements a rule of its own.  Qt is
imported only where the GUI's own code is needed: the printed sheet (QtGui)
and the backup folders chosen in the settings (QtCore).

Commands that write the data file (``demo``, ``restore``, ``import``, ``ics --import``,
``erase``) take the data folder's lock first, so they refuse to run while the app has it
open.  Everything the process creates is readable by the owner only (umask 077).

Exit codes: 0 success, 1 a problem the user can act on (message on stderr),
2 wrong usage (argparse).
"""

from coachdesk.cli.parser import build_parser, opens_the_app
from coachdesk.cli.start import main

__all__ = ["build_parser", "main", "opens_the_app"]
