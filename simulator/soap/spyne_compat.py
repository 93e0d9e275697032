"""Import Spyne, giving its vendored `six` import hook the find_spec method modern import machinery expects."""

from __future__ import annotations

import importlib.util
import sys
from importlib.machinery import ModuleSpec
from typing import Any

import spyne  # noqa: F401  (installs the hook this module repairs)


def _find_spec(self: Any, fullname: str, path: Any = None, target: Any = None) -> ModuleSpec | None:
    if self.find_module(fullname, path) is None:
        return None
    return importlib.util.spec_from_loader(fullname, self)


def repair_six_importers() -> None:
    """Spyne 2.14 vendors six 1.14, whose meta-path hook only has find_module; tools that call
    find_spec on every hook (pytest's importlib mode among them) fail on it.
    """
    for hook in sys.meta_path:
        if type(hook).__name__ == "_SixMetaPathImporter" and not hasattr(hook, "find_spec"):
            setattr(type(hook), "find_spec", _find_spec)  # noqa: B010 (assigning a method onto a foreign class)


repair_six_importers()
