"""Plain data types for a DEX upload (no behaviour beyond light coercion).

All are frozen, keyword-only dataclasses. Optional values default to ``None``
(or ``()`` for repeated values) and are *omitted* from the XML; lists given
for repeated values are turned into tuples.

Value conventions:

* dates are :class:`datetime.date`; booleans are ``bool``;
* ``Session.fees_charged`` is a :class:`decimal.Decimal` (or ``int``) with at
  most two decimal places; it is written with exactly two;
* ``Client.first_arrival_month`` is an ``int`` 1-12 (written as the English
  month name DEX expects);
* codes are ``str`` values from the DEX reference lists (see ``codes``);
* ``ResidentialAddress.postcode`` is a 4-character string (``"0800"``);
* ``source`` (Client, Case, Session) names the record the values came from,
  for findings; the writer ignores it.

Classes: :class:`ResidentialAddress`, :class:`Client`,
:class:`ReasonForAssistance`, :class:`CaseClient`,
:class:`ParentingAgreementOutcome`, :class:`Section60I`,
:class:`PropertyAgreementOutcome`, :class:`Case`, :class:`Referral`,
:class:`SessionClient`, :class:`Session`, :class:`Assessment`,
:class:`SessionAssessment`, :class:`ClientAssessment`, :class:`DexDocument`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


def _source():
    """Where a record came from (e.g. ``"dex.session,12"``), so that a finding
    about it can link to what to fix. Not DEX data: never written, not compared."""
    return field(default=None, compare=False, repr=False)


def _freeze(obj: object, *names: str) -> None:
    for name in names:
        value = getattr(obj, name)
        if not isinstance(value, tuple):
            object.__setattr__(obj, name, tuple(value))


@dataclass(frozen=True, kw_only=True, slots=True)
class ResidentialAddress:
    suburb: str
    state_code: str
    postcode: str
    address_line1: str | None = None
    address_line2: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Client:
    client_id: str
    consent_to_provide_details: bool
    consented_for_future_contacts: bool
    birth_date: dt.date
    gender_code: str
    country_of_birth_code: str
    language_spoken_at_home_code: str
    aboriginal_or_torres_strait_islander_origin_code: str
    has_disabilities: bool
    residential_address: ResidentialAddress
    slk: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    is_using_pseudonym: bool = False
    is_birth_date_an_estimate: bool = False
    disabilities: tuple[str, ...] = ()
    accommodation_type_code: str | None = None
    dva_card_status_code: str | None = None
    has_carer: bool | None = None
    is_homeless: bool | None = None
    homeless_indicator_code: str | None = None
    household_composition_code: str | None = None
    main_source_of_income_code: str | None = None
    income_frequency_code: str | None = None
    income_amount: int | None = None
    first_arrival_year: int | None = None
    first_arrival_month: int | None = None
    migration_visa_category_code: str | None = None
    ancestry_code: str | None = None
    education_level_code: str | None = None
    employment_status_code: str | None = None
    is_client_a_carer: bool | None = None
    ndis_eligibility_code: str | None = None
    source: str | None = _source()

    def __post_init__(self):
        _freeze(self, "disabilities")

    @property
    def record(self) -> str:
        return f"Client {self.client_id}"


@dataclass(frozen=True, kw_only=True, slots=True)
class ReasonForAssistance:
    code: str
    is_primary: bool


@dataclass(frozen=True, kw_only=True, slots=True)
class CaseClient:
    client_id: str
    referral_source_code: str | None = None
    reasons_for_assistance: tuple[ReasonForAssistance, ...] = ()
    exit_reason_code: str | None = None

    def __post_init__(self):
        _freeze(self, "reasons_for_assistance")


@dataclass(frozen=True, kw_only=True, slots=True)
class ParentingAgreementOutcome:
    code: str
    agreement_date: dt.date
    legal_practitioner_assisted: bool


@dataclass(frozen=True, kw_only=True, slots=True)
class Section60I:
    certificate_type_code: str
    date_issued: dt.date


@dataclass(frozen=True, kw_only=True, slots=True)
class PropertyAgreementOutcome:
    code: str
    agreement_date: dt.date
    legal_practitioner_assisted: bool


@dataclass(frozen=True, kw_only=True, slots=True)
class Case:
    case_id: str
    outlet_activity_id: int
    total_unidentified_clients: int = 0
    case_clients: tuple[CaseClient, ...] = ()
    parenting_agreement_outcome: ParentingAgreementOutcome | None = None
    section_60i: Section60I | None = None
    client_attendance_profile_code: str | None = None
    end_date: dt.date | None = None
    property_agreement_outcome: PropertyAgreementOutcome | None = None
    source: str | None = _source()

    def __post_init__(self):
        _freeze(self, "case_clients")

    @property
    def record(self) -> str:
        return f"Case {self.case_id}"


@dataclass(frozen=True, kw_only=True, slots=True)
class Referral:
    type_code: str
    purpose_codes: tuple[str, ...]

    def __post_init__(self):
        _freeze(self, "purpose_codes")


@dataclass(frozen=True, kw_only=True, slots=True)
class SessionClient:
    client_id: str
    participation_code: str = "CLIENT"
    referrals: tuple[Referral, ...] = ()

    def __post_init__(self):
        _freeze(self, "referrals")


@dataclass(frozen=True, kw_only=True, slots=True)
class Session:
    session_id: str
    case_id: str
    session_date: dt.date
    service_type_id: int
    total_unidentified_clients: int = 0
    fees_charged: Decimal | None = None
    money_business_community_education_workshop_code: str | None = None
    interpreter_present: bool | None = None
    service_setting_code: str | None = None
    session_clients: tuple[SessionClient, ...] = ()
    time_minutes: int | None = None
    total_cost: int | None = None
    quantity: int | None = None
    extra_items: tuple[str, ...] = ()
    topic_code: str | None = None
    source: str | None = _source()

    def __post_init__(self):
        _freeze(self, "session_clients", "extra_items")

    @property
    def record(self) -> str:
        return f"Session {self.case_id}/{self.session_id}"


@dataclass(frozen=True, kw_only=True, slots=True)
class Assessment:
    """One SCORE assessment: a score type and phase, and a score per domain.

    ``score_codes`` are AssessmentScoreCodes such as ``GROUPSKILLS3``: the
    domain (GROUPSKILLS) followed by the score (3).
    """

    score_type_code: str
    phase_code: str
    score_codes: tuple[str, ...]

    def __post_init__(self):
        _freeze(self, "score_codes")


@dataclass(frozen=True, kw_only=True, slots=True)
class SessionAssessment:
    """Community SCORE of one session (score type GROUP): 1 or 2 assessments."""

    case_id: str
    session_id: str
    assessments: tuple[Assessment, ...]
    source: str | None = _source()

    def __post_init__(self):
        _freeze(self, "assessments")

    @property
    def record(self) -> str:
        return f"SessionAssessment {self.case_id}/{self.session_id}"


@dataclass(frozen=True, kw_only=True, slots=True)
class ClientAssessment:
    """Client SCORE of one client for one session: 1 to 6 assessments."""

    client_id: str
    case_id: str
    session_id: str
    assessments: tuple[Assessment, ...]
    source: str | None = _source()

    def __post_init__(self):
        _freeze(self, "assessments")

    @property
    def record(self) -> str:
        return f"ClientAssessment {self.client_id} {self.case_id}/{self.session_id}"


@dataclass(frozen=True, kw_only=True, slots=True)
class DexDocument:
    """The content of one DEX file as read back by :mod:`.reader`.

    ``other_sections`` names sections present in the file that these types do
    not model (Outlets).
    """

    clients: tuple[Client, ...] = ()
    cases: tuple[Case, ...] = ()
    sessions: tuple[Session, ...] = ()
    session_assessments: tuple[SessionAssessment, ...] = ()
    client_assessments: tuple[ClientAssessment, ...] = ()
    other_sections: tuple[str, ...] = ()

    def __post_init__(self):
        _freeze(
            self,
            "clients",
            "cases",
            "sessions",
            "session_assessments",
            "client_assessments",
            "other_sections",
        )
