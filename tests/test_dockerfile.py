"""The Dockerfile's command is a real CLI invocation, installed the way the docs say."""

from __future__ import annotations

import json
import re
from pathlib import Path

from simulator.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent


def exec_form(dockerfile: str, instruction: str) -> list[str]:
    match = re.search(rf"^{instruction}\s+(\[.*\])\s*$", dockerfile, re.MULTILINE)
    assert match, f"no exec-form {instruction}"
    return list(json.loads(match.group(1)))


def test_dockerfile_command_parses_as_serve_on_all_interfaces_with_db_on_the_volume() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    entrypoint = exec_form(dockerfile, "ENTRYPOINT")
    command = exec_form(dockerfile, "CMD")
    assert entrypoint == ["backoffice-sim"]
    args = build_parser().parse_args(command)
    assert args.command == "serve"
    assert args.host == "0.0.0.0"
    volume = exec_form(dockerfile, "VOLUME")[0]
    assert args.db.startswith(volume + "/")


def test_dockerfile_installs_the_package_as_the_docs_say() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    readme = (ROOT / "docs" / "getting-started.md").read_text()
    assert "python -m pip install ." in readme
    assert re.search(r"^RUN python -m pip install --no-cache-dir \.$", dockerfile, re.MULTILINE)
    scripts = (ROOT / "pyproject.toml").read_text()
    assert 'backoffice-sim = "simulator.cli:main"' in scripts
