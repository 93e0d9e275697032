"""Package data: our own XSD subset of the gen-C BODs."""

from __future__ import annotations
