"""Where the broker is and how to reach it: URL, credentials, TLS, the address template of a queue."""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from typing import Final

from proton import SSLDomain
from proton.utils import BlockingConnection

DEFAULT_TEMPLATE: Final = "/queue/{name}"
"""RabbitMQ's AMQP 1.0 plugin (3.x, and 4.x's v1 addresses); `{name}` alone for Artemis, IBM MQ, Service Bus."""


_USERINFO: Final = re.compile(r"//[^/@\s]+@")


class BrokerSettingsError(ValueError):
    """A broker setting the transport cannot use."""


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One broker: `amqp://` or `amqps://` URL, optional credentials (override the URL's), TLS files."""

    url: str
    user: str | None = None
    password: str | None = None
    address_template: str = DEFAULT_TEMPLATE
    tls_ca: str | None = None
    tls_cert: str | None = None
    tls_key: str | None = None
    tls_verify: bool = True
    timeout: float = 10.0
    heartbeat: float = 10.0

    def __post_init__(self) -> None:
        parts = urllib.parse.urlsplit(self.url)
        if parts.scheme not in ("amqp", "amqps") or not parts.hostname:
            raise BrokerSettingsError(f"broker_url must be an amqp:// or amqps:// URL with a host, not {self.url!r}")
        if "{name}" not in self.address_template:
            raise BrokerSettingsError(f"broker_address_template must contain {{name}}, not {self.address_template!r}")
        if self.heartbeat < 2:
            raise BrokerSettingsError("broker_heartbeat must be 2 seconds or more (RabbitMQ rounds 1 s to none)")
        if bool(self.tls_cert) != bool(self.tls_key):
            raise BrokerSettingsError("broker_tls_cert and broker_tls_key go together")

    @property
    def secure(self) -> bool:
        """TLS is on (an amqps:// URL, or any TLS file given)."""
        return self.url.startswith("amqps://") or bool(self.tls_ca or self.tls_cert)

    def address(self, queue: str) -> str:
        """The AMQP address of a queue name (a name that already looks like an address is kept)."""
        return queue if queue.startswith("/") else self.address_template.format(name=queue)

    def connection_url(self) -> str:
        """The URL with the credentials settings put in (they win over the URL's own)."""
        parts = urllib.parse.urlsplit(self.url)
        user = self.user if self.user is not None else parts.username
        password = self.password if self.password is not None else parts.password
        host = parts.hostname or ""
        netloc = f"[{host}]" if ":" in host else host
        if parts.port:
            netloc += f":{parts.port}"
        if user is not None:
            auth = urllib.parse.quote(user, safe="")
            if password is not None:
                auth += ":" + urllib.parse.quote(password, safe="")
            netloc = f"{auth}@{netloc}"
        scheme = "amqps" if self.secure else "amqp"
        return urllib.parse.urlunsplit((scheme, netloc, "", "", ""))

    def redacted(self) -> str:
        """The URL for logs, without the password."""
        parts = urllib.parse.urlsplit(self.connection_url())
        netloc = parts.netloc.rsplit("@", 1)[-1]
        return f"{parts.scheme}://{netloc}"

    def scrub(self, text: str) -> str:
        """A message (proton's errors name the URL) without any credentials in it."""
        return _USERINFO.sub("//", text)

    def connect(self) -> BlockingConnection:
        """A new blocking connection (raises proton's ConnectionException or Timeout when it cannot)."""
        return BlockingConnection(
            self.connection_url(), timeout=self.timeout, ssl_domain=self._ssl_domain(), heartbeat=self.heartbeat
        )

    def _ssl_domain(self) -> SSLDomain | None:
        if not self.secure:
            return None
        domain = SSLDomain(SSLDomain.MODE_CLIENT)
        if self.tls_ca:
            domain.set_trusted_ca_db(self.tls_ca)
        if self.tls_cert and self.tls_key:
            domain.set_credentials(self.tls_cert, self.tls_key, None)
        domain.set_peer_authentication(SSLDomain.VERIFY_PEER_NAME if self.tls_verify else SSLDomain.ANONYMOUS_PEER)
        return domain
