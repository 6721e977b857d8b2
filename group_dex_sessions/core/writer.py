"""Streaming DEX file writer.

Public API:

* :func:`write_files(clients, cases, sessions, open_part, max_bytes=10_000_000)`
  writes one or more DEX files and returns a list of :class:`PartInfo`.
  ``open_part(index)`` (index 0, 1, ...) must return a writable binary stream;
  it is closed after the part is written unless ``close_parts=False``.
* :func:`write_bytes(...)` - the same, returning each file as ``bytes``.
* :func:`client_element`, :func:`case_element`, :func:`session_element`,
  :func:`session_assessment_element`, :func:`client_assessment_element` -
  one record as an lxml element (useful for previews and tests).
* :func:`check_client`, :func:`check_case`, :func:`check_session`,
  :func:`check_session_assessment`, :func:`check_client_assessment` - raise the
  DexValueError writing the record would raise, without building XML.
* :func:`write_fragments(source, sessions, open_part, ...)` - the packing step
  alone, on records serialised beforehand (:func:`client_fragment`,
  :func:`case_body` + :func:`with_case_id`, :func:`session_body` +
  :func:`with_session_ids`, :func:`session_assessment_body` /
  :func:`client_assessment_body` + :func:`with_assessment_ids`): an extract
  serialises its records when it validates them, and splices in the CaseIds
  and SessionIds issued when the file is written.

Output: UTF-8 with the declaration ``<?xml version="1.0" encoding="UTF-8"?>``;
sections in the order Clients, Cases, Sessions, SessionAssessments,
ClientAssessments; elements in schema order;
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
never within one. A session's SessionAssessments and ClientAssessments go in
the file that holds the session (with the clients they name). Cases and
clients no session refers to go in the last file(s). Referencing a case or
client that was not supplied, or an assessment of a session that was not
supplied, raises :class:`~.errors.DexReferenceError`; duplicate ids raise
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
from xml.sax.saxutils import escape as xml_escape

from lxml import etree

from . import mapping as m
from .errors import DexDuplicateError, DexReferenceError, DexSizeError, DexValueError
from .types import Case, Client, ClientAssessment, Session, SessionAssessment

_logger = logging.getLogger(__name__)

XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
ROOT = "DEXFileUpload"
MAX_BYTES = 10_000_000
_SECTIONS = ("Clients", "Cases", "Sessions", "SessionAssessments", "ClientAssessments")


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


def _too_many(item: m.Repeated, values, record: str, path: str) -> None:
    if item.max_items is not None and len(values) > item.max_items:
        raise DexValueError(
            f"holds {len(values)} {item.item_tag} elements; at most {item.max_items}",
            record=record,
            field=f"{path}/{item.tag}",
        )


def _fill_repeated(wrapper, item: m.Repeated, values, record: str, path: str) -> None:
    where = f"{path}/{item.tag}/{item.item_tag}"
    _too_many(item, values, record, path)
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


def _check(obj, spec, record: str, path: str) -> None:
    """Raise what :func:`_fill` would raise for ``obj``, without building XML."""
    for item in spec:
        value = getattr(obj, item.attr)
        if value is None or value == ():
            if item.required:
                raise DexValueError(
                    "is required", record=record, field=f"{path}/{item.tag}"
                )
            continue
        kind = type(item)
        if kind is m.Leaf:
            try:
                item.conv.dump(value)
            except ValueError as exc:
                raise DexValueError(
                    str(exc), record=record, field=f"{path}/{item.tag}"
                ) from None
        elif kind is m.Nested:
            _check(value, item.spec, record, f"{path}/{item.tag}")
        else:
            where = f"{path}/{item.tag}/{item.item_tag}"
            _too_many(item, value, record, path)
            for entry in value:
                if item.spec is m.SESSION_CLIENT and not entry.referrals:
                    _check_texts(
                        record, where, entry.client_id, entry.participation_code
                    )
                    continue
                if item.spec is m.CASE_CLIENT and _is_plain_case_client(entry):
                    _check_texts(record, where, entry.client_id)
                    continue
                if item.conv is None:
                    _check(entry, item.spec, record, where)
                    continue
                try:
                    item.conv.dump(entry)
                except ValueError as exc:
                    raise DexValueError(str(exc), record=record, field=where) from None


def _is_plain_case_client(case_client) -> bool:
    return not (
        case_client.referral_source_code
        or case_client.reasons_for_assistance
        or case_client.exit_reason_code
    )


def _check_texts(record, where, *values) -> None:
    """The most repeated records hold only ids and codes: text checks alone."""
    for value in values:
        try:
            m.TEXT.dump(value)
        except ValueError as exc:
            raise DexValueError(str(exc), record=record, field=where) from None


def check_client(client: Client) -> None:
    """Raise the DexValueError writing ``client`` would raise, if any."""
    _check(client, m.CLIENT, f"Client {client.client_id}", "Client")


def check_case(case: Case) -> None:
    """Raise the DexValueError writing ``case`` would raise, if any."""
    _check(case, m.CASE, f"Case {case.case_id}", "Case")


def check_session(session: Session) -> None:
    """Raise the DexValueError writing ``session`` would raise, if any."""
    record = f"Session {session.case_id}/{session.session_id}"
    _check(session, m.SESSION, record, "Session")


def check_session_assessment(assessment: SessionAssessment) -> None:
    """Raise the DexValueError writing ``assessment`` would raise, if any."""
    _check(assessment, m.SESSION_ASSESSMENT, assessment.record, "SessionAssessment")


def check_client_assessment(assessment: ClientAssessment) -> None:
    """Raise the DexValueError writing ``assessment`` would raise, if any."""
    _check(assessment, m.CLIENT_ASSESSMENT, assessment.record, "ClientAssessment")


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


def session_assessment_element(assessment: SessionAssessment):
    """The ``SessionAssessment`` element (raises DexValueError)."""
    return _element(
        "SessionAssessment", assessment, m.SESSION_ASSESSMENT, assessment.record
    )


def client_assessment_element(assessment: ClientAssessment):
    """The ``ClientAssessment`` element (raises DexValueError)."""
    return _element(
        "ClientAssessment", assessment, m.CLIENT_ASSESSMENT, assessment.record
    )


def _serialise(element) -> bytes:
    return etree.tostring(element, encoding="UTF-8")


# -- fragments ---------------------------------------------------------------------
# A DEX record serialised on its own. The pipeline of an extract serialises its
# records when it validates them, before their CaseIds and SessionIds are issued:
# a *body* is the fragment without those IDs, and the ID elements are spliced in
# when the file is written. They are the first children of their record.
_CASE_OPEN = b"<Case>"
_SESSION_OPEN = b"<Session>"


def client_fragment(client: Client) -> bytes:
    """``client`` as serialised XML (raises DexValueError)."""
    return _serialise(client_element(client))


def case_fragment(case: Case) -> bytes:
    """``case`` as serialised XML (raises DexValueError)."""
    return _serialise(case_element(case))


def session_fragment(session: Session) -> bytes:
    """``session`` as serialised XML (raises DexValueError)."""
    return _serialise(session_element(session))


def case_body(case: Case) -> bytes:
    """``case`` serialised without its CaseId, for :func:`with_case_id`."""
    element = case_element(case)
    if element[0].tag != "CaseId":  # pragma: no cover - the mapping puts it first
        raise AssertionError("CaseId must be the first child of Case")
    del element[0]
    return _serialise(element)


def session_body(session: Session) -> bytes:
    """``session`` serialised without SessionId and CaseId, for :func:`with_ids`."""
    element = session_element(session)
    if [child.tag for child in element[:2]] != ["SessionId", "CaseId"]:
        raise AssertionError("SessionId and CaseId must open a Session")
    del element[:2]
    return _serialise(element)


def session_assessment_fragment(assessment: SessionAssessment) -> bytes:
    """``assessment`` as serialised XML (raises DexValueError)."""
    return _serialise(session_assessment_element(assessment))


def client_assessment_fragment(assessment: ClientAssessment) -> bytes:
    """``assessment`` as serialised XML (raises DexValueError)."""
    return _serialise(client_assessment_element(assessment))


def _without_ids(element, first: int) -> bytes:
    """``element`` serialised without its CaseId and SessionId (children
    ``first`` and ``first + 1``), for :func:`with_assessment_ids`."""
    tags = [child.tag for child in element[first : first + 2]]
    if tags != ["CaseId", "SessionId"]:  # pragma: no cover - the mapping's order
        raise AssertionError("CaseId and SessionId must follow each other")
    del element[first : first + 2]
    return _serialise(element)


def session_assessment_body(assessment: SessionAssessment) -> bytes:
    """``assessment`` without its CaseId and SessionId (issued later)."""
    return _without_ids(session_assessment_element(assessment), 0)


def client_assessment_body(assessment: ClientAssessment) -> bytes:
    """``assessment`` without its CaseId and SessionId; its ClientId stays."""
    return _without_ids(client_assessment_element(assessment), 1)


_SESSION_ASSESSMENT_OPEN = b"<SessionAssessment>"
_CLIENT_ID_CLOSE = b"</ClientId>"


def with_assessment_ids(body: bytes, case_id: str, session_id: str) -> bytes:
    """The fragment of an assessment body once its session's IDs are known.

    CaseId and SessionId open a SessionAssessment, and follow the ClientId of
    a ClientAssessment.
    """
    ids = _id_element("CaseId", case_id) + _id_element("SessionId", session_id)
    if body.startswith(_SESSION_ASSESSMENT_OPEN):
        cut = len(_SESSION_ASSESSMENT_OPEN)
    else:
        # the ClientId is escaped text: its first end tag closes it
        cut = body.index(_CLIENT_ID_CLOSE) + len(_CLIENT_ID_CLOSE)
    return body[:cut] + ids + body[cut:]


def _id_element(tag: str, value: str) -> bytes:
    """``<tag>value</tag>``, as lxml serialises it: a file splices in one for
    each CaseId and SessionId, so no element tree is built for them. Text
    holds no line break or control character (TEXT refuses them), so
    escaping &, < and > is all that lxml would do to it."""
    try:
        text = m.TEXT.dump(value)
    except ValueError as exc:
        raise DexValueError(str(exc), field=tag) from None
    return f"<{tag}>{xml_escape(text)}</{tag}>".encode()


def with_case_id(body: bytes, case_id: str) -> bytes:
    """The Case fragment of a :func:`case_body` once its CaseId is known."""
    return _CASE_OPEN + _id_element("CaseId", case_id) + body[len(_CASE_OPEN) :]


def with_session_ids(body: bytes, session_id: str, case_id: str) -> bytes:
    """The Session fragment of a :func:`session_body` once its IDs are known."""
    return (
        _SESSION_OPEN
        + _id_element("SessionId", session_id)
        + _id_element("CaseId", case_id)
        + body[len(_SESSION_OPEN) :]
    )


@dataclass
class PartInfo:
    """What one written file contains."""

    index: int
    size: int
    clients: int
    cases: int
    sessions: int
    session_assessments: int = 0
    client_assessments: int = 0


@dataclass
class _Part:
    clients: dict[str, bytes] = field(default_factory=dict)
    cases: dict[str, bytes] = field(default_factory=dict)
    sessions: list[bytes] = field(default_factory=list)
    session_assessments: list[bytes] = field(default_factory=list)
    client_assessments: list[bytes] = field(default_factory=list)
    size: int = _BASE_SIZE

    def is_empty(self) -> bool:
        return not (self.clients or self.cases or self.sessions)


@dataclass
class SessionScores:
    """The serialised assessments of one session: they go in its file.

    ``clients`` holds (ClientId, ClientAssessment fragment) pairs.
    """

    session: list[bytes] = field(default_factory=list)
    clients: list[tuple[str, bytes]] = field(default_factory=list)


class FragmentSource:
    """Serialised Clients and Cases, found by ID, for :func:`write_fragments`.

    ``clients`` maps a ClientId to its fragment; ``cases`` maps a CaseId to
    (fragment, ClientIds of its CaseClients); ``assessments`` maps a
    (CaseId, SessionId) to its :class:`SessionScores`. Each may be filled
    lazily by a subclass overriding :meth:`client`, :meth:`case` and
    :meth:`scores`.
    """

    def __init__(self, clients=None, cases=None, assessments=None):
        self.clients = clients if clients is not None else {}
        self.cases = cases if cases is not None else {}
        self.assessments = assessments if assessments is not None else {}

    def client(self, client_id: str) -> bytes | None:
        return self.clients.get(client_id)

    def case(self, case_id: str) -> tuple[bytes, tuple[str, ...]] | None:
        return self.cases.get(case_id)

    def scores(self, case_id: str, session_id: str) -> SessionScores | None:
        return self.assessments.get((case_id, session_id))

    def client_ids(self) -> Iterable[str]:
        return self.clients.keys()

    def case_ids(self) -> Iterable[str]:
        return self.cases.keys()

    def scored_sessions(self) -> Iterable[tuple[str, str]]:
        return self.assessments.keys()


class _RecordSource(FragmentSource):
    """Fragments serialised from Client and Case records on first use."""

    def __init__(self, clients, cases, session_assessments=(), client_assessments=()):
        super().__init__()
        self.client_records = _index(clients, "client_id", "ClientId")
        self.case_records = _index(cases, "case_id", "CaseId")
        for assessment in session_assessments:
            self._scores_of(assessment).session.append(
                session_assessment_fragment(assessment)
            )
        for assessment in client_assessments:
            self._scores_of(assessment).clients.append(
                (assessment.client_id, client_assessment_fragment(assessment))
            )

    def _scores_of(self, assessment) -> SessionScores:
        key = (assessment.case_id, assessment.session_id)
        found = self.assessments.get(key)
        if found is None:
            found = self.assessments[key] = SessionScores()
        return found

    def client(self, client_id):
        frag = self.clients.get(client_id)
        if frag is None and client_id in self.client_records:
            frag = self.clients[client_id] = client_fragment(
                self.client_records[client_id]
            )
        return frag

    def case(self, case_id):
        found = self.cases.get(case_id)
        if found is None and case_id in self.case_records:
            case = self.case_records[case_id]
            members = tuple(dict.fromkeys(cc.client_id for cc in case.case_clients))
            found = self.cases[case_id] = (case_fragment(case), members)
        return found

    def client_ids(self):
        return self.client_records.keys()

    def case_ids(self):
        return self.case_records.keys()


class _Splitter:
    """Packs serialised records into self-contained parts."""

    def __init__(self, source: FragmentSource, open_part, max_bytes, close_parts):
        self.source = source
        self.open_part = open_part
        self.max_bytes = max_bytes
        self.close_parts = close_parts
        self.case_members: dict[str, tuple[str, ...]] = {}
        self.written_clients: set[str] = set()
        self.written_cases: set[str] = set()
        self.session_keys: set[tuple[str, str]] = set()
        self.part = _Part()
        self.parts: list[PartInfo] = []

    # -- fragments -----------------------------------------------------------
    def _client(self, client_id: str, referrer: str) -> bytes:
        frag = self.source.client(client_id)
        if frag is None:
            raise DexReferenceError(
                f"{referrer} refers to client {client_id!r}, which was not supplied"
            )
        return frag

    def _case(self, case_id: str, referrer: str) -> bytes:
        found = self.source.case(case_id)
        if found is None:
            raise DexReferenceError(
                f"{referrer} refers to case {case_id!r}, which was not supplied"
            )
        self.case_members[case_id] = found[1]
        return found[0]

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
    def _cost(part: _Part, cases, clients, session: bytes | None, scores) -> int:
        cost = sum(map(len, cases.values())) + sum(map(len, clients.values()))
        if cases and not part.cases:
            cost += _overhead("Cases")
        if clients and not part.clients:
            cost += _overhead("Clients")
        if session is not None:
            cost += len(session) + (0 if part.sessions else _overhead("Sessions"))
        if scores is not None and scores.session:
            cost += sum(map(len, scores.session))
            if not part.session_assessments:
                cost += _overhead("SessionAssessments")
        if scores is not None and scores.clients:
            cost += sum(len(fragment) for _client, fragment in scores.clients)
            if not part.client_assessments:
                cost += _overhead("ClientAssessments")
        return cost

    def add(
        self,
        case_ids,
        client_ids,
        session: bytes | None,
        referrer: str,
        scores: SessionScores | None = None,
    ) -> None:
        cases, clients = self._needs(self.part, case_ids, client_ids, referrer)
        cost = self._cost(self.part, cases, clients, session, scores)
        if self.part.size + cost > self.max_bytes and not self.part.is_empty():
            self.flush()
            cases, clients = self._needs(self.part, case_ids, client_ids, referrer)
            cost = self._cost(self.part, cases, clients, session, scores)
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
        if scores is not None:
            self.part.session_assessments.extend(scores.session)
            self.part.client_assessments.extend(f for _c, f in scores.clients)
        self.part.size += cost

    def add_fragment(self, case_id, session_id, client_ids, fragment: bytes) -> None:
        key = (case_id, session_id)
        if key in self.session_keys:
            raise DexDuplicateError(
                f"session {session_id!r} of case {case_id!r} was supplied twice"
            )
        self.session_keys.add(key)
        referrer = f"Session {case_id}/{session_id}"
        scores = self.source.scores(case_id, session_id)
        if scores is not None and scores.clients:
            # a client assessment names its client: the file must hold them
            client_ids = [*client_ids, *(client for client, _f in scores.clients)]
        self.add((case_id,), client_ids, fragment, referrer, scores)

    def check_scored_sessions(self) -> None:
        """Every assessment went with its session (none refers to a session
        that was not supplied)."""
        for case_id, session_id in self.source.scored_sessions():
            if (case_id, session_id) not in self.session_keys:
                raise DexReferenceError(
                    f"an assessment refers to session {session_id!r} of case "
                    f"{case_id!r}, which was not supplied"
                )

    def add_session(self, session: Session) -> None:
        self.add_fragment(
            session.case_id,
            session.session_id,
            [sc.client_id for sc in session.session_clients],
            session_fragment(session),
        )

    def add_leftovers(self) -> None:
        for case_id in self.source.case_ids():
            if case_id not in self.written_cases and case_id not in self.part.cases:
                self.add((case_id,), (), None, f"Case {case_id}")
        for client_id in self.source.client_ids():
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
            index,
            part.size,
            len(part.clients),
            len(part.cases),
            len(part.sessions),
            len(part.session_assessments),
            len(part.client_assessments),
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
        (
            part.clients.values(),
            part.cases.values(),
            part.sessions,
            part.session_assessments,
            part.client_assessments,
        ),
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
    session_assessments: Iterable[SessionAssessment] = (),
    client_assessments: Iterable[ClientAssessment] = (),
) -> list[PartInfo]:
    """Write the records as one or more self-contained DEX files (see module doc)."""
    if max_bytes <= _BASE_SIZE:
        raise ValueError(f"max_bytes must be larger than {_BASE_SIZE}")
    source = _RecordSource(clients, cases, session_assessments, client_assessments)
    splitter = _Splitter(source, open_part, max_bytes, close_parts)
    for session in sessions:
        splitter.add_session(session)
    splitter.check_scored_sessions()
    splitter.add_leftovers()
    splitter.flush()
    return splitter.parts


def write_fragments(
    source: FragmentSource,
    sessions: Iterable[tuple[str, str, Iterable[str], bytes]],
    open_part: Callable[[int], BinaryIO],
    max_bytes: int = MAX_BYTES,
    *,
    close_parts: bool = True,
) -> list[PartInfo]:
    """Like :func:`write_files`, from records serialised beforehand.

    ``sessions`` yields (CaseId, SessionId, ClientIds of its SessionClients,
    Session fragment); ``source`` gives the Client and Case fragments, and
    the assessment fragments of each session.
    """
    if max_bytes <= _BASE_SIZE:
        raise ValueError(f"max_bytes must be larger than {_BASE_SIZE}")
    splitter = _Splitter(source, open_part, max_bytes, close_parts)
    for case_id, session_id, client_ids, fragment in sessions:
        splitter.add_fragment(case_id, session_id, client_ids, fragment)
    splitter.check_scored_sessions()
    splitter.add_leftovers()
    splitter.flush()
    return splitter.parts


def write_bytes(
    clients: Iterable[Client],
    cases: Iterable[Case],
    sessions: Iterable[Session],
    max_bytes: int = MAX_BYTES,
    *,
    session_assessments: Iterable[SessionAssessment] = (),
    client_assessments: Iterable[ClientAssessment] = (),
) -> list[bytes]:
    """Like :func:`write_files`, returning each file's content."""
    buffers: list[io.BytesIO] = []

    def open_part(index: int) -> io.BytesIO:
        buffers.append(io.BytesIO())
        return buffers[-1]

    write_files(
        clients,
        cases,
        sessions,
        open_part,
        max_bytes,
        close_parts=False,
        session_assessments=session_assessments,
        client_assessments=client_assessments,
    )
    return [buffer.getvalue() for buffer in buffers]
