"""Stage lists of the load shapes (steady, ramp, spike), without Locust, so tests can import them."""

from __future__ import annotations

import math
from dataclasses import dataclass

SHAPES = ("steady", "ramp", "spike")


@dataclass(frozen=True, slots=True)
class Stage:
    """Until `end` seconds into the run, hold `users` users, starting or stopping `rate` per second."""

    end: float
    users: int
    rate: float


def stages(shape: str, users: int, run_time: float, rate: float | None = None) -> list[Stage]:
    """The stages of a shape over `run_time` seconds, peaking at `users`.

    steady: `users` all along. ramp: from 1 to `users` in ten equal steps over the first 80 %, then held.
    spike: a quarter of `users` for 40 %, every user for 20 %, a quarter again to the end.
    """
    users = max(1, users)
    fast = rate or float(users)
    if shape == "steady":
        return [Stage(run_time, users, fast)]
    if shape == "ramp":
        steps = 10
        climb = 0.8 * run_time
        found = [Stage(climb * (i + 1) / steps, max(1, math.ceil(users * (i + 1) / steps)), fast)
                 for i in range(steps)]
        return [*found, Stage(run_time, users, fast)]
    if shape == "spike":
        base = max(1, users // 4)
        return [Stage(0.4 * run_time, base, fast), Stage(0.6 * run_time, users, float(users)),
                Stage(run_time, base, float(users))]
    raise ValueError(f"unknown shape {shape!r} (one of {', '.join(SHAPES)})")


def at(plan: list[Stage], elapsed: float) -> Stage | None:
    """The stage in force `elapsed` seconds into the run, None once the run is over."""
    return next((stage for stage in plan if elapsed < stage.end), None)
