"""The command line: seeding, and one-line errors with a non-zero exit for every bad start."""

from __future__ import annotations

import socket
from pathlib import Path

from support.process import cli, free_port


def assert_one_line_error(result: object, needle: str) -> None:
    stderr = result.stderr.strip()  # type: ignore[attr-defined]
    assert result.returncode != 0  # type: ignore[attr-defined]
    assert "Traceback" not in stderr
    assert len(stderr.splitlines()) == 1, stderr
    assert needle in stderr


def test_unknown_option(tmp_path: Path) -> None:
    assert_one_line_error(cli("serve", "--no-such-option", "--db", str(tmp_path / "x.db")), "--no-such-option")


def test_unwritable_database_path(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    assert_one_line_error(cli("seed", "--db", str(blocker / "sub" / "sim.db"), "--products", "10"), "sim.db")


def test_corrupted_database_file(tmp_path: Path) -> None:
    db = tmp_path / "broken.db"
    db.write_bytes(b"this is not a database" * 100)
    result = cli("serve", "--db", str(db), "--port", str(free_port()))
    assert_one_line_error(result, "broken.db")


def test_port_in_use(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = cli("serve", "--db", str(tmp_path / "sim.db"), "--port", str(port))
    assert_one_line_error(result, str(port))


def test_bad_setting_from_environment(tmp_path: Path) -> None:
    result = cli("seed", "--db", str(tmp_path / "sim.db"), env={"BACKOFFICE_SIM_PRODUCTS": "many"})
    assert_one_line_error(result, "products")


def test_seed_then_refuse_to_overwrite_without_force(tmp_path: Path) -> None:
    db = str(tmp_path / "sim.db")
    first = cli("seed", "--db", db, "--seed", "7", "--products", "40")
    assert first.returncode == 0, first.stderr
    assert "seed 7" in first.stdout
    assert_one_line_error(cli("seed", "--db", db, "--products", "40"), "--force")
    assert cli("seed", "--db", db, "--products", "40", "--force").returncode == 0


def test_flags_beat_environment_which_beats_the_toml_file(tmp_path: Path) -> None:
    from simulator.config import load_settings

    config = tmp_path / "sim.toml"
    config.write_text("seed = 1\nproducts = 11\nport = 9001\n")
    settings = load_settings({"seed": 3}, environ={"BACKOFFICE_SIM_PRODUCTS": "22"}, config_file=str(config))
    assert (settings.seed, settings.products, settings.port) == (3, 22, 9001)


def test_unknown_setting_in_toml_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "sim.toml"
    config.write_text("colour = 'blue'\n")
    assert_one_line_error(cli("--config", str(config), "seed", "--db", str(tmp_path / "s.db")), "colour")


def test_seeding_shows_a_progress_bar_that_reaches_the_end(tmp_path: Path) -> None:
    result = cli("seed", "--db", str(tmp_path / "big.db"), "--products", "5000")
    assert result.returncode == 0, result.stderr
    assert "seeding [" in result.stderr
    assert "100%" in result.stderr.splitlines()[-1]
