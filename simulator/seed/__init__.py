"""Deterministic world generator (Faker, one seed)."""

from __future__ import annotations

from simulator.seed.contents import World
from simulator.seed.digest import content_hash
from simulator.seed.loading import SeedSession, SequenceMismatch, load_world
from simulator.seed.world import build_world, default_anchor

__all__ = ["SeedSession", "SequenceMismatch", "World", "build_world", "content_hash", "default_anchor", "load_world"]
