"""The Qt user interface.  It calls ``coachdesk.storage`` and ``coachdesk.domain``."""
