"""Package data: our own WSDL 1.1 files for the gen-C services."""

from __future__ import annotations
