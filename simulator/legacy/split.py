"""Cut a stream of concatenated messages (the File connector appends them with no separator) into messages."""

from __future__ import annotations

import re
from collections.abc import Iterator

_XML_START = re.compile(rb"<\?xml[^>]*\?>|<ECEDOC>")
_ROOT = re.compile(rb"<(?![?!/])([A-Za-z_][\w.-]*)")


def split_stream(data: bytes) -> Iterator[bytes]:
    """Each message of a stream: ECEDOC buffers, and XML documents with or without a declaration."""
    position = 0
    size = len(data)
    while position < size:
        while position < size and data[position : position + 1].isspace():
            position += 1
        if position >= size:
            return
        end = _message_end(data, position)
        yield data[position:end]
        position = end


def _message_end(data: bytes, start: int) -> int:
    if data.startswith(b"<ECEDOC>", start):
        close = data.find(b"</ECEDOC>", start)
        return len(data) if close < 0 else close + len(b"</ECEDOC>")
    root = _ROOT.search(data, start)
    if root is None:
        return len(data)
    close_tag = b"</" + root.group(1) + b">"
    close = data.find(close_tag, root.end())
    following = _XML_START.search(data, root.end())
    if following is not None and (close < 0 or following.start() < close):
        return following.start()
    return len(data) if close < 0 else close + len(close_tag)
