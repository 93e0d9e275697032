"""JMS headers on AMQP 1.0 messages, as the AMQP JMS mapping (and so IBM MQ's, Artemis' and Qpid JMS) carries them."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any, Final

from proton import Message, byte, symbol

MSG_TYPE: Final = symbol("x-opt-jms-msg-type")
BYTES_MESSAGE: Final = 3
TEXT_MESSAGE: Final = 5
DEFAULT_PRIORITY: Final = 4
TEXT_CONTENT_TYPE: Final = "text/plain"
BYTES_CONTENT_TYPE: Final = "application/octet-stream"


class NotAJmsMessage(ValueError):
    """The AMQP message has a body no JMS TextMessage or BytesMessage could have."""


@dataclass(frozen=True, slots=True)
class JmsMessage:
    """The JMS view of one message: the body (text for a TextMessage, bytes for a BytesMessage) and its headers.

    `expiration` is JMSExpiration: milliseconds since the epoch, 0 for never. `jms_type` is JMSType.
    """

    body: str | bytes
    message_id: str | None = None
    correlation_id: str | None = None
    reply_to: str | None = None
    jms_type: str | None = None
    priority: int = DEFAULT_PRIORITY
    expiration: int = 0
    persistent: bool = True

    @property
    def is_text(self) -> bool:
        """A TextMessage (else a BytesMessage)."""
        return isinstance(self.body, str)

    def data(self, encoding: str = "utf-8") -> bytes:
        """The body as bytes: a TextMessage's text encoded, a BytesMessage's bytes as they are."""
        return self.body.encode(encoding) if isinstance(self.body, str) else self.body

    def text(self, encoding: str = "utf-8") -> str:
        """The body as text: a BytesMessage is decoded (UTF-8 unless told), as Commerce's JCA connector does."""
        return self.body if isinstance(self.body, str) else self.body.decode(encoding)


def new_message_id() -> str:
    """A fresh JMSMessageID shaped like IBM MQ's: `ID:` and 48 hexadecimal digits (the 24-byte MsgId)."""
    return "ID:" + secrets.token_hex(24)


def to_amqp(message: JmsMessage, now: float | None = None) -> Message:
    """The AMQP message carrying a JMS message: AmqpValue(string) for text, one Data section for bytes."""
    amqp = Message(
        body=message.body,
        id=message.message_id,
        correlation_id=message.correlation_id,
        reply_to=message.reply_to,
        subject=message.jms_type,
        priority=message.priority,
        durable=message.persistent,
        content_type=TEXT_CONTENT_TYPE if message.is_text else BYTES_CONTENT_TYPE,
    )
    amqp.inferred = not message.is_text  # bytes travel in a Data section, not as an AmqpValue(binary)
    if message.expiration:
        amqp.expiry_time = message.expiration / 1000
        amqp.ttl = max(0.001, message.expiration / 1000 - (time.time() if now is None else now))
    amqp.annotations = {MSG_TYPE: byte(TEXT_MESSAGE if message.is_text else BYTES_MESSAGE)}
    return amqp


def from_amqp(amqp: Message) -> JmsMessage:
    """The JMS view of a received AMQP message (JMSExpiration from absolute-expiry-time, else 0)."""
    return JmsMessage(
        body=_body(amqp.body),
        message_id=_identifier(amqp.id),
        correlation_id=_identifier(amqp.correlation_id),
        reply_to=amqp.reply_to or None,
        jms_type=amqp.subject or None,
        priority=DEFAULT_PRIORITY if amqp.priority is None else int(amqp.priority),
        expiration=round(amqp.expiry_time * 1000) if amqp.expiry_time else 0,
        persistent=bool(amqp.durable),
    )


def _body(body: Any) -> str | bytes:
    if isinstance(body, str):
        return body
    if isinstance(body, bytes | bytearray | memoryview):
        return bytes(body)
    if body is None:
        return b""
    raise NotAJmsMessage(f"a {type(body).__name__} body is neither a TextMessage nor a BytesMessage")


def _identifier(value: Any) -> str | None:
    """An AMQP message id (string, UUID, ulong or binary) as the JMS id string."""
    if value is None:
        return None
    if isinstance(value, bytes | memoryview):
        return "ID:" + bytes(value).hex()
    return str(value)
