"""DEX validator: schema validation plus the DEX business rules.

Public API:

* :class:`Finding` - ``level`` (``"error"``: DEX would reject the record or
  our policy forbids sending it; ``"warning"``: accepted, but worth a look),
  ``record`` (``"Client C1"``, ``"Case K1"``, ``"Session K1/S1"``, or
  ``""`` for the file), ``path`` (element path), ``message`` and ``rule`` (a
  short stable identifier, e.g. ``"consent-names"``).
* :func:`validate_records(clients, cases, sessions, ...)` - check data before
  writing: every value the writer would refuse, plus every rule below
  (``session_assessments`` and ``client_assessments`` keyword arguments for
  SCORE).
* :func:`validate_tree`, :func:`validate_bytes`, :func:`validate_file` - check
  a DEX file: size and encoding, schema (``schema/dex_upload.xsd``), then the
  rules on its content. ``validate_bytes``/``validate_file`` raise
  :class:`~.errors.DexParseError` when the file cannot be read or is not
  well-formed XML.
* :func:`has_errors(findings)`.

Keyword options of every ``validate_*`` function: ``submitted`` (a date:
enables the reporting-period checks), ``codes`` (a :class:`~.codes.CodeLists`,
to accept codes newer than the shipped lists and to warn about retired
ones), ``known_client_ids`` and
``known_case_ids`` (records already in DEX from earlier uploads, so references
to them are not errors).

Rules (errors unless marked *warning*):

* references: CaseClient and SessionClient ClientIds resolve to a Client,
  Session CaseIds to a Case; a SessionClient must be a CaseClient of the
  session's case; unique ClientId, CaseId and (CaseId, SessionId); each
  client at most once per case and once per session;
* consent: without consent no GivenName, FamilyName or AddressLine1/2 and an
  Slk is required; with consent both names are required;
* SLK: the DSS format (comma typo fixed) and a real date; agreement with the
  names, birth date and gender when present (with birth date and gender only
  when the names are absent); *warning* when names are sent without an Slk and
  DEX could not derive a valid key from them; *warning* when a name has
  letters outside A-Z, saying that SLK-581 deletes them and that DEX's own
  treatment of them is not documented;
* birth date: an estimated birth date is 1 January; not after any of the
  client's session dates;
* codes: every coded value is in the shipped lists (ServiceTypeId, TopicCode
  and PropertyAgreementOutcomeCode have no closed list and are not checked);
  ParticipationCode GROUP is rejected with its own message; a code DSS
  retired (``codes``) is a *warning*;
* SCORE: ScoreTypeCode, AssessmentPhaseCode and ScoreCode come from the code
  lists; a SessionAssessment carries a session score type (GROUP) and a
  ClientAssessment a client one; each ScoreCode scores a domain of its
  Assessment's score type; a domain is scored at most once per phase (for a
  session, or for one client in one session); 1-2 Assessments per
  SessionAssessment and 1-6 per ClientAssessment; one SessionAssessment per
  session and one ClientAssessment per client and session; a
  SessionAssessment refers to a session in the file, a ClientAssessment to a
  session in the file that its client attended;
* IDs (ClientId, CaseId, SessionId): at most 50 characters of
  ``[A-Za-z0-9_-]``, containing neither a related client's given or family
  name (3+ letters, compared on letters only) nor their birth date as
  YYYYMMDD, DDMMYYYY, MMDDYYYY, YYYY-MM-DD, DD-MM-YYYY, YYYY_MM_DD or
  DD_MM_YYYY. "Related" means the client for a ClientId, the case's clients
  for a CaseId and the session's attendees for a SessionId;
* amounts: TimeMinutes, TotalCost, Quantity, IncomeAmount not negative
  (FeesCharged and the unidentified counts 0-999 are schema rules);
* a session has at least one SessionClient or an unidentified count above 0
  (our rule: DEX behaviour unconfirmed);
* HasDisabilities true needs 1+ DisabilityCode, false allows none;
* FirstArrivalYear and FirstArrivalMonth come together, not before the birth
  month and not after the submission (or today's) month;
* reasons for assistance: exactly one IsPrimary=true when any are given;
* referrals: at most one INTERNAL and one EXTERNAL per session client;
* IsHomeless together with HomelessIndicatorCode is an error, IsHomeless
  alone a *warning* (replaced in spec 1.7);
* reporting periods (only with ``submitted``): a session dated in a period
  whose close date has passed is an error, and so is a session dated after the
  submission date (it has not happened yet: ``rules.session_date_problem``); a
  session after its case's EndDate is a *warning*;
* service types (only with ``allowed_service_types``): a session's
  ServiceTypeId must be one its case's outlet activity allows;
* file: at most 10 MB, UTF-8.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from lxml import etree

from . import rules, writer
from .codes import CodeLists
from .errors import DexError, DexParseError, DexValueError, SlkError
from .reader import document_from_tree, parse_xml
from .schema import dex_schema
from .slk import letters_note, make_slk, sex_digit, slk_problem
from .types import (
    Case,
    Client,
    ClientAssessment,
    DexDocument,
    Session,
    SessionAssessment,
)
from .validator_score import check_assessments

ERROR = "error"
WARNING = "warning"
MAX_FILE_BYTES = 10_000_000


@dataclass(frozen=True)
class Finding:
    """One problem found by the validator."""

    level: str
    record: str
    path: str
    message: str
    rule: str = ""
    source: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        return f"{self.level.upper()} {self.record or self.path}: {self.message}"


def value_finding(record, error: DexValueError) -> Finding | None:
    """The finding for a value the writer refuses in ``record`` (a core record),
    or None where another rule reports it: how many Assessments a SCORE holds."""
    if error.field.endswith("/Assessments"):
        return None
    source = getattr(record, "source", None) or ""
    return Finding(ERROR, record.record, error.field, error.reason, "value", source)


def has_errors(findings: Iterable[Finding]) -> bool:
    """True when any finding is an error."""
    return any(f.level == ERROR for f in findings)


# Coded elements: (attribute, code list, element path below the record).
_CLIENT_CODES = (
    ("gender_code", "GenderCode", "GenderCode"),
    ("country_of_birth_code", "CountryOfBirthCode", "CountryOfBirthCode"),
    (
        "language_spoken_at_home_code",
        "LanguageSpokenAtHomeCode",
        "LanguageSpokenAtHomeCode",
    ),
    (
        "aboriginal_or_torres_strait_islander_origin_code",
        "AboriginalOrTorresStraitIslanderOriginCode",
        "AboriginalOrTorresStraitIslanderOriginCode",
    ),
    ("accommodation_type_code", "AccommodationTypeCode", "AccommodationTypeCode"),
    ("dva_card_status_code", "DVACardStatusCode", "DVACardStatusCode"),
    ("homeless_indicator_code", "HomelessIndicatorCode", "HomelessIndicatorCode"),
    (
        "household_composition_code",
        "HouseholdCompositionCode",
        "HouseholdCompositionCode",
    ),
    ("main_source_of_income_code", "MainSourceOfIncomeCode", "MainSourceOfIncomeCode"),
    ("income_frequency_code", "IncomeFrequencyCode", "IncomeFrequencyCode"),
    (
        "migration_visa_category_code",
        "MigrationVisaCategoryCode",
        "MigrationVisaCategoryCode",
    ),
    ("ancestry_code", "AncestryCode", "AncestryCode"),
    ("education_level_code", "EducationLevelCode", "EducationLevelCode"),
    ("employment_status_code", "EmploymentStatusCode", "EmploymentStatusCode"),
    ("ndis_eligibility_code", "NDISEligibilityCode", "NDISEligibilityCode"),
)
_CASE_CODES = (
    (
        "client_attendance_profile_code",
        "ClientAttendanceProfileCode",
        "ClientAttendanceProfileCode",
    ),
)
_CASE_CLIENT_CODES = (
    ("referral_source_code", "ReferralSourceCode", "ReferralSourceCode"),
    ("exit_reason_code", "ExitReasonCode", "ExitReasonCode"),
)
_SESSION_CODES = (
    (
        "money_business_community_education_workshop_code",
        "MoneyBusinessCommunityEducationWorkshopCode",
        "MoneyBusinessCommunityEducationWorkshopCode",
    ),
    ("service_setting_code", "ServiceSettingCode", "ServiceSettingCode"),
)
_NON_NEGATIVE = (
    ("time_minutes", "TimeMinutes"),
    ("total_cost", "TotalCost"),
    ("quantity", "Quantity"),
)


def _personal_tokens(client: Client) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Name fragments (3+ letters) and birth-date spellings of ``client``."""
    return rules.personal_tokens(
        (client.given_name, client.family_name), client.birth_date
    )


def _members(case: Case):
    """The ClientIds of a case, to look attendees up in: a tuple while it is
    short (an extract has tens of thousands of cases of a few clients each,
    and a set of ten takes six times the memory), a set beyond."""
    ids = tuple(cc.client_id for cc in case.case_clients)
    return ids if len(ids) <= 16 else frozenset(ids)


class _Checker:
    """Runs every rule over a set of records and collects findings."""

    def __init__(
        self,
        clients,
        cases,
        sessions,
        *,
        session_assessments=(),
        client_assessments=(),
        submitted,
        codes,
        known_clients,
        known_cases,
        check_values,
        allowed_service_types,
    ):
        self.clients = list(clients)
        self.cases = list(cases)
        self.sessions = list(sessions)
        self.session_assessments = list(session_assessments)
        self.client_assessments = list(client_assessments)
        self.submitted = submitted
        self.as_of = submitted or dt.date.today()
        self.codes = codes or CodeLists()
        self.known_clients = set(known_clients)
        self.known_cases = set(known_cases)
        self.check_values = check_values
        self.allowed_service_types = allowed_service_types
        self.findings: list[Finding] = []
        self.sources = {
            record.record: record.source
            for record in (
                *self.clients,
                *self.cases,
                *self.sessions,
                *self.session_assessments,
                *self.client_assessments,
            )
            if getattr(record, "source", None)
        }
        self.client_by_id = {}
        for client in self.clients:
            self.client_by_id.setdefault(client.client_id, client)
        self.case_by_id = {}
        for case in self.cases:
            self.case_by_id.setdefault(case.case_id, case)
        self.members = {c.case_id: _members(c) for c in self.cases}
        self._tokens: dict[str, tuple] = {}
        self._name_hits: dict[tuple[str, str], bool] = {}
        self.plain_participation: set[str] = set()
        # CaseClients checked without a finding (by identity: one object is
        # shared by every case of that client, and stays alive while checked)
        self.clean_case_clients: set[int] = set()
        self.first_session: dict[str, Session] = {}

    # -- helpers -------------------------------------------------------------
    def add(self, level, rule, record, path, message) -> None:
        source = self.sources.get(record, "")
        self.findings.append(Finding(level, record, path, message, rule, source))

    def error(self, rule, record, path, message) -> None:
        self.add(ERROR, rule, record, path, message)

    def warning(self, rule, record, path, message) -> None:
        self.add(WARNING, rule, record, path, message)

    def code(self, list_name, value, record, path) -> None:
        if value is None:
            return
        if not self.codes.is_valid(list_name, value):
            self.error(
                "code",
                record,
                path,
                f"{value!r} is not a valid {list_name} (not in the DEX code list)",
            )
        elif self.codes.is_retired(list_name, value):
            self.warning(
                "code-retired",
                record,
                path,
                f"{list_name} {value!r} is no longer in DSS's reference data (it "
                "was archived when the code lists were refreshed): DSS may refuse "
                "it; choose a current code",
            )

    def codes_of(self, obj, table, record, prefix) -> None:
        for attr, list_name, tag in table:
            self.code(list_name, getattr(obj, attr), record, f"{prefix}/{tag}")

    def tokens(self, client_id: str):
        found = self._tokens.get(client_id)
        if found is None:
            client = self.client_by_id.get(client_id)
            found = _personal_tokens(client) if client else ((), ())
            self._tokens[client_id] = found
        return found

    def check_id(self, value: str, tag: str, record: str, path: str, people) -> None:
        problem = rules.id_problem(value)
        if problem:
            rule = "id-length" if "characters long" in problem else "id-chars"
            shown = f"{tag} {value!r}" if rule == "id-chars" else tag
            self.error(rule, record, path, f"{shown} {problem}")
        if isinstance(value, str):
            self.check_personal(value, tag, record, path, people)

    def check_personal(self, value, tag, record, path, people) -> None:
        upper, may_hold_date = rules.id_screen(value)
        if not upper and not may_hold_date:
            return  # e.g. a provisional ID: no letters, too few digits for a date
        for client_id in people:
            names, dates = self.tokens(client_id)
            if upper and self._holds_name(upper, client_id, names):
                what = "a name of client " + client_id
            elif may_hold_date and any(day in value for day in dates):
                what = "the birth date of client " + client_id
            else:
                continue
            self.error(
                "id-personal",
                record,
                path,
                f"{tag} {value!r} contains {what}; IDs must not carry personal "
                "information",
            )
            return

    def _holds_name(self, upper, client_id, names) -> bool:
        # IDs issued from a sequence share their letters: check each pair once
        key = (upper, client_id)
        found = self._name_hits.get(key)
        if found is None:
            found = self._name_hits[key] = any(name in upper for name in names)
        return found

    # -- uniqueness ----------------------------------------------------------
    def check_unique(self) -> None:
        counts = Counter(c.client_id for c in self.clients)
        for key, n in counts.items():
            if n > 1:
                self.error(
                    "duplicate-client",
                    f"Client {key}",
                    "Clients/Client/ClientId",
                    f"ClientId {key!r} appears {n} times",
                )
        counts = Counter(c.case_id for c in self.cases)
        for key, n in counts.items():
            if n > 1:
                self.error(
                    "duplicate-case",
                    f"Case {key}",
                    "Cases/Case/CaseId",
                    f"CaseId {key!r} appears {n} times",
                )
        counts = Counter((s.case_id, s.session_id) for s in self.sessions)
        for (case_id, session_id), n in counts.items():
            if n > 1:
                self.error(
                    "duplicate-session",
                    f"Session {case_id}/{session_id}",
                    "Sessions/Session/SessionId",
                    f"session {session_id!r} of case {case_id!r} appears {n} times",
                )

    # -- values --------------------------------------------------------------
    def check_value(self, build, obj) -> None:
        """What writing ``obj`` with ``build`` would refuse, as its finding."""
        if not self.check_values:
            return
        try:
            build(obj)
        except DexValueError as exc:
            finding = value_finding(obj, exc)
            if finding is not None:
                self.findings.append(finding)

    def run(self) -> list[Finding]:
        self.check_unique()
        for session in self.sessions:
            self.check_value(writer.check_session, session)
            _check_session(self, session)
        for client in self.clients:
            self.check_value(writer.check_client, client)
            _check_client(self, client)
        for case in self.cases:
            self.check_value(writer.check_case, case)
            _check_case(self, case)
        check_assessments(self)
        return self.findings


# -- clients -------------------------------------------------------------------
def _check_consent(ck: _Checker, c: Client) -> None:
    record = c.record
    if not c.consent_to_provide_details:
        for value, tag in (
            (c.given_name, "Client/GivenName"),
            (c.family_name, "Client/FamilyName"),
            (
                c.residential_address.address_line1,
                "Client/ResidentialAddress/AddressLine1",
            ),
            (
                c.residential_address.address_line2,
                "Client/ResidentialAddress/AddressLine2",
            ),
        ):
            if value is not None:
                ck.error(
                    "consent-details",
                    record,
                    tag,
                    f"{tag.rsplit('/', 1)[1]} must not be sent without consent "
                    "(ConsentToProvideDetails is false)",
                )
        if c.slk is None:
            ck.error(
                "consent-slk",
                record,
                "Client/Slk",
                "an Slk is required when ConsentToProvideDetails is false",
            )
        return
    for value, tag in ((c.given_name, "GivenName"), (c.family_name, "FamilyName")):
        if value is None:
            ck.error(
                "consent-names",
                record,
                f"Client/{tag}",
                f"{tag} is required when ConsentToProvideDetails is true "
                "(a person with one name has it in both fields)",
            )


def _check_slk_against_client(ck: _Checker, c: Client) -> None:
    if c.given_name is not None or c.family_name is not None:
        try:
            expected = make_slk(
                c.family_name, c.given_name, c.birth_date, c.gender_code
            )
        except SlkError:
            return  # the names cannot form a key; the given Slk is the only one
        if expected != c.slk:
            ck.error(
                "slk-mismatch",
                c.record,
                "Client/Slk",
                f"Slk {c.slk} does not match {expected}, the key computed from "
                "the names, birth date and gender",
            )
        return
    if c.slk[5:13] != c.birth_date.strftime("%d%m%Y"):
        ck.error(
            "slk-mismatch",
            c.record,
            "Client/Slk",
            f"the birth date in Slk {c.slk} is not the BirthDate "
            f"{c.birth_date.isoformat()}",
        )
    try:
        digit = sex_digit(c.gender_code)
    except SlkError:
        return
    if c.slk[13] != digit:
        ck.error(
            "slk-mismatch",
            c.record,
            "Client/Slk",
            f"the sex digit of Slk {c.slk} does not match GenderCode {c.gender_code}",
        )


def _check_slk_letters(ck: _Checker, c: Client) -> None:
    for value, tag in ((c.given_name, "GivenName"), (c.family_name, "FamilyName")):
        if not isinstance(value, str):
            continue
        note = letters_note(tag, value, key_sent=c.slk is not None)
        if note:
            ck.warning("slk-letters", c.record, f"Client/{tag}", note)


def _check_slk(ck: _Checker, c: Client) -> None:
    _check_slk_letters(ck, c)
    if c.slk is None:
        if c.consent_to_provide_details and (c.given_name or c.family_name):
            try:
                make_slk(c.family_name, c.given_name, c.birth_date, c.gender_code)
            except SlkError as exc:
                ck.warning(
                    "slk-underivable",
                    c.record,
                    "Client/Slk",
                    f"DEX cannot derive a valid SLK from this client: {exc}; "
                    "check the names with the client",
                )
        return
    if not isinstance(c.slk, str):
        return
    problem = slk_problem(c.slk)
    if problem:
        ck.error("slk-format", c.record, "Client/Slk", f"Slk {c.slk!r}: {problem}")
        return
    if isinstance(c.birth_date, dt.date):
        _check_slk_against_client(ck, c)


def _check_birth(ck: _Checker, c: Client) -> None:
    if not isinstance(c.birth_date, dt.date):
        return
    if rules.estimated_birth_date_problem(c.birth_date, c.is_birth_date_an_estimate):
        ck.error(
            "estimated-birth-date",
            c.record,
            "Client/BirthDate",
            "an estimated birth date must be 1 January of the estimated year, not "
            f"{c.birth_date.isoformat()}",
        )
    session = ck.first_session.get(c.client_id)
    if session is not None and c.birth_date > session.session_date:
        ck.error(
            "birth-after-session",
            c.record,
            "Client/BirthDate",
            f"BirthDate {c.birth_date.isoformat()} is after the date of session "
            f"{session.case_id}/{session.session_id} "
            f"({session.session_date.isoformat()})",
        )


def _check_arrival(ck: _Checker, c: Client) -> None:
    year, month = c.first_arrival_year, c.first_arrival_month
    if year is None and month is None:
        return
    if year is None or month is None:
        missing = "FirstArrivalYear" if year is None else "FirstArrivalMonth"
        ck.error(
            "arrival-pair",
            c.record,
            f"Client/{missing}",
            "FirstArrivalYear and FirstArrivalMonth must be given together",
        )
        return
    if not isinstance(month, int) or not isinstance(c.birth_date, dt.date):
        return
    if (year, month) < (c.birth_date.year, c.birth_date.month):
        ck.error(
            "arrival-before-birth",
            c.record,
            "Client/FirstArrivalYear",
            f"first arrival {year}-{month:02d} is before the birth date",
        )
    if (year, month) > (ck.as_of.year, ck.as_of.month):
        ck.error(
            "arrival-future",
            c.record,
            "Client/FirstArrivalYear",
            f"first arrival {year}-{month:02d} is in the future",
        )


def _check_client_flags(ck: _Checker, c: Client) -> None:
    disability = rules.disability_problem(c.has_disabilities, c.disabilities)
    if disability == "missing":
        ck.error(
            "disability",
            c.record,
            "Client/Disabilities",
            "HasDisabilities is true: give at least one DisabilityCode",
        )
    elif disability == "unexpected":
        ck.error(
            "disability",
            c.record,
            "Client/Disabilities",
            "DisabilityCode given although HasDisabilities is false",
        )
    if c.is_homeless is not None and c.homeless_indicator_code is not None:
        ck.error(
            "homeless",
            c.record,
            "Client/IsHomeless",
            "give HomelessIndicatorCode or IsHomeless, not both",
        )
    elif c.is_homeless is not None:
        ck.warning(
            "homeless",
            c.record,
            "Client/IsHomeless",
            "IsHomeless was replaced by HomelessIndicatorCode in spec 1.7",
        )
    if isinstance(c.income_amount, int) and c.income_amount < 0:
        ck.error(
            "negative", c.record, "Client/IncomeAmount", "IncomeAmount is negative"
        )


def _check_client(ck: _Checker, c: Client) -> None:
    ck.check_id(c.client_id, "ClientId", c.record, "Client/ClientId", (c.client_id,))
    _check_consent(ck, c)
    _check_slk(ck, c)
    _check_birth(ck, c)
    _check_arrival(ck, c)
    _check_client_flags(ck, c)
    ck.codes_of(c, _CLIENT_CODES, c.record, "Client")
    for code in c.disabilities:
        ck.code("DisabilityCode", code, c.record, "Client/Disabilities/DisabilityCode")
    ck.code(
        "StateCode",
        c.residential_address.state_code,
        c.record,
        "Client/ResidentialAddress/StateCode",
    )


# -- cases ---------------------------------------------------------------------
# where a ClientId listed twice is listed, by rule
_LISTED_IN = {"duplicate-case-client": "case", "duplicate-session-client": "session"}


def _listed_twice(ck: _Checker, rule, record, path, ids) -> None:
    """An error for each ClientId of ``ids`` (the CaseClients or SessionClients
    of ``record``) listed more than once: once per extra listing."""
    if len(set(ids)) == len(ids):
        return
    where = _LISTED_IN[rule]
    seen: set[str] = set()
    for client_id in ids:
        if client_id in seen:
            ck.error(
                rule,
                record,
                f"{path}/ClientId",
                f"client {client_id!r} is listed more than once in the {where}",
            )
        seen.add(client_id)


def _check_case_clients(ck: _Checker, case: Case, ids) -> None:
    """Every CaseClient of ``case``, whose ClientIds are ``ids`` (its label and
    path made once, not per client: an extract checks hundreds of thousands)."""
    record, path = case.record, "Case/CaseClients/CaseClient"
    _listed_twice(ck, "duplicate-case-client", record, path, ids)
    for cc in case.case_clients:
        client_id = cc.client_id
        if client_id not in ck.client_by_id and client_id not in ck.known_clients:
            ck.error(
                "reference",
                record,
                f"{path}/ClientId",
                f"CaseClient refers to client {client_id!r}, which is not in the file",
            )
        if id(cc) in ck.clean_case_clients:
            continue  # the same CaseClient, in another case: its own data is valid
        before = len(ck.findings)
        _check_case_client_data(ck, record, path, cc)
        if len(ck.findings) == before:
            ck.clean_case_clients.add(id(cc))


def _check_case_client_data(ck: _Checker, record, path, cc) -> None:
    """What a CaseClient's own data must be, whichever case lists it."""
    ck.codes_of(cc, _CASE_CLIENT_CODES, record, path)
    reasons = cc.reasons_for_assistance
    for reason in reasons:
        ck.code(
            "ReasonForAssistanceCode",
            reason.code,
            record,
            f"{path}/ReasonsForAssistance/ReasonForAssistance/ReasonForAssistanceCode",
        )
    primaries = sum(1 for r in reasons if r.is_primary is True)
    if reasons and primaries != 1:
        ck.error(
            "primary-reason",
            record,
            f"{path}/ReasonsForAssistance",
            f"client {cc.client_id!r} has {primaries} primary reasons for "
            "assistance; give exactly one",
        )


def _check_case(ck: _Checker, case: Case) -> None:
    members = [cc.client_id for cc in case.case_clients]
    ck.check_id(case.case_id, "CaseId", case.record, "Case/CaseId", members)
    _check_case_clients(ck, case, members)
    ck.codes_of(case, _CASE_CODES, case.record, "Case")
    if case.parenting_agreement_outcome is not None:
        ck.code(
            "ParentingAgreementOutcomeCode",
            case.parenting_agreement_outcome.code,
            case.record,
            "Case/ParentingAgreementOutcome/ParentingAgreementOutcomeCode",
        )
    if case.section_60i is not None:
        ck.code(
            "Section60ICertificateTypeCode",
            case.section_60i.certificate_type_code,
            case.record,
            "Case/Section60I/Section60ICertificateTypeCode",
        )


# -- sessions ------------------------------------------------------------------
def _check_session_clients(ck: _Checker, s: Session, ids) -> None:
    """Every SessionClient of ``s``, whose ClientIds are ``ids`` (what is the
    same for all of them, looked up once: an extract checks hundreds of
    thousands)."""
    record, path = s.record, "Session/SessionClients/SessionClient"
    members = ck.members.get(s.case_id)
    dated = isinstance(s.session_date, dt.date)
    _listed_twice(ck, "duplicate-session-client", record, path, ids)
    for sc in s.session_clients:
        client_id = sc.client_id
        client = ck.client_by_id.get(client_id)
        if client is None and client_id not in ck.known_clients:
            ck.error(
                "reference",
                record,
                f"{path}/ClientId",
                f"SessionClient refers to client {client_id!r}, which is not in "
                "the file",
            )
        if members is not None and client_id not in members:
            ck.error(
                "attendee-not-in-case",
                record,
                f"{path}/ClientId",
                f"client {client_id!r} attends the session but is not a "
                f"CaseClient of case {s.case_id!r}",
            )
        if client is not None and dated:
            first = ck.first_session.get(client_id)
            if first is None or s.session_date < first.session_date:
                ck.first_session[client_id] = s
        _check_participation(ck, record, path, sc)


def _check_participation(ck: _Checker, record, path, sc) -> None:
    if not sc.referrals and sc.participation_code in ck.plain_participation:
        return  # the same valid code, checked already
    before = len(ck.findings)
    _check_participation_code(ck, record, path, sc)
    if not sc.referrals and len(ck.findings) == before:
        ck.plain_participation.add(sc.participation_code)


def _check_participation_code(ck: _Checker, record, path, sc) -> None:
    if sc.participation_code == "GROUP":
        ck.error(
            "participation-group",
            record,
            f"{path}/ParticipationCode",
            "ParticipationCode GROUP is internal to DSS: count unidentified "
            "people in TotalNumberOfUnidentifiedClients instead",
        )
    else:
        ck.code(
            "ParticipationCode",
            sc.participation_code,
            record,
            f"{path}/ParticipationCode",
        )
    rpath = f"{path}/ClientReferralOutWithPurpose/Referral"
    for referral in sc.referrals:
        ck.code("ReferralTypeCode", referral.type_code, record, f"{rpath}/TypeCode")
        for purpose in referral.purpose_codes:
            ck.code(
                "ReferralPurposeCode",
                purpose,
                record,
                f"{rpath}/PurposeCodes/PurposeCode",
            )
    counts = Counter(r.type_code for r in sc.referrals)
    for type_code in ("INTERNAL", "EXTERNAL"):
        if counts[type_code] > 1:
            ck.error(
                "referral-count",
                record,
                f"{rpath}/TypeCode",
                f"client {sc.client_id!r} has {counts[type_code]} {type_code} "
                "referrals in one session; at most one",
            )


def _check_session_dates(ck: _Checker, s: Session) -> None:
    if not isinstance(s.session_date, dt.date):
        return
    case = ck.case_by_id.get(s.case_id)
    if (
        case is not None
        and case.end_date is not None
        and s.session_date > case.end_date
    ):
        ck.warning(
            "after-case-end",
            s.record,
            "Session/SessionDate",
            f"SessionDate {s.session_date.isoformat()} is after the case's "
            f"EndDate {case.end_date.isoformat()}",
        )
    if ck.submitted is None:
        return
    problem = rules.session_date_problem(s.session_date, ck.submitted)
    if problem:
        ck.error(problem[0], s.record, "Session/SessionDate", problem[1])


def _check_service_type(ck: _Checker, s: Session) -> None:
    case = ck.case_by_id.get(s.case_id)
    if ck.allowed_service_types is None or case is None:
        return
    allowed = ck.allowed_service_types.get(case.outlet_activity_id)
    if not rules.service_type_allowed(s.service_type_id, allowed):
        ck.error(
            "service-type-not-allowed",
            s.record,
            "Session/ServiceTypeId",
            f"ServiceTypeId {s.service_type_id} is not among the service types "
            f"outlet activity {case.outlet_activity_id} allows "
            f"({', '.join(map(str, sorted(allowed)))})",
        )


def _check_session(ck: _Checker, s: Session) -> None:
    attendees = [sc.client_id for sc in s.session_clients]
    ck.check_id(s.session_id, "SessionId", s.record, "Session/SessionId", attendees)
    if s.case_id not in ck.case_by_id and s.case_id not in ck.known_cases:
        ck.error(
            "reference",
            s.record,
            "Session/CaseId",
            f"session refers to case {s.case_id!r}, which is not in the file",
        )
    _check_session_clients(ck, s, attendees)
    if not s.session_clients and s.total_unidentified_clients == 0:
        ck.error(
            "empty-session",
            s.record,
            "Session/SessionClients",
            "the session has neither SessionClients nor unidentified clients",
        )
    for attr, tag in _NON_NEGATIVE:
        value = getattr(s, attr)
        if isinstance(value, int) and value < 0:
            ck.error(
                "negative", s.record, f"Session/{tag}", f"{tag} is negative ({value})"
            )
    ck.codes_of(s, _SESSION_CODES, s.record, "Session")
    for item in s.extra_items:
        ck.code("ExtraItemCode", item, s.record, "Session/ExtraItems/ExtraItemCode")
    _check_session_dates(ck, s)
    _check_service_type(ck, s)


# -- entry points ----------------------------------------------------------------
def validate_records(
    clients: Iterable[Client] = (),
    cases: Iterable[Case] = (),
    sessions: Iterable[Session] = (),
    *,
    session_assessments: Iterable[SessionAssessment] = (),
    client_assessments: Iterable[ClientAssessment] = (),
    submitted: dt.date | None = None,
    codes: CodeLists | None = None,
    known_client_ids: Iterable[str] = (),
    known_case_ids: Iterable[str] = (),
    check_values: bool = True,
    allowed_service_types: Mapping[int, Iterable[int]] | None = None,
) -> list[Finding]:
    """Check records before writing them (see the module docstring).

    ``check_values=False`` leaves out the checks the writer makes anyway (a
    caller that serialises every record reports the writer's errors itself).
    ``allowed_service_types`` maps an OutletActivityId to the ServiceTypeIds
    DSS allows it (none configured: any).
    """
    return _Checker(
        clients,
        cases,
        sessions,
        session_assessments=session_assessments,
        client_assessments=client_assessments,
        submitted=submitted,
        codes=codes,
        known_clients=known_client_ids,
        known_cases=known_case_ids,
        check_values=check_values,
        allowed_service_types=allowed_service_types,
    ).run()


def validate_document(document: DexDocument, **options) -> list[Finding]:
    """Run the rules on a document read back from a file."""
    return validate_records(
        document.clients,
        document.cases,
        document.sessions,
        session_assessments=document.session_assessments,
        client_assessments=document.client_assessments,
        **options,
    )


def _record_of(tree, xpath: str | None) -> str:
    """The record (``Client X``, ``Session C/S``) around the element at ``xpath``."""
    if not xpath:
        return ""
    try:
        found = tree.xpath(xpath)
    except etree.XPathError:
        return ""
    element = found[0] if found and isinstance(found[0], etree._Element) else None
    while element is not None and element.tag not in _RECORD_TAGS:
        element = element.getparent()
    if element is None:
        return ""
    ids = f"{element.findtext('CaseId')}/{element.findtext('SessionId')}"
    if element.tag in ("Session", "SessionAssessment"):
        return f"{element.tag} {ids}"
    if element.tag == "ClientAssessment":
        return f"ClientAssessment {element.findtext('ClientId')} {ids}"
    return f"{element.tag} {element.findtext(element.tag + 'Id')}"


_RECORD_TAGS = ("Client", "Case", "Session", "SessionAssessment", "ClientAssessment")


def _schema_findings(tree) -> list[Finding]:
    schema = dex_schema()
    if schema.validate(tree):
        return []
    return [
        Finding(
            ERROR,
            _record_of(tree, e.path),
            e.path or "",
            f"line {e.line}: {e.message}",
            "schema",
        )
        for e in schema.error_log
    ]


def validate_tree(tree, *, size: int | None = None, **options) -> list[Finding]:
    """Validate a parsed DEX file: encoding, schema, then the rules."""
    findings = []
    if size is not None and size > MAX_FILE_BYTES:
        findings.append(
            Finding(
                ERROR,
                "",
                "",
                f"the file has {size} bytes; DEX accepts at most {MAX_FILE_BYTES}",
                "file-size",
            )
        )
    docinfo = tree.docinfo
    if (docinfo.encoding or "UTF-8").upper().replace("_", "-") not in ("UTF-8", "UTF8"):
        findings.append(
            Finding(
                ERROR,
                "",
                "",
                f"the file is encoded as {docinfo.encoding}; DEX files must be UTF-8",
                "encoding",
            )
        )
    schema = _schema_findings(tree)
    findings.extend(schema)
    try:
        document = document_from_tree(tree)
    except DexError:
        return findings  # the schema findings already explain why
    options.setdefault("check_values", False)
    findings.extend(validate_document(document, **options))
    return findings


def validate_bytes(data: bytes, **options) -> list[Finding]:
    """Validate DEX file content; raises DexParseError if it is not well-formed."""
    return validate_tree(parse_xml(data), size=len(data), **options)


def validate_file(path: str | os.PathLike, **options) -> list[Finding]:
    """Validate the DEX file at ``path``; raises DexParseError if unreadable."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DexParseError(f"cannot read file: {exc}") from None
    return validate_tree(parse_xml(path), size=size, **options)


def findings_by_record(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    """Group findings by record id (``""`` for file-level findings)."""
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        grouped[finding.record].append(finding)
    return dict(grouped)
