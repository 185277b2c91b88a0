"""The fault suite's figures and its one seed.  The tests run in pytest-xdist's workers:
the seed is chosen once, in the process that starts them (they inherit it through the
environment), and each worker hands its figures back to it for the summary
(``tests/conftest.py``)."""

from __future__ import annotations

import os
import random

FIGURES: dict[str, str] = {}
SEED_ENV = "COACHDESK_FAULT_SEED"
if not os.environ.get(SEED_ENV):
    os.environ[SEED_ENV] = str(random.SystemRandom().randrange(2**32))
SEED = int(os.environ[SEED_ENV])
