"""A validated extract, serialised once and kept until its DEX files are written.

An extract validates its records when it collects them; the files are written
later (the manager downloads them, or the scheduled action prepares them). The
staged form is what was validated: each Client, Case and Session already
serialised, Cases and Sessions without their CaseId and SessionId (issued only
when a file is written, see :func:`.writer.with_case_id`). Writing the files then
only splices the IDs in and packs the fragments (:func:`.writer.write_fragments`).

Format: a gzip stream (one member or more, read as one) of ``MAGIC``
followed by items, each
``kind (1 byte) | header length (4 bytes) | JSON header | payload length
(4 bytes) | payload``. Kinds, in this order: ``I`` the keys (header
``{"cases": {key: ID or null}, "sessions": {...}}``, the DEX ID where one was
issued before), ``R`` the ids of the records the file sends (``{"count"}``,
payload 64-bit integers), then ``C`` Clients (``{"id"}``, payload the
fragment), ``K`` Cases (``{"key", "clients"}``, payload the body), ``A``
SessionAssessments (``{"session", "case"}``: the keys of their session and
case, payload the body without CaseId and SessionId), ``L`` ClientAssessments
(``{"session", "case", "client"}``, the same) and ``S`` Sessions (``{"key",
"case", "clients"}``, payload the body). The keys and record ids come first,
so writing can issue IDs and mark records while it reads the rest; the
assessments come before the sessions, so that each session is packed with
its own. The records are serialised before the keys and record ids are
known (what an error holds back is known only once they are), so a staged
extract is written as two members: the head (``StageWriter``) and the body
(``StageWriter(head=False)``), joined head first. Reading never evaluates
anything: JSON and bytes only.
"""

from __future__ import annotations

import gzip
import io
import json
import struct
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from json.encoder import encode_basestring_ascii
from typing import BinaryIO

from .errors import DexParseError

MAGIC = b"DEX-STAGED-EXTRACT 1\n"
_LENGTH = struct.Struct(">I")
CLIENT, CASE, SESSION, RECORDS, KEYS = b"C", b"K", b"S", b"R", b"I"
SESSION_ASSESSMENT, CLIENT_ASSESSMENT = b"A", b"L"
_KINDS = (CLIENT, CASE, SESSION, RECORDS, KEYS, SESSION_ASSESSMENT, CLIENT_ASSESSMENT)
# one encoder for the few other headers: json.dumps with options builds one
# per call
_encode_header = json.JSONEncoder(separators=(",", ":")).encode
_decode_header = json.JSONDecoder().decode
# a JSON string: the headers of the many Clients, Cases and Sessions are put
# together from their strings, not passed through the encoder one dict each
_string = encode_basestring_ascii


def _string_list(values) -> str:
    """A JSON array of strings."""
    return "[" + ",".join(map(_string, values)) + "]"


@dataclass(frozen=True, slots=True)
class StagedItem:
    kind: bytes
    header: dict
    payload: bytes


class StageWriter:
    """Writes staged items to a binary stream (gzip-compressed)."""

    # items are handed to gzip in chunks of about this size: one call per item
    # costs more than compressing it
    CHUNK = 1 << 20

    def __init__(self, stream: BinaryIO, head: bool = True):
        """``head=False``: the body member, which follows a head's member."""
        self._gzip = gzip.GzipFile(fileobj=stream, mode="wb", compresslevel=1)
        self._pending = [MAGIC] if head else []
        self._size = len(MAGIC) if head else 0
        self.counts = dict.fromkeys(_KINDS, 0)

    def _item(self, kind: bytes, header: dict | str, payload: bytes) -> None:
        """``header``: a dict, or its JSON text already."""
        if not isinstance(header, str):
            header = _encode_header(header)
        encoded = header.encode()
        self._pending += (
            kind + _LENGTH.pack(len(encoded)) + encoded + _LENGTH.pack(len(payload)),
            payload,
        )
        self._size += len(encoded) + len(payload) + 9
        self.counts[kind] += 1
        if self._size >= self.CHUNK:
            self._flush()

    def _flush(self) -> None:
        self._gzip.write(b"".join(self._pending))
        self._pending, self._size = [], 0

    def client(self, client_id: str, fragment: bytes) -> None:
        self._item(CLIENT, '{"id":' + _string(client_id) + "}", fragment)

    def keys(self, cases: dict, sessions: dict) -> None:
        """Every case and session key, with its DEX ID when already issued."""
        self._item(KEYS, {"cases": cases, "sessions": sessions}, b"")

    def case(self, key: str, clients, body: bytes) -> None:
        header = '{"key":' + _string(key) + ',"clients":' + _string_list(clients) + "}"
        self._item(CASE, header, body)

    def session_assessment(self, session_key: str, case_key: str, body: bytes) -> None:
        self._item(SESSION_ASSESSMENT, {"session": session_key, "case": case_key}, body)

    def client_assessment(
        self, session_key: str, case_key: str, client_id: str, body: bytes
    ) -> None:
        header = {"session": session_key, "case": case_key, "client": client_id}
        self._item(CLIENT_ASSESSMENT, header, body)

    def session(self, key: str, case_key: str, clients, body: bytes) -> None:
        header = (
            '{"key":'
            + _string(key)
            + ',"case":'
            + _string(case_key)
            + ',"clients":'
            + _string_list(clients)
            + "}"
        )
        self._item(SESSION, header, body)

    def records(self, ids) -> None:
        """The ids of the records (SD records) the staged file sends."""
        packed = array("q", ids)
        self._item(RECORDS, {"count": len(packed)}, packed.tobytes())

    def close(self) -> None:
        self._flush()
        self._gzip.close()


def record_ids(item: StagedItem) -> list[int]:
    """The ids a ``RECORDS`` item holds."""
    ids = array("q")
    ids.frombytes(item.payload)
    if len(ids) != item.header.get("count"):
        raise DexParseError("the staged extract is damaged: record count mismatch")
    return ids.tolist()


def read_staged(stream: BinaryIO) -> Iterator[StagedItem]:
    """Yield the items of a staged extract; DexParseError if it is damaged."""
    try:
        # five small reads per item: buffered in C, not through GzipFile.read
        with io.BufferedReader(
            gzip.GzipFile(fileobj=stream, mode="rb"), buffer_size=1 << 20
        ) as data:
            if data.read(len(MAGIC)) != MAGIC:
                raise DexParseError("not a staged DEX extract")
            while True:
                kind = data.read(1)
                if not kind:
                    return
                if kind not in _KINDS:
                    raise DexParseError(f"unknown staged item {kind!r}")
                header = _decode_header(_read_block(data).decode())
                yield StagedItem(kind, header, _read_block(data))
    except (OSError, EOFError, ValueError, struct.error) as exc:
        raise DexParseError(f"the staged extract is damaged: {exc}") from None


def _read_block(data) -> bytes:
    (length,) = _LENGTH.unpack(data.read(_LENGTH.size))
    block = data.read(length)
    if len(block) != length:
        raise EOFError("truncated item")
    return block
