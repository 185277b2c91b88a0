"""How pages and dialogs run work and report it: ``attempt`` (write, then say "no"
plainly), ``background`` (slow work off the GUI thread), ``messages`` and ``undo``."""
