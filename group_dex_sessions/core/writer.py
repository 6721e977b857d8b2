"""Streaming DEX file writer.

Public API:

* :func:`write_files(clients, cases, sessions, open_part, max_bytes=10_000_000)`
  writes one or more DEX files and returns a list of :class:`PartInfo`.
  ``open_part(index)`` (index 0, 1, ...) must return a writable binary stream;
  it is closed after the part is written unless ``close_parts=False``.
* :func:`write_bytes(...)` - the same, returning each file as ``bytes``.
* :func:`client_element`, :func:`case_element`, :func:`session_element` -
  one record as an lxml element (useful for previews and tests).

Output: UTF-8 with the declaration ``<?xml version="1.0" encoding="UTF-8"?>``;
sections in the order Clients, Cases, Sessions; elements in schema order;
optional values omitted (never empty elements); booleans ``true``/``false``;
``FeesCharged`` with two decimals. Every value is checked against what the
schema allows, so a written file is always valid under ``schema/dex_upload.xsd``;
a bad value raises :class:`~.errors.DexValueError` naming the record and field.

Streaming and splitting: ``sessions`` may be any iterable (e.g. a generator)
and is consumed once. Each record becomes a small lxml subtree that is
serialised at once; only the serialised sessions of the file being filled
(at most ``max_bytes``) and the serialised clients and cases are kept. A file
is closed when the next session would make it larger than ``max_bytes``.
Every file is self-contained: it holds each Case its Sessions reference (with
all of that case's CaseClients) and every Client those CaseClients and
SessionClients reference, so a client or case may repeat across files but
never within one. Cases and clients no session refers to go in the last
file(s). Referencing a case or client that was not supplied raises
:class:`~.errors.DexReferenceError`; duplicate ids raise
:class:`~.errors.DexDuplicateError`; a session whose case and clients alone
exceed ``max_bytes`` raises :class:`~.errors.DexSizeError`.

Each file is written through ``lxml.etree.xmlfile`` (unbuffered): the root
and section elements come from ``xmlfile``, the records serialised by lxml
(``etree.tostring``, so lxml does all escaping) are spliced in after
``flush()``. Buffering serialised sessions is what lets the Clients and Cases
sections, which come first, hold exactly what the file's sessions need. The
declaration is written as bytes because ``xmlfile.write_declaration`` uses
single quotes. Feed sessions ordered by case: a case's clients then repeat in
fewer files.

Nothing is written when there is no record at all (an empty DEX file is not
valid). If a :class:`~.errors.DexError` is raised, files already written are
incomplete and must be discarded.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

from lxml import etree

from . import mapping as m
from .errors import DexDuplicateError, DexReferenceError, DexSizeError, DexValueError
from .types import Case, Client, Session

_logger = logging.getLogger(__name__)

XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
ROOT = "DEXFileUpload"
MAX_BYTES = 10_000_000
_SECTIONS = ("Clients", "Cases", "Sessions")


def _overhead(tag: str) -> int:
    return len(tag) * 2 + 5  # <tag></tag>


_BASE_SIZE = len(XML_DECLARATION) + _overhead(ROOT)
_SUBELEMENT = etree.SubElement


def _fill(element, obj, spec, record: str, path: str) -> None:
    """Append the children described by ``spec`` for ``obj`` to ``element``."""
    for item in spec:
        value = getattr(obj, item.attr)
        if value is None or value == ():
            if item.required:
                raise DexValueError(
                    "is required", record=record, field=f"{path}/{item.tag}"
                )
            continue
        if type(item) is m.Leaf:
            try:
                text = item.conv.dump(value)
            except ValueError as exc:
                raise DexValueError(
                    str(exc), record=record, field=f"{path}/{item.tag}"
                ) from None
            _SUBELEMENT(element, item.tag).text = text
        elif type(item) is m.Nested:
            _fill(
                _SUBELEMENT(element, item.tag),
                value,
                item.spec,
                record,
                f"{path}/{item.tag}",
            )
        else:
            _fill_repeated(_SUBELEMENT(element, item.tag), item, value, record, path)


def _fill_session_clients(wrapper, values, record: str, where: str) -> None:
    """Fast path for the most repeated record (same output as :func:`_fill`)."""
    text = m.TEXT.dump
    for value in values:
        element = _SUBELEMENT(wrapper, "SessionClient")
        try:
            client_id = text(value.client_id)
            code = text(value.participation_code)
        except ValueError:
            _fill(element, value, m.SESSION_CLIENT, record, where)  # names the field
            raise
        _SUBELEMENT(element, "ClientId").text = client_id
        _SUBELEMENT(element, "ParticipationCode").text = code
        if value.referrals:
            wrapped = _SUBELEMENT(element, "ClientReferralOutWithPurpose")
            _fill_repeated(wrapped, m.SESSION_CLIENT[2], value.referrals, record, where)


def _fill_repeated(wrapper, item: m.Repeated, values, record: str, path: str) -> None:
    where = f"{path}/{item.tag}/{item.item_tag}"
    if item.spec is m.SESSION_CLIENT:
        _fill_session_clients(wrapper, values, record, where)
        return
    for value in values:
        if item.conv is None:
            _fill(_SUBELEMENT(wrapper, item.item_tag), value, item.spec, record, where)
            continue
        try:
            text = item.conv.dump(value)
        except ValueError as exc:
            raise DexValueError(str(exc), record=record, field=where) from None
        _SUBELEMENT(wrapper, item.item_tag).text = text


def _element(tag: str, obj, spec, record: str):
    element = etree.Element(tag)
    _fill(element, obj, spec, record, tag)
    return element


def client_element(client: Client):
    """The ``Client`` element for ``client`` (raises DexValueError)."""
    return _element("Client", client, m.CLIENT, f"Client {client.client_id}")


def case_element(case: Case):
    """The ``Case`` element for ``case`` (raises DexValueError)."""
    return _element("Case", case, m.CASE, f"Case {case.case_id}")


def session_element(session: Session):
    """The ``Session`` element for ``session`` (raises DexValueError)."""
    record = f"Session {session.case_id}/{session.session_id}"
    return _element("Session", session, m.SESSION, record)


def _serialise(element) -> bytes:
    return etree.tostring(element, encoding="UTF-8")


@dataclass
class PartInfo:
    """What one written file contains."""

    index: int
    size: int
    clients: int
    cases: int
    sessions: int


@dataclass
class _Part:
    clients: dict[str, bytes] = field(default_factory=dict)
    cases: dict[str, bytes] = field(default_factory=dict)
    sessions: list[bytes] = field(default_factory=list)
    size: int = _BASE_SIZE

    def is_empty(self) -> bool:
        return not (self.clients or self.cases or self.sessions)


class _Splitter:
    """Packs serialised records into self-contained parts."""

    def __init__(self, clients, cases, open_part, max_bytes: int, close_parts: bool):
        self.clients = _index(clients, "client_id", "ClientId")
        self.cases = _index(cases, "case_id", "CaseId")
        self.open_part = open_part
        self.max_bytes = max_bytes
        self.close_parts = close_parts
        self.client_bytes: dict[str, bytes] = {}
        self.case_bytes: dict[str, bytes] = {}
        self.case_members: dict[str, tuple[str, ...]] = {}
        self.written_clients: set[str] = set()
        self.written_cases: set[str] = set()
        self.session_keys: set[tuple[str, str]] = set()
        self.part = _Part()
        self.parts: list[PartInfo] = []

    # -- fragments -----------------------------------------------------------
    def _client(self, client_id: str, referrer: str) -> bytes:
        frag = self.client_bytes.get(client_id)
        if frag is None:
            client = self.clients.get(client_id)
            if client is None:
                raise DexReferenceError(
                    f"{referrer} refers to client {client_id!r}, which was not supplied"
                )
            frag = self.client_bytes[client_id] = _serialise(client_element(client))
        return frag

    def _case(self, case_id: str, referrer: str) -> bytes:
        frag = self.case_bytes.get(case_id)
        if frag is None:
            case = self.cases.get(case_id)
            if case is None:
                raise DexReferenceError(
                    f"{referrer} refers to case {case_id!r}, which was not supplied"
                )
            frag = self.case_bytes[case_id] = _serialise(case_element(case))
            self.case_members[case_id] = tuple(
                dict.fromkeys(cc.client_id for cc in case.case_clients)
            )
        return frag

    # -- packing -------------------------------------------------------------
    def _needs(self, part: _Part, case_ids, client_ids, referrer: str):
        cases = {c: self._case(c, referrer) for c in case_ids if c not in part.cases}
        wanted = list(client_ids)
        for case_id in cases:
            wanted.extend(self.case_members[case_id])
        clients = {
            c: self._client(c, referrer)
            for c in dict.fromkeys(wanted)
            if c not in part.clients
        }
        return cases, clients

    @staticmethod
    def _cost(part: _Part, cases, clients, session: bytes | None) -> int:
        cost = sum(map(len, cases.values())) + sum(map(len, clients.values()))
        if cases and not part.cases:
            cost += _overhead("Cases")
        if clients and not part.clients:
            cost += _overhead("Clients")
        if session is not None:
            cost += len(session) + (0 if part.sessions else _overhead("Sessions"))
        return cost

    def add(self, case_ids, client_ids, session: bytes | None, referrer: str) -> None:
        cases, clients = self._needs(self.part, case_ids, client_ids, referrer)
        cost = self._cost(self.part, cases, clients, session)
        if self.part.size + cost > self.max_bytes and not self.part.is_empty():
            self.flush()
            cases, clients = self._needs(self.part, case_ids, client_ids, referrer)
            cost = self._cost(self.part, cases, clients, session)
        if self.part.size + cost > self.max_bytes:
            raise DexSizeError(
                f"{referrer}, with its case and {len(clients)} client(s), needs "
                f"{self.part.size + cost} bytes, more than the limit of "
                f"{self.max_bytes} bytes for one file"
            )
        self.part.cases.update(cases)
        self.part.clients.update(clients)
        if session is not None:
            self.part.sessions.append(session)
        self.part.size += cost

    def add_session(self, session: Session) -> None:
        key = (session.case_id, session.session_id)
        if key in self.session_keys:
            raise DexDuplicateError(
                f"session {session.session_id!r} of case {session.case_id!r} "
                "was supplied twice"
            )
        self.session_keys.add(key)
        frag = _serialise(session_element(session))
        referrer = f"Session {session.case_id}/{session.session_id}"
        client_ids = [sc.client_id for sc in session.session_clients]
        self.add((session.case_id,), client_ids, frag, referrer)

    def add_leftovers(self) -> None:
        for case_id in self.cases:
            if case_id not in self.written_cases and case_id not in self.part.cases:
                self.add((case_id,), (), None, f"Case {case_id}")
        for client_id in self.clients:
            if (
                client_id not in self.written_clients
                and client_id not in self.part.clients
            ):
                self.add((), (client_id,), None, f"Client {client_id}")

    def flush(self) -> None:
        part, self.part = self.part, _Part()
        if part.is_empty():
            return
        index = len(self.parts)
        stream = self.open_part(index)
        try:
            _write_part(stream, part)
        finally:
            if self.close_parts:
                stream.close()
        self.written_clients.update(part.clients)
        self.written_cases.update(part.cases)
        info = PartInfo(
            index, part.size, len(part.clients), len(part.cases), len(part.sessions)
        )
        _logger.debug("DEX part %s written: %s bytes", index, part.size)
        self.parts.append(info)


def _index(records: Iterable, attr: str, tag: str) -> dict:
    found: dict = {}
    for record in records:
        key = getattr(record, attr)
        if key in found:
            raise DexDuplicateError(f"{tag} {key!r} was supplied twice")
        found[key] = record
    return found


def _write_part(stream: BinaryIO, part: _Part) -> None:
    stream.write(XML_DECLARATION)
    sections = zip(
        _SECTIONS,
        (part.clients.values(), part.cases.values(), part.sessions),
        strict=True,
    )
    with etree.xmlfile(stream, encoding="UTF-8", buffered=False) as xf:
        with xf.element(ROOT):
            for tag, fragments in sections:
                if not fragments:
                    continue
                with xf.element(tag):
                    xf.flush()  # the start tag is out: splice the serialised records
                    for fragment in fragments:
                        stream.write(fragment)


def write_files(
    clients: Iterable[Client],
    cases: Iterable[Case],
    sessions: Iterable[Session],
    open_part: Callable[[int], BinaryIO],
    max_bytes: int = MAX_BYTES,
    *,
    close_parts: bool = True,
) -> list[PartInfo]:
    """Write the records as one or more self-contained DEX files (see module doc)."""
    if max_bytes <= _BASE_SIZE:
        raise ValueError(f"max_bytes must be larger than {_BASE_SIZE}")
    splitter = _Splitter(clients, cases, open_part, max_bytes, close_parts)
    for session in sessions:
        splitter.add_session(session)
    splitter.add_leftovers()
    splitter.flush()
    return splitter.parts


def write_bytes(
    clients: Iterable[Client],
    cases: Iterable[Case],
    sessions: Iterable[Session],
    max_bytes: int = MAX_BYTES,
) -> list[bytes]:
    """Like :func:`write_files`, returning each file's content."""
    buffers: list[io.BytesIO] = []

    def open_part(index: int) -> io.BytesIO:
        buffers.append(io.BytesIO())
        return buffers[-1]

    write_files(clients, cases, sessions, open_part, max_bytes, close_parts=False)
    return [buffer.getvalue() for buffer in buffers]
