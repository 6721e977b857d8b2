"""The DEX rules that both the validator and the Odoo models apply, defined once.

Each rule is a constant or a small predicate over plain values. The validator
(:mod:`.validator`) turns them into findings on a file; the models call the
same functions to refuse bad input where it is typed, with their own
translated wording. A rule is never re-declared outside this module (the core
tier checks the models import these names instead).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal

from .codes import FOR_CLIENT, FOR_SESSION, CodeLists
from .periods import period_for

#: ClientId, CaseId and SessionId: 1 to 50 letters, digits, ``_`` or ``-``.
MAX_ID_LENGTH = 50
ID_CHARS = re.compile(r"[A-Za-z0-9_-]+")
#: An Australian postcode is exactly four digits (a leading zero is kept).
POSTCODE = re.compile(r"[0-9]{4}")
#: The largest amount a DEX money element (``FeesCharged``) holds.
MONEY_MAX = Decimal("999999999.99")
#: Minutes in a day: a session's TimeMinutes beyond this is a typing error.
MAX_SESSION_MINUTES = 1440
#: DEX "not stated" codes of the client elements that are required.
NOT_STATED = {
    "GenderCode": "NOTSTATED",
    "CountryOfBirthCode": "0003",
    "LanguageSpokenAtHomeCode": "0002",
    "AboriginalOrTorresStraitIslanderOriginCode": "NOTSTATED",
}
#: Birth-date spellings an ID must not contain.
DATE_FORMATS = (
    "%Y%m%d",
    "%d%m%Y",
    "%m%d%Y",
    "%Y-%m-%d",
    "%d-%m-%Y",
    "%Y_%m_%d",
    "%d_%m_%Y",
)
#: Assessments one SessionAssessment (Community SCORE) and one ClientAssessment
#: hold: one per score type and phase, so 1 GROUP x PRE/POST, and 3 client score
#: types x PRE/POST.
MAX_ASSESSMENTS = {FOR_SESSION: 2, FOR_CLIENT: 6}
_NOT_LETTER = re.compile(r"[^A-Z]")
_WORD_SPLIT = re.compile(r"[^\w]+")


def id_problem(value: object) -> str | None:
    """Why ``value`` cannot be a DEX ClientId, CaseId or SessionId, or None."""
    if not isinstance(value, str) or not ID_CHARS.fullmatch(value):
        return "must use only letters, digits, '_' and '-'"
    if len(value) > MAX_ID_LENGTH:
        return f"is {len(value)} characters long; at most {MAX_ID_LENGTH}"
    return None


def letters(text: str | None) -> str:
    """The letters of ``text``, upper case, nothing else."""
    return _NOT_LETTER.sub("", text.upper()) if text else ""


def personal_tokens(
    names: Iterable[str | None], birth_date: dt.date | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Name fragments (3+ letters) and birth-date spellings an ID must not hold."""
    found = set()
    for name in names:
        if not name:
            continue
        parts = [letters(part) for part in _WORD_SPLIT.split(name)] + [letters(name)]
        found.update(part for part in parts if len(part) >= 3)
    dates = (
        tuple(birth_date.strftime(f) for f in DATE_FORMATS)
        if isinstance(birth_date, dt.date)
        else ()
    )
    return tuple(sorted(found)), dates


def id_screen(value: str) -> tuple[str, bool]:
    """(letters of ``value``, whether it has digits enough to spell a birth date).

    Every birth-date spelling in :data:`DATE_FORMATS` has eight digits.
    """
    return letters(value), sum(map(str.isdigit, value)) >= 8


def reveals_person(value: str, tokens) -> str | None:
    """``"name"`` or ``"birth date"`` when ``value`` carries one of ``tokens``."""
    names, dates = tokens
    upper = letters(value)
    if any(name in upper for name in names):
        return "name"
    if any(day in value for day in dates):
        return "birth date"
    return None


def postcode_problem(postcode: str | None) -> str | None:
    """Why ``postcode`` is not a DEX postcode, or None."""
    if not postcode or not postcode.strip():
        return "the postcode is missing"
    if not POSTCODE.fullmatch(postcode.strip()):
        return f"the postcode {postcode} is not 4 digits (keep a leading zero: 0800)"
    return None


def estimated_birth_date_problem(birth_date: dt.date | None, estimated: bool) -> bool:
    """True when an estimated birth date is not 1 January (DEX wants 1 January)."""
    if not (estimated and birth_date):
        return False
    return (birth_date.month, birth_date.day) != (1, 1)


def disability_problem(has_disabilities: bool, codes: Iterable[str]) -> str | None:
    """``"missing"`` (disabilities without a code) or ``"unexpected"``, else None."""
    codes = tuple(codes)
    if has_disabilities and not codes:
        return "missing"
    if not has_disabilities and codes:
        return "unexpected"
    return None


def session_date_problem(
    session_date: dt.date, submitted: dt.date
) -> tuple[str, str] | None:
    """(rule, message) when DSS will refuse a session dated ``session_date``.

    DSS refuses a session of a reporting period whose close date has passed on
    the submission date, and a session dated after the submission date: it has
    not happened, so it cannot have been delivered.

    The messages name the cause, not the session, so that one cause affecting
    many sessions is reported once.
    """
    period = period_for(session_date)
    if not period.is_open_on(submitted):
        return (
            "period-closed",
            f"dated in the reporting period {period.label}, which closed on "
            f"{period.close_date.isoformat()}: DSS refuses sessions dated in it",
        )
    if session_date > submitted:
        return (
            "future-session",
            f"dated after the submission date {submitted.isoformat()}: a session is "
            "reported once it has happened",
        )
    return None


def service_type_allowed(service_type_id: int, allowed: Iterable[int] | None) -> bool:
    """True when an outlet activity allowing ``allowed`` takes ``service_type_id``.

    An outlet activity with no allowed service types configured takes any.
    """
    allowed = frozenset(allowed or ())
    return not allowed or service_type_id in allowed


def money_problem(amount: Decimal | float | int) -> str | None:
    """Why ``amount`` cannot be a DEX money value (FeesCharged), or None."""
    value = Decimal(str(amount))
    if value < 0:
        return "is negative"
    if value > MONEY_MAX:
        return f"is more than {MONEY_MAX}, the most a DEX amount holds"
    return None


# -- SCORE ------------------------------------------------------------------------
def assessment_count_problem(applies_to: str, count: int) -> str | None:
    """Why ``count`` Assessments cannot go in one Session/ClientAssessment."""
    most = MAX_ASSESSMENTS[applies_to]
    what = "SessionAssessment" if applies_to == FOR_SESSION else "ClientAssessment"
    if count < 1:
        return f"a {what} needs at least one Assessment"
    if count > most:
        return f"a {what} holds at most {most} Assessments, this one has {count}"
    return None


def score_type_problem(
    applies_to: str, score_type: str, codes: CodeLists
) -> str | None:
    """Why a ``score_type`` assessment is not for a session (or a client)."""
    allowed = codes.score_types_for(applies_to)
    if score_type in allowed or not codes.is_valid("ScoreTypeCode", score_type):
        return None  # an unknown score type is a code finding of its own
    if applies_to == FOR_SESSION:
        return (
            f"ScoreTypeCode {score_type} is client SCORE; a session's Community "
            f"SCORE is {', '.join(sorted(allowed))}"
        )
    return (
        f"ScoreTypeCode {score_type} is Community SCORE of a session, not client "
        f"SCORE ({', '.join(sorted(allowed))})"
    )


def score_domain_problem(
    score_code: str, score_type: str, codes: CodeLists
) -> str | None:
    """Why ``score_code`` does not score a domain of ``score_type``."""
    info = codes.score_info(score_code)
    if info is None or info.score_type == score_type:
        return None  # an unknown score code is a code finding of its own
    if not codes.is_valid("ScoreTypeCode", score_type):
        return None  # and so is an unknown score type
    return (
        f"ScoreCode {score_code} scores the {info.score_type} domain {info.domain}, "
        f"not a {score_type} domain"
    )


def duplicate_scores(
    scores: Iterable[tuple[str, str, str]],
) -> list[tuple[str, str, tuple[str, ...]]]:
    """(phase, domain, score codes) of every domain scored twice in one phase.

    ``scores`` are (phase, domain, score code): a domain has one score per
    phase (PRE and POST), for a session or for one client in a session.
    """
    seen: dict[tuple[str, str], list[str]] = {}
    for phase, domain, code in scores:
        seen.setdefault((phase, domain), []).append(code)
    return [
        (phase, domain, tuple(found))
        for (phase, domain), found in seen.items()
        if len(found) > 1
    ]
