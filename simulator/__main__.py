"""python -m simulator runs the backoffice-sim command."""

from __future__ import annotations

from simulator.cli import main

raise SystemExit(main())
