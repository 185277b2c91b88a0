"""The practice's data going out and coming in: exports, imports, a client's own record
and erasing a client (a mixin of ``MainWindow``)."""

from __future__ import annotations


class PracticeFiles:
    """The File menu's exports and imports and the Client menu's record and erasure (a
    mixin of ``MainWindow``)."""

    def export_json(self) -> None:
        from coachdesk.ui.dialogs.portable import export_json

        export_json(self, self.database())

    def export_csv(self) -> None:
        from coachdesk.ui.dialogs.portable import export_csv

        export_csv(self, self.database())

    def export_ics(self) -> None:
        from coachdesk.ui.dialogs.ics_import import export_calendar

        export_calendar(self, self.database())  # it says where it wrote

    def import_json(self) -> None:
        from coachdesk.ui.dialogs.portable import import_json

        if import_json(self, self.database()):
            self._after_import()

    def import_csv(self) -> None:
        from coachdesk.ui.dialogs.portable import import_csv

        if import_csv(self, self.database()):
            self._after_import()

    def import_ics(self) -> None:
        from coachdesk.ui.dialogs.ics_import import import_calendar

        if import_calendar(self, self.database()) is not None:
            self._after_import()

    def _after_import(self) -> None:
        if self.nav.isHidden():  # imported into an empty file: leave the welcome page
            self._show_navigation(self.today())
        self._refresh_current()

    def _client_for_action(self) -> int | None:
        client_id = self.context_client()
        if client_id is None:
            self._show_message(self.tr("Open a client (or select one in Clients) first."))
        return client_id

    def export_client_record(self) -> None:
        """A client's own record, for "what do you hold about me?"."""
        from coachdesk.ui.dialogs.dossier_export import export_client_record

        client_id = self._client_for_action()
        if client_id is not None:
            export_client_record(self, self.database(), client_id)

    def erase_client(self) -> None:
        """Erase a client completely (after a confirmation naming what goes; not undoable)."""
        from coachdesk.ui.dialogs.erase import erase_client_dialog

        client_id = self._client_for_action()
        if client_id is None:
            return
        report = erase_client_dialog(self, self.database(), client_id, self._backup_folders())
        if report is not None:
            self.undo_stack.clear()  # nothing of theirs may come back through an undo
            self.go_clients()
            self._show_message(self.tr("The client was erased."))

    def edit_feedback_questions(self) -> None:
        """The questions asked for new feedback (recorded feedback keeps its own)."""
        from coachdesk.ui.dialogs.feedback_questions import FeedbackQuestionsDialog

        if FeedbackQuestionsDialog(self.settings, self).exec():
            self._show_message(self.tr("Feedback questions saved."))
