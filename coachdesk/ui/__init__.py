"""The Qt user interface.  It calls ``coachdesk.storage``, ``coachdesk.domain``,
``coachdesk.display`` and ``coachdesk.printing``; nothing below it imports it.

* ``shell``: the main window, its menus and status bar, and what runs behind them;
* ``pages``: the pages the navigation switches between (Today, Clients, a client,
  Sessions, Your practice, the welcome page);
* ``dialogs``: every dialog, with the editing forms' shared base and fields;
* ``widgets``: the building blocks pages and dialogs share (lists, charts, styles);
* ``common``: the one way to run a write and report a refusal, background work,
  message boxes and undo.
"""
