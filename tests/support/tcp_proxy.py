"""A TCP proxy a test controls: forwards to a target until cut (every connection dropped, new ones refused)."""

from __future__ import annotations

import contextlib
import socket
import threading
from dataclasses import dataclass, field


@dataclass
class TcpProxy:
    """Listens on a free loopback port and forwards each connection to (host, port).

    `cut()` stands for a broker restart: open connections are reset and new ones are closed at once, until
    `restore()`. With `record`, the bytes the target sent back are kept, one buffer per connection, in `downstream`.
    """

    host: str
    port: int
    listen_port: int = 0
    _server: socket.socket | None = None
    _open: set[socket.socket] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _up: threading.Event = field(default_factory=threading.Event)
    _stopped: threading.Event = field(default_factory=threading.Event)
    connections: int = 0
    record: bool = False
    downstream: list[bytearray] = field(default_factory=list)

    def start(self) -> TcpProxy:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", 0))
        server.listen(64)
        server.settimeout(0.2)
        self._server = server
        self.listen_port = server.getsockname()[1]
        self._up.set()
        threading.Thread(target=self._accept, name="tcp-proxy", daemon=True).start()
        return self

    def url(self, scheme: str, credentials: str) -> str:
        return f"{scheme}://{credentials}@127.0.0.1:{self.listen_port}"

    def cut(self) -> None:
        self._up.clear()
        with self._lock:
            for sock in list(self._open):
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    sock.close()
            self._open.clear()

    def restore(self) -> None:
        self._up.set()

    def stop(self) -> None:
        self._stopped.set()
        self.cut()
        if self._server is not None:
            self._server.close()

    def _accept(self) -> None:
        assert self._server is not None
        while not self._stopped.is_set():
            try:
                client, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if not self._up.is_set():
                client.close()
                continue
            try:
                upstream = socket.create_connection((self.host, self.port), timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                self._open.update((client, upstream))
                self.connections += 1
                kept = bytearray() if self.record else None
                if kept is not None:
                    self.downstream.append(kept)
            for source, sink, keep in ((client, upstream, None), (upstream, client, kept)):
                threading.Thread(target=self._pump, args=(source, sink, keep), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, kept: bytearray | None = None) -> None:
        try:
            while chunk := source.recv(65536):
                if kept is not None:
                    with self._lock:
                        kept += chunk
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
            with self._lock:
                self._open.discard(source)
                self._open.discard(sink)
