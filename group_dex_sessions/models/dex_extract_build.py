"""The DEX extract pipeline: read -> build -> validate -> stage, each step once.

``ExtractBuild`` reads an extract's SD records with a few grouped SQL queries
(one row per DEX session, never one per record), builds the core records,
validates them, decides what an error holds back, and serialises what is left
into the staged form (:mod:`..core.staging`) that writing the files reads.

What a file sends:

* every Session whole: all clients of that session and service type that are
  extracted already or collected in this extract, so that re-sending a session
  (a correction, a client who got an ID late) never drops a client at DSS;
* every Case whole, in the same way, over all its sessions;
* every Client as they are on the submission date (consent included), built
  by :func:`..core.clients.build_client`: the one mapping the contact form uses;
* the SCORE of every Session it sends, as completion snapshotted it: the
  session's Community SCORE, and the client SCORE of its clients in the file.

Not an Odoo model: a helper of ``dex.extract`` (dex_extract_validation.py); its
SQL reads are in dex_extract_reading.py, its SCORE in dex_extract_build_score.py,
its serialising and staging in dex_extract_build_stage.py.
"""

from dataclasses import replace
from decimal import Decimal

from ..core import clients as core_clients
from ..core import slk, types, validator
from .dex_extract_build_score import ExtractScore
from .dex_extract_build_stage import ExtractStage
from .dex_extract_reading import ExtractReading, parse_extra_items, parse_unidentified
from .sql_arrays import pg_int_array
from .sql_background import InBackground

CENT = Decimal("0.01")
PLACEHOLDER = "_{}"  # IDs not issued yet: digits only, no name or date can hide
# findings that each name their own record (a code to change on each of them)
UNGROUPED_RULES = {"code-retired"}


class ExtractBuild(ExtractStage, ExtractScore, ExtractReading):
    """The DEX records of one extract, with their findings and what is held back."""

    def __init__(self, extract):
        self.extract = extract
        self.env = extract.env
        self.company = extract.company_id
        self.strategy = extract.case_strategy
        self.submitted = extract.submission_date
        self.findings = []  # dicts for dex.extract.finding
        self.groups = []
        self.clients = {}  # ClientId -> core Client
        self.cases = {}  # case key -> core Case
        self.sessions = {}  # session key -> core Session
        self.held_groups = set()  # session keys held back
        self.held_clients = set()  # ClientIds whose new records are held back
        self.session_scores = {}  # session key -> core SessionAssessment
        self.client_scores = {}  # (session key, ClientId) -> core ClientAssessment
        self.code_lists = None  # core.codes.CodeLists, as the database keeps them
        self.allowed_service_types = {}  # OutletActivityId -> [ServiceTypeId]
        self.counts = {}  # what the staged body holds, by kind (validate)
        self._body = b""  # the staged body validate() serialised (take_body)
        self._session_clients = {}
        self._case_clients = {}

    # ----------------------------------------------------------------- build

    def build(self):
        """Read and build every record; returns self."""
        self.touched = self._read_touched()
        self.touched_array = pg_int_array(self.touched)  # for each query of them
        self.groups = self._read_groups()
        case_keys = {group.case_key for group in self.groups}
        members = self._read_case_members(case_keys)
        referenced = set().union(*members.values()) if members else set()
        partners, facts = self._read_clients(referenced)
        case_ids = self._read_known_ids("case", case_keys)
        session_ids = self._read_known_ids("session", (g.key for g in self.groups))
        # what validate() checks against, read here: it then reads nothing
        self.code_lists = self._code_lists()
        self.allowed_service_types = {
            int(outlet.code): [int(t.code) for t in outlet.service_type_ids]
            for outlet in self.extract.outlet_activity_ids
        }
        self.env["dex.assessment.snapshot"].flush_model()
        count_unidentified = self.company.dex_count_unidentified_clients
        statements = [self._extra_items_sql(), self._assessments_sql()]
        if count_unidentified:
            statements.append(self._unidentified_sql())
        # the server reads what the sessions carry while Python builds the
        # clients and cases
        with InBackground(self.env.cr, statements) as sql:
            self._build_clients(referenced, partners, facts)
            self._intern_clients()
            self.placeholders = 0
            self._build_cases(members, case_ids)
        items, scores, *unidentified = sql.rows
        self._build_sessions(
            session_ids,
            parse_extra_items(items),
            parse_unidentified(unidentified[0]) if unidentified else {},
        )
        self._build_assessments(scores)
        return self

    def _placeholder(self):
        self.placeholders += 1
        return PLACEHOLDER.format(self.placeholders)

    def _read_clients(self, client_ids):
        """({ClientId: partner id}, {partner id: core ClientFacts}) of the
        clients the file refers to, as they are on the submission date."""
        partners = self._read_client_partners(client_ids)
        facts = self.env["res.partner"].browse(set(partners.values()))
        return partners, facts._get_dex_client_facts(self.company, self.submitted)

    def _build_clients(self, client_ids, partners, facts):
        for client_id in sorted(client_ids):
            partner_id = partners.get(client_id)
            source = f"res.partner,{partner_id}"
            client, problems = core_clients.build_client(
                client_id, facts[partner_id], source=source
            )
            if client is None:
                self.held_clients.add(client_id)
                self._add_finding(
                    "error",
                    f"Client {client_id}",
                    "Client",
                    self.env._(
                        "%(client)s cannot be sent to DEX: %(problems)s",
                        client=self.env["res.partner"].browse(partner_id).display_name,
                        problems="; ".join(p.message for p in problems),
                    ),
                    source,
                    rule="client-data",
                )
                continue
            self.clients[client_id] = client
            if not client.consent_to_provide_details:
                self._slk_letter_findings(client_id, facts[partner_id], source)

    def _slk_letter_findings(self, client_id, facts, source):
        """Names not in the file still formed its SLK: say what became of letters
        outside A-Z (the validator says it for the names a file sends)."""
        for label, name in (
            ("GivenName", facts.given_name),
            ("FamilyName", facts.family_name),
        ):
            note = slk.letters_note(label, name, key_sent=True)
            if note:
                self._add_finding(
                    "warning",
                    f"Client {client_id}",
                    "Client/Slk",
                    note,
                    source,
                    rule="slk-letters",
                )

    def _intern_clients(self):
        """One SessionClient and one CaseClient per client the file sends: a
        client is in many sessions, and the records only refer to them."""
        self._session_clients = {
            c: types.SessionClient(client_id=c) for c in self.clients
        }
        self._case_clients = {c: types.CaseClient(client_id=c) for c in self.clients}

    def _build_cases(self, members, known):
        outlets = {}
        first_session = {}
        for group in self.groups:
            outlets[group.case_key] = group.outlet_code
            first_session.setdefault(group.case_key, group.session)
        interned = self._case_clients
        for case_key, client_ids in members.items():
            kept = sorted(c for c in client_ids if c in interned)
            self.cases[case_key] = types.Case(
                case_id=known.get(case_key) or self._placeholder(),
                outlet_activity_id=int(outlets[case_key]),
                case_clients=tuple(map(interned.__getitem__, kept)),
                source=f"dex.session,{first_session[case_key]}",
            )

    def _build_sessions(self, known, items, unidentified):
        """``items``: {(session, service type): ExtraItemCodes}; ``unidentified``:
        {(session, service type): attendees without a DEX Client ID counted}."""
        interned = self._session_clients
        for group in self.groups:
            lost_sent = group.sent_clients & self.held_clients
            if lost_sent:
                # re-sending it without a client DSS has would drop that client
                self._hold_group(group)
                continue
            kept = tuple(
                found for found in map(interned.get, group.clients) if found is not None
            )
            item_key = (group.session, group.service_type)
            uncounted = unidentified.get(item_key, 0)
            if not kept and not uncounted:
                group.held = True  # its clients are held back: nothing to send
                continue
            fees = Decimal(group.fees).quantize(CENT)
            minutes = group.minutes
            self.sessions[group.key] = types.Session(
                session_id=known.get(group.key) or self._placeholder(),
                case_id=self.cases[group.case_key].case_id,
                session_date=group.date,
                service_type_id=int(group.type_code),
                total_unidentified_clients=min(uncounted, 999),
                fees_charged=fees if fees or group.requires_fees else None,
                time_minutes=minutes if minutes or group.requires_minutes else None,
                service_setting_code=group.setting or None,
                session_clients=kept,
                extra_items=items.get(item_key, ()),
                source=f"dex.session,{group.session}",
            )

    def _hold_group(self, group):
        group.held = True
        self.held_groups.add(group.key)

    # -------------------------------------------------------------- validate

    def _add_finding(self, level, record, path, message, source, rule="", count=1):
        self.findings.append(
            {
                "level": level,
                "record": record,
                "path": path,
                "message": message,
                "res_ref": source or False,
                "rule": rule,
                "affected_count": count,
            }
        )

    def validate(self):
        """Check every record once and serialise what the file sends once.

        The core validator checks the rules. What the writer itself refuses (a
        value DEX cannot hold) is found by serialising: each record is
        serialised once, and its error, if any, is its finding. Records the
        rules hold back are checked by the writer without being kept, so that
        every finding of a record shows at once.
        """
        findings = validator.validate_records(
            self.clients.values(),
            self.cases.values(),
            self.sessions.values(),
            session_assessments=self.session_scores.values(),
            client_assessments=self.client_scores.values(),
            submitted=self.submitted,
            codes=self.code_lists,
            allowed_service_types=self.allowed_service_types,
            check_values=False,  # the serialisation below reports them
        )
        checked = self._all_records()
        self._hold_for([f for f in findings if f.level == validator.ERROR])
        self._apply_holds()
        findings += self._serialise()
        findings += self._check_left_out(checked, findings)
        self._add_grouped(findings)
        return self

    def _hold_for(self, errors):
        """Hold back the record of each error (a file without errors builds
        no index of its records: it would be kept while they are serialised)."""
        if not errors:
            return
        by_record = {}
        for key, session in self.sessions.items():
            by_record[session.record] = ("session", key)
        # a SCORE in error holds its session back, to be fixed and sent with it
        for key, assessment in self.session_scores.items():
            by_record[assessment.record] = ("session", key)
        for (key, _client_id), assessment in self.client_scores.items():
            by_record[assessment.record] = ("session", key)
        for key, case in self.cases.items():
            by_record[case.record] = ("case", key)
        for client_id in self.clients:
            by_record[f"Client {client_id}"] = ("client", client_id)
        for finding in errors:
            self._hold(by_record.get(finding.record))

    def _hold(self, target):
        if target is None:
            return
        kind, key = target
        if kind == "client":
            self.held_clients.add(key)
            self.clients.pop(key, None)
        elif kind == "session":
            self.held_groups.add(key)
        else:
            self.held_groups.update(g.key for g in self.groups if g.case_key == key)

    def _add_grouped(self, findings):
        """One stored finding per root cause, with the records it affects."""
        grouped = {}
        for finding in findings:
            cause = (finding.level, finding.rule, finding.path, finding.message)
            if finding.rule in UNGROUPED_RULES:
                cause += (finding.record,)
            grouped.setdefault(cause, []).append(finding)
        for (level, rule, path, message, *_record), same in grouped.items():
            record = same[0].record
            if len(same) > 1:
                record = self.env._(
                    "%(record)s and %(count)s more", record=record, count=len(same) - 1
                )
            self._add_finding(
                level, record, path, message, same[0].source, rule, len(same)
            )

    def _apply_holds(self):
        """Drop held-back clients and sessions from what the file will hold."""
        # every client built is still there (nothing held, or nothing yet):
        # no session or case loses one, and each client is someone's
        every_client = len(self.clients) == len(self._session_clients)
        for group in self.groups:
            if group.key in self.held_groups:
                group.held = True
                self.sessions.pop(group.key, None)
                continue
            session = self.sessions.get(group.key)
            if session is None:
                continue
            if group.sent_clients & self.held_clients:
                group.held = True
                self.held_groups.add(group.key)
                self.sessions.pop(group.key)
                continue
            if every_client:
                continue
            kept = tuple(
                sc for sc in session.session_clients if sc.client_id in self.clients
            )
            if len(kept) != len(session.session_clients):
                if not kept and not session.total_unidentified_clients:
                    group.held = True
                    self.sessions.pop(group.key)
                    continue
                self.sessions[group.key] = replace(session, session_clients=kept)
        used = {(g.case_key) for g in self.groups if g.key in self.sessions}
        dropped = False
        for case_key in list(self.cases):
            case = self.cases[case_key]
            if case_key not in used:
                del self.cases[case_key]
                dropped = True
                continue
            if every_client:
                continue
            kept = tuple(cc for cc in case.case_clients if cc.client_id in self.clients)
            if len(kept) != len(case.case_clients):
                self.cases[case_key] = replace(case, case_clients=kept)
        if dropped or not every_client:
            wanted = {
                cc.client_id for case in self.cases.values() for cc in case.case_clients
            }
            for client_id in list(self.clients):
                if client_id not in wanted:
                    del self.clients[client_id]
        self._apply_score_holds()

    def held_back_sessions(self):
        """(session id, service type id) of the groups whose new records wait."""
        return [(g.session, g.service_type) for g in self.groups if g.held]
