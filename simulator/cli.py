"""The backoffice-sim command: `serve` and `seed`. Every failure is one line on stderr and a non-zero exit."""

from __future__ import annotations

import argparse
import os
import socket
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from simulator import cli_masterdata, cli_snapshot
from simulator.config import Settings, SettingsError, load_settings
from simulator.store.errors import StoreError

EXIT_USAGE = 2
EXIT_FAILURE = 1


class CliError(Exception):
    """A failure to report as one line."""


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line instead of usage text."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: error: {message} (see --help)\n")
        raise SystemExit(EXIT_USAGE)


def build_parser() -> OneLineParser:
    """The command line."""
    parser = OneLineParser(prog="backoffice-sim", description="Simulated back office for WebSphere/HCL Commerce.")
    parser.add_argument("--config", help="TOML settings file (also BACKOFFICE_SIM_CONFIG)")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    serve = commands.add_parser("serve", help="serve the SOAP services and the /_admin control plane")
    _world_options(serve)
    serve.add_argument("--host", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to bind (default 8080)")
    serve.add_argument("--workers", type=int, help="worker processes (default 2)")
    serve.add_argument("--threads", type=int, help="request threads per worker (default 4; more for many fault delays)")
    serve.add_argument("--validation", choices=("strict", "lenient"), help="request schema validation")
    serve.add_argument("--schema-dir", dest="schema_dir", help="a Commerce toolkit component-services/xsd folder")
    serve.add_argument("--push-url", dest="push_url", help="Commerce base URL to push status changes to")
    serve.add_argument("--push-user", dest="push_user", help="user for pushes (WS-Security and/or basic auth)")
    serve.add_argument("--push-password", dest="push_password", help="password for pushes")
    serve.add_argument("--push-auth", dest="push_auth", choices=("none", "wsse", "basic", "both"),
                       help="how pushes authenticate (default wsse)")
    serve.add_argument("--async-transfer", dest="async_transfer", action="store_true", default=None,
                       help="answer TransferOrder without the external id and push it later (ChangeOrder)")
    serve.add_argument("--payments", dest="payments", action="store_true", default=None,
                       help="drive payments through Commerce (ProcessPaymentAction) as lifecycle steps")
    # control plane
    serve.add_argument("--admin-token", dest="admin_token",
                       help="bearer token the /_admin API requires (required on a non-loopback --host)")
    serve.add_argument("--soap-username", dest="soap_username",
                       help="user the SOAP services require (UsernameToken or basic auth)")
    serve.add_argument("--soap-password", dest="soap_password", help="password the SOAP services require")
    serve.add_argument("--journal-size", dest="journal_size", type=int, help="SOAP exchanges kept (default 10000)")
    serve.add_argument("--max-tenants", dest="max_tenants", type=int, help="tenant worlds per worker (default 64)")
    serve.add_argument("--broker-url", dest="broker_url",
                       help="amqp:// or amqps:// URL of an AMQP 1.0 broker: starts the legacy-message listeners")
    serve.add_argument("--broker-user", dest="broker_user", help="broker user (instead of the URL's)")
    serve.add_argument("--broker-password", dest="broker_password", help="broker password (instead of the URL's)")
    serve.add_argument("--broker-outbound", dest="broker_outbound", choices=("serial", "parallel", "none"),
                       help="Commerce listener queue legacy messages go to (default serial; none: not the broker)")
    _messaging_options(serve)
    seed = commands.add_parser("seed", help="build the seeded world into a database")
    _world_options(seed)
    seed.add_argument("--force", action="store_true", help="replace a world already in the database")
    cli_snapshot.add_parser(commands)
    cli_masterdata.add_parsers(commands)
    return parser


def _messaging_options(serve: argparse.ArgumentParser) -> None:
    """Commerce's legacy messaging: where messages come from and go to, and which family is written."""
    group = serve.add_argument_group("legacy messaging")
    group.add_argument("--messaging-family", dest="messaging_family", choices=("wcs", "nc", "legacy"),
                       help="outbound family: Update_WCS_* (default), Update_NC_* or fixed-width buffers")
    group.add_argument("--messaging-url", dest="messaging_url", help="Commerce's XML/HTTP program adapter URL")
    group.add_argument("--messaging-outbox-dir", dest="messaging_outbox_dir", help="write one file per message here")
    group.add_argument("--messaging-inbox-dir", dest="messaging_inbox_dir", help="watch this directory for messages")
    group.add_argument("--messaging-error-dir", dest="messaging_error_dir",
                       help="where malformed inbound files go (default <inbox>/error)")
    group.add_argument("--messaging-dtd-dir", dest="messaging_dtd_dir",
                       help="validate against this folder (e.g. a Commerce WC/xml/messaging) in strict mode")
    group.add_argument("--messaging-store-id", dest="messaging_store_id", help="online store of every notification")
    group.add_argument("--messaging-guest-logon", dest="messaging_guest_logon", help="buyer of guest orders")
    group.add_argument("--messaging-user", dest="messaging_user", help="ControlArea Credentials LogonId")
    group.add_argument("--messaging-password", dest="messaging_password", help="ControlArea Credentials Password")
    group.add_argument("--messaging-shipment-confirmation", dest="messaging_shipment_confirmation",
                       action="store_true", default=None, help="also send Create_WCS_ShipmentConfirmation")


def _world_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="SQLite database path, postgresql://user@host/db[?schema=NAME] or :memory:"
                        " (default backoffice-sim.db)")
    parser.add_argument("--seed", type=int, help="world seed (default 42)")
    parser.add_argument("--products", type=int, help="catalog size of a new world (default 1000)")
    parser.add_argument("--anchor", help="ISO date the world's dates are relative to (default: today, UTC)")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(vars(args), config_file=args.config)
        if args.command == "serve":
            if argv is None:
                _reexec_with_malloc_tuning()
            return serve(settings)
        if args.command == "snapshot":
            return cli_snapshot.run(args, settings)
        if args.command in ("import", "export"):
            return cli_masterdata.run(args, settings)
        return seed(settings, force=args.force)
    except (CliError, SettingsError, StoreError, cli_snapshot.SnapshotCliError,
            cli_masterdata.MasterDataCliError) as exc:  # fmt: skip
        sys.stderr.write(f"backoffice-sim: error: {exc}\n")
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130


MALLOC_TUNABLES = "glibc.malloc.tcache_count=1000"
"""glibc's per-thread cache keeps 7 freed chunks of each size by default; a request frees and allocates hundreds of
XML nodes and Python objects of a few sizes, and with room for 1,000 most of them skip the slower shared bins (about
4 % fewer instructions per availability call)."""


def _reexec_with_malloc_tuning() -> None:
    """Run this same command again with MALLOC_TUNABLES in GLIBC_TUNABLES, which glibc reads only at start-up.

    Granian forks its workers from this process, so they inherit the setting. Nothing happens when GLIBC_TUNABLES
    is already set (to anything, even empty: that is how to keep glibc's defaults) or the C library is not glibc.
    """
    try:
        libc = os.confstr("CS_GNU_LIBC_VERSION") or ""
    except (ValueError, OSError):  # not a GNU system
        libc = ""
    if "GLIBC_TUNABLES" in os.environ or not libc.startswith("glibc"):
        return
    os.environ["GLIBC_TUNABLES"] = MALLOC_TUNABLES
    os.execv(sys.executable, sys.orig_argv)


def seed(settings: Settings, force: bool) -> int:
    """Build the world into the database; refuses to replace one unless forced."""
    from simulator.app import configured_anchor, open_store, world_loader
    from simulator.backend.clock import SystemClock

    store = open_store(settings)
    bar = ProgressBar(sys.stderr)
    try:
        loader = world_loader(settings, configured_anchor(settings, SystemClock()), bar)
        with store.write() as session:
            if session.get_meta("world.seed") is not None and not force:
                raise CliError(f"{settings.db} already holds a world (use --force to replace it)")
            session.clear()
            loader(session)
    finally:
        bar.finish()
        store.close()
    print(f"seeded {settings.db}: seed {settings.seed}, {settings.products} products")
    return 0


def serve(settings: Settings) -> int:
    """Seed if new, then serve under granian with the configured number of workers."""
    from simulator.app import SETTINGS_ENV, create_backend, open_store

    _check_admin_exposure(settings)
    _check_port_free(settings.host, settings.port)
    store = open_store(settings)
    try:
        if create_backend(settings, store).ensure_seeded():
            print(f"seeded a new world into {settings.db} (seed {settings.seed})", file=sys.stderr)
    finally:
        store.close()
    os.environ[SETTINGS_ENV] = settings.to_json()
    work = _start_background(settings)
    try:
        _run_server(settings)
    finally:
        if work is not None:
            work.stop()
    return 0


def _start_background(settings: Settings) -> _Background | None:
    """The lifecycle ticker and push dispatcher of the database, in one process of their own.

    One per database (outbox claims are write transactions in any case, so even two would not send a push
    twice). Not threads of this process: granian forks its workers (and respawns them) from here, and forking
    while other threads hold SQLite's or logging's locks can hang a child. An in-memory store runs them in its
    worker instead.
    """
    import multiprocessing

    from simulator.app import MEMORY

    if settings.db == MEMORY:
        return None
    process = multiprocessing.get_context("spawn").Process(
        target=run_until_orphaned, args=(settings.to_json(), os.getpid()), name="backoffice-sim-lifecycle",
        daemon=True,
    )
    process.start()
    return _Background(process)


def run_until_orphaned(settings_json: str, parent_pid: int, poll_seconds: float = 0.5) -> None:
    """Entry point of the background process: ticker and dispatcher until the serving process is gone."""
    import time

    from simulator.app import create_backend
    from simulator.broker.runner import background

    settings = Settings.from_json(settings_json)
    work = background(create_backend(settings), settings).start()
    try:
        while os.getppid() == parent_pid:
            time.sleep(poll_seconds)
    finally:
        work.stop()


class _Background:
    """The background process, stopped with the server."""

    def __init__(self, process: Any) -> None:
        self._process = process

    def stop(self) -> None:
        """Terminate it (pending pushes stay in the outbox) and wait for it."""
        self._process.terminate()
        self._process.join(10)


def _run_server(settings: Settings) -> None:
    from granian import Granian
    from granian.constants import Interfaces

    Granian(
        "simulator.app:app_from_environment",
        address=settings.host,
        port=settings.port,
        interface=Interfaces.WSGI,
        workers=settings.workers,
        blocking_threads=settings.threads,
        factory=True,
        respawn_failed_workers=True,
        log_level=settings.log_level,  # type: ignore[arg-type]
    ).serve()


def _check_admin_exposure(settings: Settings) -> None:
    """The admin API can reset and rewrite the world: off loopback it needs a bearer token."""
    if settings.admin_token or _is_loopback(settings.host):
        return
    raise CliError(
        f"refusing to serve the admin API on {settings.host} without a token: "
        "give --admin-token (or BACKOFFICE_SIM_ADMIN_TOKEN), or bind 127.0.0.1"
    )


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _check_port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise CliError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


class ProgressBar:
    """A one-line progress bar on a terminal; silent elsewhere except for the final line."""

    def __init__(self, stream: Any, label: str = "seeding") -> None:
        self._stream = stream
        self._label = label
        self._last = -1

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // max(total, 1)
        if percent == self._last:
            return
        self._last = percent
        filled = percent // 4
        self._stream.write(f"\r{self._label} [{'#' * filled}{'.' * (25 - filled)}] {percent:3d}% ({done}/{total})")
        self._stream.flush()

    def finish(self) -> None:
        """End the bar's line."""
        if self._last >= 0:
            self._stream.write("\n")
