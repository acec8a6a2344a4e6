"""The bytes of an export as lxml reads them: size-limited, DOCTYPE refused, CDATA repaired.

WordPress exporters before 3.x wrote ``]]>`` inside CDATA sections without
splitting them (``<![CDATA[a ]]> b]]>``), which no XML parser accepts.  The
WordPress importer's fallback parser reads such a section up to the last
``]]>`` before the element's closing tag; :class:`ExportStream` does the same
by rewriting the inner ``]]>`` as ``]]]]><![CDATA[>`` (the correct escape),
without changing the line count, so lxml's error lines stay true.
"""

from __future__ import annotations

import re
from typing import BinaryIO

_CHUNK = 1 << 20
_CDATA_OPEN = b"<![CDATA["
_CDATA_CLOSE = b"]]>"
_CDATA_ESCAPED = b"]]]]><![CDATA[>"
# The start tag right before a CDATA section: ``<content:encoded>`` + optional blanks.
_START_TAG_BEFORE = re.compile(rb"<([A-Za-z_][\w.:-]*)(?:\s[^<>]*)?>\s*\Z")
_BLANKS = b" \t\r\n"


class ExportRefused(Exception):
    """The export is refused before parsing (too large, a DOCTYPE); ``line`` says where."""

    def __init__(self, line: int, field: str, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.field = field
        self.message = message


class ExportStream:
    """A read-only binary stream over ``raw`` for :func:`lxml.etree.iterparse`.

    :param raw: the export file, opened in binary mode.
    :param limit: the largest number of bytes read before :class:`ExportRefused`.

    A ``<!DOCTYPE`` outside comments is refused: WordPress never writes one,
    and it is where external entities and entity bombs live.
    """

    def __init__(self, raw: BinaryIO, *, limit: int) -> None:
        self._raw = raw
        self._limit = limit
        self._total = 0
        self._eof = False
        self._pending = bytearray()  # read but not yet decided on
        self._ready = bytearray()  # decided, waiting for the parser
        self._line = 1  # line number of the first byte of _pending
        self._tail = b""  # the last bytes handed on, to find a section's element
        self._scan_from = 0  # inside an open CDATA section: where to look for ]]> next
        #: Lines where an unescaped ``]]>`` inside CDATA was repaired.
        self.repaired_lines: list[int] = []

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes of the repaired export (all that is left when negative)."""
        while (size < 0 or len(self._ready) < size) and not (self._eof and not self._pending):
            self._fill()
            self._process()
        if size < 0:
            size = len(self._ready)
        chunk = bytes(self._ready[:size])
        del self._ready[:size]
        return chunk

    # -- internals ---------------------------------------------------------

    def _fill(self) -> None:
        if self._eof:
            return
        chunk = self._raw.read(_CHUNK)
        if not chunk:
            self._eof = True
            return
        self._total += len(chunk)
        if self._total > self._limit:
            raise ExportRefused(
                self._line,
                "size",
                f"the export is larger than the limit of {self._limit} bytes (raise it with --max-size)",
            )
        self._pending += chunk

    def _emit(self, end: int, replacement: bytes | None = None) -> None:
        part = bytes(self._pending[:end])
        self._line += part.count(b"\n")
        out = part if replacement is None else replacement
        self._ready += out
        self._tail = (self._tail + out)[-512:]
        del self._pending[:end]
        self._scan_from = 0

    def _process(self) -> None:
        buf = self._pending
        while buf:
            mark = buf.find(b"<!")
            if mark < 0:
                # A lone "<" at the end may become "<!" with the next chunk.
                self._emit(len(buf) if self._eof or not buf.endswith(b"<") else len(buf) - 1)
                return
            if mark:
                self._emit(mark)
                continue
            if len(buf) < len(_CDATA_OPEN) and not self._eof:
                return
            if buf.startswith(b"<!--"):
                end = buf.find(b"-->", 4)
                if end < 0:
                    if self._eof:
                        self._emit(len(buf))
                    return
                self._emit(end + 3)
            elif buf.startswith(_CDATA_OPEN):
                if not self._cdata_section():
                    return
            elif buf.startswith(b"<!DOCTYPE"):
                raise ExportRefused(
                    self._line,
                    "DOCTYPE",
                    "the export has a document type declaration; WordPress exports have none, "
                    "and entity declarations are refused (no external files, no entity expansion)",
                )
            else:
                self._emit(2)

    def _cdata_section(self) -> bool:
        """Hand on the CDATA section at the start of the buffer; ``False`` when more input is needed."""
        buf = self._pending
        match = _START_TAG_BEFORE.search(self._tail)
        closing = b"</" + match.group(1) if match else None
        position = self._scan_from or len(_CDATA_OPEN)
        while True:
            close = buf.find(_CDATA_CLOSE, position)
            if close < 0:
                if self._eof:
                    self._emit(len(buf))  # unterminated: lxml reports it
                    return True
                self._scan_from = max(len(_CDATA_OPEN), len(buf) - 2)
                return False
            after = close + 3
            while after < len(buf) and buf[after] in _BLANKS:
                after += 1
            rest = bytes(buf[after : after + len(_CDATA_OPEN) + 64])
            if closing is None:
                break
            need = max(len(closing) + 1, len(_CDATA_OPEN))
            if len(rest) < need and not self._eof:
                self._scan_from = close
                return False
            if rest.startswith(_CDATA_OPEN) or (
                rest.startswith(closing) and rest[len(closing) : len(closing) + 1] in (b">", b" ", b"\t", b"\n", b"\r")
            ):
                break
            if not rest and self._eof:
                break
            position = close + 3
        end = close + 3
        inner = bytes(buf[len(_CDATA_OPEN) : close])
        if _CDATA_CLOSE in inner:
            self.repaired_lines.append(self._line)
            self._emit(end, _CDATA_OPEN + inner.replace(_CDATA_CLOSE, _CDATA_ESCAPED) + _CDATA_CLOSE)
        else:
            self._emit(end)
        return True
