"""Reading an extract's staged records back to write its files (core.staging)."""

import io

from ..core import staging, writer
from ..core.errors import DexParseError


class StagedSource(writer.FragmentSource):
    """Clients and Cases of a staged extract, with the CaseIds now issued."""


def read_for_writing(data, case_ids, session_ids):
    """(FragmentSource, session tuples) to write the files of a staged extract.

    ``case_ids`` and ``session_ids`` map every case and session key to its DEX
    ID. Sessions are yielded as they are read, never all held in memory.
    """
    source = StagedSource()
    items = staging.read_staged(io.BytesIO(data))

    def sessions(first):
        if first is not None:
            yield first
        for item in items:
            if item.kind == staging.SESSION:
                yield _session_tuple(item, case_ids, session_ids)

    for item in items:
        if item.kind == staging.CLIENT:
            source.clients[item.header["id"]] = item.payload
        elif item.kind in (staging.SESSION_ASSESSMENT, staging.CLIENT_ASSESSMENT):
            _add_assessment(source, item, case_ids, session_ids)
        elif item.kind == staging.CASE:
            case_id = case_ids[item.header["key"]]
            source.cases[case_id] = (
                writer.with_case_id(item.payload, case_id),
                tuple(item.header["clients"]),
            )
        elif item.kind == staging.SESSION:
            return source, sessions(_session_tuple(item, case_ids, session_ids))
    return source, sessions(None)


def _add_assessment(source, item, case_ids, session_ids):
    """A staged assessment, with its session's IDs, goes with that session."""
    case_id = case_ids[item.header["case"]]
    session_id = session_ids[item.header["session"]]
    scores = source.assessments.get((case_id, session_id))
    if scores is None:
        scores = source.assessments[(case_id, session_id)] = writer.SessionScores()
    fragment = writer.with_assessment_ids(item.payload, case_id, session_id)
    if item.kind == staging.SESSION_ASSESSMENT:
        scores.session.append(fragment)
    else:
        scores.clients.append((item.header["client"], fragment))


def _session_tuple(item, case_ids, session_ids):
    case_id = case_ids[item.header["case"]]
    session_id = session_ids[item.header["key"]]
    return (
        case_id,
        session_id,
        item.header["clients"],
        writer.with_session_ids(item.payload, session_id, case_id),
    )


def staged_keys(data):
    """({case key: ID or None}, {session key: ID or None}, [SD record ids]).

    Read from the head of the staged data: nothing else is parsed.
    """
    items = staging.read_staged(io.BytesIO(data))
    keys, records = next(items), next(items)
    if (keys.kind, records.kind) != (staging.KEYS, staging.RECORDS):
        raise DexParseError("the staged extract is damaged: no keys at its head")
    return keys.header["cases"], keys.header["sessions"], staging.record_ids(records)
