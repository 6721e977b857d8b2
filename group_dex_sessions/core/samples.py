"""Synthetic DEX records for tests, benchmarks and demonstrations.

No real person: names are made up. Public API:

* :func:`make_client`, :func:`make_case`, :func:`make_session` - one record
  with sensible, valid defaults; any field can be overridden by keyword.
* :func:`golden_records` - the records of ``tests/data/golden_group_session.xml``
  (a group case with three clients and two sessions).
* :func:`golden_score_records` - the records of
  ``tests/data/golden_group_score.xml``: the same, with the Community SCORE of
  the first session and the client SCORE of two of its clients.
* :func:`synthetic_dataset` - a large group-session data set whose sessions
  are produced lazily by a generator (used by the benchmark).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from .slk import make_slk
from .types import (
    Assessment,
    Case,
    CaseClient,
    Client,
    ClientAssessment,
    ReasonForAssistance,
    Referral,
    ResidentialAddress,
    Session,
    SessionAssessment,
    SessionClient,
)

DARWIN = ResidentialAddress(suburb="DARWIN", state_code="NT", postcode="0800")


def make_client(client_id: str = "CL-0001", **overrides) -> Client:
    """A consenting client (Tien NG, born 1980-02-01) unless overridden."""
    values = {
        "client_id": client_id,
        "consent_to_provide_details": True,
        "consented_for_future_contacts": False,
        "given_name": "Tien",
        "family_name": "NG",
        "birth_date": dt.date(1980, 2, 1),
        "gender_code": "MALE",
        "country_of_birth_code": "1101",
        "language_spoken_at_home_code": "1201",
        "aboriginal_or_torres_strait_islander_origin_code": "NO",
        "has_disabilities": False,
        "residential_address": DARWIN,
    }
    values.update(overrides)
    return Client(**values)


def make_case(case_id: str = "GRP-0001", client_ids=("CL-0001",), **overrides) -> Case:
    """A group case whose CaseClients are ``client_ids``."""
    values = {
        "case_id": case_id,
        "outlet_activity_id": 12345,
        "total_unidentified_clients": 0,
        "case_clients": tuple(CaseClient(client_id=c) for c in client_ids),
    }
    values.update(overrides)
    return Case(**values)


def make_session(
    session_id: str = "SES-0001",
    case_id: str = "GRP-0001",
    client_ids=("CL-0001",),
    **overrides,
) -> Session:
    """A session of ``case_id`` attended by ``client_ids`` as CLIENT."""
    values = {
        "session_id": session_id,
        "case_id": case_id,
        "session_date": dt.date(2024, 3, 5),
        "service_type_id": 63,
        "total_unidentified_clients": 0,
        "session_clients": tuple(SessionClient(client_id=c) for c in client_ids),
    }
    values.update(overrides)
    return Session(**values)


def golden_records() -> tuple[list[Client], list[Case], list[Session]]:
    """The content of ``tests/data/golden_group_session.xml`` as records."""
    clients = [
        make_client(
            "CL-0001",
            slk="G22IE010219801",
            consented_for_future_contacts=True,
            country_of_birth_code="5105",
            language_spoken_at_home_code="6512",
            has_disabilities=True,
            disabilities=("PHYSICAL", "SENSORY"),
            accommodation_type_code="CLIENTOWNED",
            residential_address=ResidentialAddress(
                address_line1="12 Smith Street & Co",
                suburb="DARWIN",
                state_code="NT",
                postcode="0800",
            ),
            household_composition_code="GROUP",
            first_arrival_year=1999,
            first_arrival_month=3,
            migration_visa_category_code="HUMANITARIAN",
        ),
        make_client(
            "CL-0002",
            slk="BREAR290220002",
            consent_to_provide_details=False,
            given_name=None,
            family_name=None,
            birth_date=dt.date(2000, 2, 29),
            gender_code="FEMALE",
            aboriginal_or_torres_strait_islander_origin_code="ABORIGINAL",
            residential_address=ResidentialAddress(
                suburb="PARRAMATTA", state_code="NSW", postcode="2150"
            ),
        ),
        make_client(
            "CL-0003",
            given_name="Jane",
            family_name="Citizen",
            birth_date=dt.date(1971, 1, 1),
            is_birth_date_an_estimate=True,
            gender_code="NOTSTATED",
            aboriginal_or_torres_strait_islander_origin_code="NOTSTATED",
            residential_address=ResidentialAddress(
                suburb="DARWIN", state_code="NT", postcode="0810"
            ),
        ),
    ]
    case = make_case(
        "GRP-COOK-2024H1",
        total_unidentified_clients=5,
        case_clients=(
            CaseClient(
                client_id="CL-0001",
                referral_source_code="SELF",
                reasons_for_assistance=(
                    ReasonForAssistance(code="PHYSICAL", is_primary=True),
                    ReasonForAssistance(code="COMMUNITY", is_primary=False),
                ),
            ),
            CaseClient(client_id="CL-0002", referral_source_code="COMMUNITY"),
            CaseClient(client_id="CL-0003"),
        ),
    )
    sessions = [
        make_session(
            "SES-000101",
            case.case_id,
            total_unidentified_clients=2,
            fees_charged=Decimal("12.50"),
            interpreter_present=False,
            session_clients=(
                SessionClient(
                    client_id="CL-0001",
                    referrals=(
                        Referral(type_code="INTERNAL", purpose_codes=("PHYSICAL",)),
                        Referral(
                            type_code="EXTERNAL", purpose_codes=("MENTAL", "HOUSING")
                        ),
                    ),
                ),
                SessionClient(client_id="CL-0002"),
                SessionClient(client_id="CL-0003", participation_code="SUPPORT"),
            ),
            time_minutes=120,
        ),
        make_session(
            "SES-000102",
            case.case_id,
            session_date=dt.date(2024, 3, 12),
            time_minutes=90,
            total_cost=40,
            quantity=2,
            extra_items=("SUPPORT",),
        ),
    ]
    return clients, [case], sessions


def golden_score_records():
    """(clients, cases, sessions, session assessments, client assessments)."""
    clients, cases, sessions = golden_records()
    first = sessions[0]
    group = SessionAssessment(
        case_id=first.case_id,
        session_id=first.session_id,
        assessments=(
            Assessment(
                score_type_code="GROUP",
                phase_code="PRE",
                score_codes=("GROUPSKILLS2", "GROUPNETWORKS1"),
            ),
            Assessment(
                score_type_code="GROUP",
                phase_code="POST",
                score_codes=("GROUPSKILLS4", "GROUPNETWORKS3", "ORGSKILLS3"),
            ),
        ),
    )
    client_scores = [
        ClientAssessment(
            client_id="CL-0001",
            case_id=first.case_id,
            session_id=first.session_id,
            assessments=(
                Assessment(
                    score_type_code="CIRCUMSTANCES",
                    phase_code="PRE",
                    score_codes=("COMMUNITY2", "MENTAL3"),
                ),
                Assessment(
                    score_type_code="GOALS",
                    phase_code="POST",
                    score_codes=("SKILLS4",),
                ),
                Assessment(
                    score_type_code="SATISFACTION",
                    phase_code="POST",
                    score_codes=("SERVICELISTENED5", "SERVICERECEIVED4"),
                ),
            ),
        ),
        ClientAssessment(
            client_id="CL-0002",
            case_id=first.case_id,
            session_id=first.session_id,
            assessments=(
                Assessment(
                    score_type_code="SATISFACTION",
                    phase_code="POST",
                    score_codes=("SITUATIONIMPROVED3",),
                ),
            ),
        ),
    ]
    return clients, cases, sessions, [group], client_scores


_GIVEN = ("Avery", "Blake", "Casey", "Darcy", "Emery", "Finley", "Harper", "Jordan")
_FAMILY = ("Wattle", "Banksia", "Grevillea", "Waratah", "Boronia", "Correa")


def synthetic_dataset(
    n_clients: int = 5_000,
    n_sessions: int = 50_000,
    clients_per_session: int = 10,
    clients_per_case: int = 50,
) -> tuple[list[Client], list[Case], Iterator[Session]]:
    """Clients and group cases in memory, sessions as a generator.

    Clients are split into groups of ``clients_per_case``, one case per group.
    Sessions come grouped by case, as an export ordered by case would give them
    (case 0's sessions first, then case 1's ...); each is attended by
    ``clients_per_session`` members of its case, in rotation.
    """
    clients = []
    for i in range(n_clients):
        birth = dt.date(1940 + i % 60, 1 + i % 12, 1 + i % 28)
        given, family = _GIVEN[i % len(_GIVEN)], _FAMILY[i % len(_FAMILY)]
        gender = ("MALE", "FEMALE")[i % 2]
        clients.append(
            make_client(
                f"CL{i:07d}",
                given_name=given,
                family_name=family,
                birth_date=birth,
                gender_code=gender,
                slk=make_slk(family, given, birth, gender),
            )
        )
    groups = [
        [c.client_id for c in clients[start : start + clients_per_case]]
        for start in range(0, n_clients, clients_per_case)
    ]
    cases = [make_case(f"GRP{n:05d}", members) for n, members in enumerate(groups)]

    def sessions() -> Iterator[Session]:
        first = dt.date(2024, 1, 1)
        for n in range(n_sessions):
            k = n * len(cases) // n_sessions
            members = groups[k]
            offset = n % len(members)
            attendees = [
                members[(offset + j) % len(members)]
                for j in range(min(clients_per_session, len(members)))
            ]
            yield make_session(
                f"S{n:08d}",
                cases[k].case_id,
                attendees,
                session_date=first + dt.timedelta(days=n % 180),
                time_minutes=60,
                fees_charged=Decimal("5.00"),
            )

    return clients, cases, sessions()
