"""docs/encryption.md stays true: its recipe opens a backup without CoachDesk's code."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

from coachdesk.storage import protection
from coachdesk.storage.backups import make_backup
from coachdesk.storage.database import open_database

DOC = Path(__file__).resolve().parents[2] / "docs" / "encryption.md"
PASSPHRASE = "ten years from now"


def test_the_documented_recipe_opens_a_backup_with_the_passphrase(tmp_path):
    database = tmp_path / "coachdesk.sqlite3"
    protection.start_protected(database, PASSPHRASE)
    open_database(database, tmp_path / "backups").close()
    backup = make_backup(database, tmp_path / "backups").path
    recipe = re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert recipe is not None
    code = recipe.group(1)
    assert '"coachdesk-backup-20261203-090000.sqlite3"' in code and '"my passphrase"' in code
    code = code.replace('"coachdesk-backup-20261203-090000.sqlite3"', repr(str(backup)))
    code = code.replace('"my passphrase"', repr(PASSPHRASE))
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, str(DOC), "exec"), {})
    assert printed.getvalue().strip() == "(0,)"
