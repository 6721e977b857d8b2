"""Serialising what an extract sends, once (see dex_extract_build.py).

Validation serialises every record the file sends into the staged body
(:mod:`..core.staging`): a value the writer refuses is found there, as the
record's finding, and holds the record back. Writing the files later reads
that body; nothing is serialised again.
"""

import io

from ..core import staging, types, validator, writer
from ..core.errors import DexValueError

# what writing each kind of record refuses, checked without serialising it
CHECKS = {
    types.Client: writer.check_client,
    types.Case: writer.check_case,
    types.Session: writer.check_session,
    types.SessionAssessment: writer.check_session_assessment,
    types.ClientAssessment: writer.check_client_assessment,
}


class ExtractStage:
    """Serialising and staging of an ExtractBuild."""

    def _all_records(self):
        """Every record in the making, before what is held back is dropped."""
        return [
            *self.clients.values(),
            *self.cases.values(),
            *self.sessions.values(),
            *self.session_scores.values(),
            *self.client_scores.values(),
        ]

    def _serialise(self):
        """Serialise what the file sends into the staged body, once; returns
        the value findings. A record the writer refuses is held back, with what
        depends on it, and the rest is serialised again: only then, and only
        for a file that has such an error."""
        found = []
        while True:
            problems = self._serialise_once()
            if not problems:
                return found
            for target, finding in problems:
                if finding is not None:
                    found.append(finding)
                self._hold(target)
            self._apply_holds()

    def _serialise_once(self):
        """[(hold target, value Finding or None)]: what the writer refused."""
        buffer = io.BytesIO()
        stage = staging.StageWriter(buffer, head=False)
        problems = []
        for client_id in sorted(self.clients):
            client = self.clients[client_id]
            fragment = self._written(
                writer.client_fragment, client, ("client", client_id), problems
            )
            if fragment is not None:
                stage.client(client_id, fragment)
        case_keys = {case.case_id: key for key, case in self.cases.items()}
        for key, case in self.cases.items():
            body = self._written(writer.case_body, case, ("case", key), problems)
            if body is not None:
                stage.case(key, [cc.client_id for cc in case.case_clients], body)
        self._stage_assessments(stage, case_keys, problems)
        ordered = sorted(self.sessions.items(), key=lambda kv: kv[1].case_id)
        for key, session in ordered:
            body = self._written(
                writer.session_body, session, ("session", key), problems
            )
            if body is not None:
                stage.session(
                    key,
                    case_keys[session.case_id],
                    [sc.client_id for sc in session.session_clients],
                    body,
                )
        stage.close()
        self._body = buffer.getvalue()
        self.counts = {
            "clients": stage.counts[staging.CLIENT],
            "cases": stage.counts[staging.CASE],
            "sessions": stage.counts[staging.SESSION],
            "assessments": stage.counts[staging.SESSION_ASSESSMENT]
            + stage.counts[staging.CLIENT_ASSESSMENT],
        }
        return problems

    @staticmethod
    def _written(serialise, record, target, problems):
        """``serialise(record)``, or None with (``target``, its finding) added
        to ``problems``: ``target`` is what the error holds back."""
        try:
            return serialise(record)
        except DexValueError as error:
            problems.append((target, validator.value_finding(record, error)))
            return None

    def _check_left_out(self, checked, findings):
        """Value findings of the records held back or changed before they were
        serialised (the few an error affects): checked, not kept."""
        sent = {id(record) for record in self._all_records()}
        known = {(f.record, f.path, f.message) for f in findings}
        found = []
        for record in checked:
            if id(record) in sent:
                continue
            try:
                CHECKS[type(record)](record)
            except DexValueError as error:
                finding = validator.value_finding(record, error)
                if (
                    finding
                    and (finding.record, finding.path, finding.message) not in known
                ):
                    found.append(finding)
        return found

    def head(self, record_ids):
        """The head of the staged form (core.staging): the case and session
        keys, and ``record_ids``, the SD records the file sends, marked when
        it is written. It goes before the body (take_body)."""
        buffer = io.BytesIO()
        stage = staging.StageWriter(buffer)
        stage.keys(
            {key: _issued(case.case_id) for key, case in self.cases.items()},
            {
                key: _issued(session.session_id)
                for key, session in self.sessions.items()
            },
        )
        stage.records(record_ids)
        stage.close()
        return buffer.getvalue()

    def take_body(self):
        """The body validate() serialised, handed over (not kept here too)."""
        body, self._body = self._body, b""
        return body


def _issued(dex_id):
    """The DEX ID if it was issued before, None for a provisional one."""
    return None if dex_id.startswith("_") else dex_id
