"""Paper: the one-page prep sheet.  It calls ``coachdesk.domain`` (and Qt's QtGui to lay out
and write PDF); it never touches the database itself."""
