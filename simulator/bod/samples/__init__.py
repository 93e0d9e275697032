"""Golden request samples shaped as Commerce sends them (package data reused by the conformance suite)."""

from __future__ import annotations

from pathlib import Path

SAMPLE_DIR = Path(__file__).parent


def names() -> list[str]:
    """Names of the sample files, sorted."""
    return sorted(path.name for path in SAMPLE_DIR.glob("*.xml"))


def load(name: str) -> bytes:
    """The bytes of one sample file."""
    path = SAMPLE_DIR / name
    if path.parent != SAMPLE_DIR or not path.is_file():
        raise FileNotFoundError(name)
    return path.read_bytes()
