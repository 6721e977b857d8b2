"""Element tables shared by the writer and the reader (internal module).

Each DEX complex type is described once, as a tuple of items in schema order:

* :class:`Leaf` - one simple element mapped to one attribute, with a
  :class:`Conv` converter (Python value <-> XML text);
* :class:`Nested` - one complex child mapped to a dataclass;
* :class:`Repeated` - a wrapper element holding 1+ children (codes or records).

Converters check, on output, everything the schema checks, so the writer
never produces a schema-invalid file: a bad value raises
:class:`~.errors.DexValueError` naming the field.

Text rule (every text element is a DSS ``NonEmptyString``): characters XML 1.0
forbids (most C0 controls, lone surrogates, U+FFFE/U+FFFF) and line breaks
(CR, LF - the schema pattern does not allow them) are *rejected*, never
silently removed; at least one character must be other than space or tab.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from . import rules
from . import types as t

# Anything outside the XML 1.0 Char production, plus CR and LF.
_BAD_TEXT = re.compile("[^\t\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_XS_DATE = re.compile(r"\s*(\d{4,})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?\s*")
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
UINT_MAX = 2**32 - 1
MONEY_MAX = rules.MONEY_MAX
_CENT = Decimal("0.01")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip


def _describe_char(char: str) -> str:
    names = {"\n": "a line break (LF)", "\r": "a line break (CR)"}
    return names.get(char, f"the character U+{ord(char):04X}, which XML does not allow")


def dump_text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be text, not {type(value).__name__}")
    bad = _BAD_TEXT.search(value)
    if bad:
        raise ValueError(f"contains {_describe_char(bad.group())}")
    if not value.strip(" \t"):
        raise ValueError("must contain at least one visible character")
    return value


_dump_text_cached = lru_cache(maxsize=65_536)(dump_text)


def dump_text_fast(value: object) -> str:
    """:func:`dump_text`, remembering recently accepted strings (ids, codes)."""
    if type(value) is str:
        return _dump_text_cached(value)
    return dump_text(value)


def load_text(text: str) -> str:
    if not text or not text.strip(" \t\r\n"):
        raise ValueError("is empty")
    return text


def dump_bool(value: object) -> str:
    if not isinstance(value, bool):
        raise ValueError(f"must be True or False, not {value!r}")
    return "true" if value else "false"


def load_bool(text: str) -> bool:
    token = text.strip()
    if token in ("true", "1"):
        return True
    if token in ("false", "0"):
        return False
    raise ValueError(f"{text!r} is not a boolean")


def dump_date(value: object) -> str:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValueError(f"must be a date (without time), not {value!r}")
    return value.isoformat()


def load_date(text: str) -> dt.date:
    match = _XS_DATE.fullmatch(text)
    if not match:
        raise ValueError(f"{text!r} is not a date YYYY-MM-DD")
    year, month, day = (int(g) for g in match.groups())
    return dt.date(year, month, day)


def _int_dumper(low: int, high: int) -> Callable[[object], str]:
    def dump(value: object) -> str:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"must be a whole number, not {value!r}")
        if not low <= value <= high:
            raise ValueError(f"{value} is outside {low}..{high}")
        return str(value)

    return dump


def load_int(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a whole number") from None


def dump_money(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise ValueError(f"must be a Decimal amount, not {value!r}")
    amount = Decimal(value)
    if not amount.is_finite():
        raise ValueError(f"{value} is not a finite amount")
    if amount < 0:
        raise ValueError(f"{value} is negative")
    if amount > MONEY_MAX:
        raise ValueError(f"{value} is larger than {MONEY_MAX}")
    cents = amount.quantize(_CENT)
    if cents != amount:
        raise ValueError(f"{value} has more than two decimal places")
    return f"{cents:.2f}"


def load_money(text: str) -> Decimal:
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a decimal amount") from None


def dump_month(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 12:
        raise ValueError(f"must be a month number 1-12, not {value!r}")
    return MONTHS[value - 1]


def load_month(text: str) -> int:
    try:
        return MONTHS.index(text.strip()) + 1
    except ValueError:
        raise ValueError(f"{text!r} is not an English month name") from None


def dump_postcode(value: object) -> str:
    if not isinstance(value, str) or not rules.POSTCODE.fullmatch(value):
        raise ValueError(f"must be exactly four digits (e.g. '0800'), not {value!r}")
    return value


@dataclass(frozen=True)
class Conv:
    dump: Callable[[object], str]
    load: Callable[[str], object]


TEXT = Conv(dump_text_fast, load_text)
BOOL = Conv(dump_bool, load_bool)
DATE = Conv(dump_date, load_date)
INT = Conv(_int_dumper(INT_MIN, INT_MAX), load_int)
UINT = Conv(_int_dumper(0, UINT_MAX), load_int)
COUNT = Conv(_int_dumper(0, 999), load_int)
MONEY = Conv(dump_money, load_money)
MONTH = Conv(dump_month, load_month)
POSTCODE = Conv(dump_postcode, load_text)


@dataclass(frozen=True)
class Leaf:
    tag: str
    attr: str
    conv: Conv = TEXT
    required: bool = False


@dataclass(frozen=True)
class Nested:
    tag: str
    attr: str
    spec: tuple
    cls: type
    required: bool = False


@dataclass(frozen=True)
class Repeated:
    """Wrapper ``tag`` with 1+ ``item_tag`` children: codes or records.

    ``max_items``: the most children the schema allows (None: unbounded).
    """

    tag: str
    attr: str
    item_tag: str
    conv: Conv | None = None
    spec: tuple | None = None
    cls: type | None = None
    required: bool = False
    max_items: int | None = None


ADDRESS = (
    Leaf("AddressLine1", "address_line1"),
    Leaf("AddressLine2", "address_line2"),
    Leaf("Suburb", "suburb", required=True),
    Leaf("StateCode", "state_code", required=True),
    Leaf("Postcode", "postcode", POSTCODE, required=True),
)

CLIENT = (
    Leaf("ClientId", "client_id", required=True),
    Leaf("Slk", "slk"),
    Leaf("ConsentToProvideDetails", "consent_to_provide_details", BOOL, True),
    Leaf("ConsentedForFutureContacts", "consented_for_future_contacts", BOOL, True),
    Leaf("GivenName", "given_name"),
    Leaf("FamilyName", "family_name"),
    Leaf("IsUsingPsuedonym", "is_using_pseudonym", BOOL, True),
    Leaf("BirthDate", "birth_date", DATE, True),
    Leaf("IsBirthDateAnEstimate", "is_birth_date_an_estimate", BOOL, True),
    Leaf("GenderCode", "gender_code", required=True),
    Leaf("CountryOfBirthCode", "country_of_birth_code", required=True),
    Leaf("LanguageSpokenAtHomeCode", "language_spoken_at_home_code", required=True),
    Leaf(
        "AboriginalOrTorresStraitIslanderOriginCode",
        "aboriginal_or_torres_strait_islander_origin_code",
        required=True,
    ),
    Leaf("HasDisabilities", "has_disabilities", BOOL, True),
    Repeated("Disabilities", "disabilities", "DisabilityCode", conv=TEXT),
    Leaf("AccommodationTypeCode", "accommodation_type_code"),
    Leaf("DVACardStatusCode", "dva_card_status_code"),
    Leaf("HasCarer", "has_carer", BOOL),
    Nested(
        "ResidentialAddress", "residential_address", ADDRESS, t.ResidentialAddress, True
    ),
    Leaf("IsHomeless", "is_homeless", BOOL),
    Leaf("HomelessIndicatorCode", "homeless_indicator_code"),
    Leaf("HouseholdCompositionCode", "household_composition_code"),
    Leaf("MainSourceOfIncomeCode", "main_source_of_income_code"),
    Leaf("IncomeFrequencyCode", "income_frequency_code"),
    Leaf("IncomeAmount", "income_amount", INT),
    Leaf("FirstArrivalYear", "first_arrival_year", INT),
    Leaf("FirstArrivalMonth", "first_arrival_month", MONTH),
    Leaf("MigrationVisaCategoryCode", "migration_visa_category_code"),
    Leaf("AncestryCode", "ancestry_code"),
    Leaf("EducationLevelCode", "education_level_code"),
    Leaf("EmploymentStatusCode", "employment_status_code"),
    Leaf("IsClientACarer", "is_client_a_carer", BOOL),
    Leaf("NDISEligibilityCode", "ndis_eligibility_code"),
)

REASON = (
    Leaf("ReasonForAssistanceCode", "code", required=True),
    Leaf("IsPrimary", "is_primary", BOOL, True),
)

CASE_CLIENT = (
    Leaf("ClientId", "client_id", required=True),
    Leaf("ReferralSourceCode", "referral_source_code"),
    Repeated(
        "ReasonsForAssistance",
        "reasons_for_assistance",
        "ReasonForAssistance",
        spec=REASON,
        cls=t.ReasonForAssistance,
    ),
    Leaf("ExitReasonCode", "exit_reason_code"),
)

PARENTING = (
    Leaf("ParentingAgreementOutcomeCode", "code", required=True),
    Leaf("DateOfParentingAgreement", "agreement_date", DATE, True),
    Leaf(
        "DidLegalPractitionerAssistWithFormalisingAgreement",
        "legal_practitioner_assisted",
        BOOL,
        True,
    ),
)

SECTION_60I = (
    Leaf("Section60ICertificateTypeCode", "certificate_type_code", required=True),
    Leaf("DateIssued", "date_issued", DATE, True),
)

PROPERTY = (
    Leaf("PropertyAgreementOutcomeCode", "code", required=True),
    Leaf("DateOfPropertyAgreement", "agreement_date", DATE, True),
    Leaf(
        "DidLegalPractitionerAssistInPropertyMediation",
        "legal_practitioner_assisted",
        BOOL,
        True,
    ),
)

CASE = (
    Leaf("CaseId", "case_id", required=True),
    Leaf("OutletActivityId", "outlet_activity_id", UINT, True),
    Leaf("TotalNumberOfUnidentifiedClients", "total_unidentified_clients", COUNT, True),
    Repeated(
        "CaseClients", "case_clients", "CaseClient", spec=CASE_CLIENT, cls=t.CaseClient
    ),
    Nested(
        "ParentingAgreementOutcome",
        "parenting_agreement_outcome",
        PARENTING,
        t.ParentingAgreementOutcome,
    ),
    Nested("Section60I", "section_60i", SECTION_60I, t.Section60I),
    Leaf("ClientAttendanceProfileCode", "client_attendance_profile_code"),
    Leaf("EndDate", "end_date", DATE),
    Nested(
        "PropertyAgreementOutcome",
        "property_agreement_outcome",
        PROPERTY,
        t.PropertyAgreementOutcome,
    ),
)

REFERRAL = (
    Leaf("TypeCode", "type_code", required=True),
    Repeated("PurposeCodes", "purpose_codes", "PurposeCode", conv=TEXT, required=True),
)

SESSION_CLIENT = (
    Leaf("ClientId", "client_id", required=True),
    Leaf("ParticipationCode", "participation_code", required=True),
    Repeated(
        "ClientReferralOutWithPurpose",
        "referrals",
        "Referral",
        spec=REFERRAL,
        cls=t.Referral,
    ),
)

SESSION = (
    Leaf("SessionId", "session_id", required=True),
    Leaf("CaseId", "case_id", required=True),
    Leaf("SessionDate", "session_date", DATE, True),
    Leaf("ServiceTypeId", "service_type_id", INT, True),
    Leaf("TotalNumberOfUnidentifiedClients", "total_unidentified_clients", COUNT, True),
    Leaf("FeesCharged", "fees_charged", MONEY),
    Leaf(
        "MoneyBusinessCommunityEducationWorkshopCode",
        "money_business_community_education_workshop_code",
    ),
    Leaf("InterpreterPresent", "interpreter_present", BOOL),
    Leaf("ServiceSettingCode", "service_setting_code"),
    Repeated(
        "SessionClients",
        "session_clients",
        "SessionClient",
        spec=SESSION_CLIENT,
        cls=t.SessionClient,
    ),
    Leaf("TimeMinutes", "time_minutes", INT),
    Leaf("TotalCost", "total_cost", INT),
    Leaf("Quantity", "quantity", INT),
    Repeated("ExtraItems", "extra_items", "ExtraItemCode", conv=TEXT),
    Leaf("TopicCode", "topic_code"),
)

ASSESSMENT = (
    Leaf("ScoreTypeCode", "score_type_code", required=True),
    Leaf("AssessmentPhaseCode", "phase_code", required=True),
    Repeated("Scores", "score_codes", "ScoreCode", conv=TEXT, required=True),
)

SESSION_ASSESSMENT = (
    Leaf("CaseId", "case_id", required=True),
    Leaf("SessionId", "session_id", required=True),
    Repeated(
        "Assessments",
        "assessments",
        "Assessment",
        spec=ASSESSMENT,
        cls=t.Assessment,
        required=True,
        max_items=rules.MAX_ASSESSMENTS[rules.FOR_SESSION],
    ),
)

CLIENT_ASSESSMENT = (
    Leaf("ClientId", "client_id", required=True),
    Leaf("CaseId", "case_id", required=True),
    Leaf("SessionId", "session_id", required=True),
    Repeated(
        "Assessments",
        "assessments",
        "Assessment",
        spec=ASSESSMENT,
        cls=t.Assessment,
        required=True,
        max_items=rules.MAX_ASSESSMENTS[rules.FOR_CLIENT],
    ),
)
