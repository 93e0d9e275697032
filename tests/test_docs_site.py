"""The documentation site builds with `mkdocs build --strict`: no broken link, no page left out of the nav."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def build(root: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out), "--config-file",
         str(root / "mkdocs.yml")],
        capture_output=True, text=True, timeout=180, cwd=root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def nav_pages(config: Path) -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(yaml.safe_load(config.read_text())["nav"])
    return found


def test_the_site_builds_strictly_with_every_page(tmp_path: Path) -> None:
    built = build(ROOT, tmp_path / "site")
    assert built.returncode == 0, built.stdout + built.stderr
    pages = nav_pages(ROOT / "mkdocs.yml")
    assert sorted(pages) == sorted(p.name for p in (ROOT / "docs").glob("*.md"))
    for page in pages:
        html = "index.html" if page == "index.md" else f"{page.removesuffix('.md')}/index.html"
        assert (tmp_path / "site" / html).is_file(), page


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda docs: (docs / "index.md").open("a").write("\n[gone](no-such-page.md)\n"), "no-such-page.md"),
        (lambda docs: (docs / "stray.md").write_text("# Stray\n"), "stray.md"),
    ],
    ids=["broken link", "page left out of the nav"],
)
def test_a_broken_link_or_an_orphan_page_fails_the_build(tmp_path: Path, change: object, complaint: str) -> None:
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", copy / "docs")
    change(copy / "docs")  # type: ignore[operator]
    built = build(copy, tmp_path / "site")
    assert built.returncode != 0
    assert complaint in built.stdout + built.stderr
