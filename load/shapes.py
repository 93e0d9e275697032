"""The profiles' LoadTestShape: steady, ramp or spike (`--shape`), scaled by the run's users and run time."""

from __future__ import annotations

from locust import LoadTestShape

from load.stages import Stage, at, stages


class ProfileShape(LoadTestShape):
    """The profile's shape (`--shape`), scaled by the common options -u, -r and -t."""

    use_common_options = True

    def __init__(self) -> None:
        super().__init__()
        self._plan: list[Stage] | None = None

    def tick(self) -> tuple[int, float] | None:
        if self._plan is None:
            assert self.runner is not None
            options = self.runner.environment.parsed_options
            assert options is not None
            run_time = float(getattr(options, "run_time", None) or 60)
            self._plan = stages(getattr(options, "shape", "steady"), int(options.num_users or 1), run_time,
                                float(options.spawn_rate) if options.spawn_rate else None)
        stage = at(self._plan, self.get_run_time())
        return None if stage is None else (stage.users, stage.rate)
