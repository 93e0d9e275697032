"""`python -m load PROFILE ...`: run one load profile headless (see load/run.py)."""

from __future__ import annotations

import sys

from load.run import main

sys.exit(main())
