"""A person as the organisation knows them, turned into a DEX Client (or why not).

:func:`build_client` is the one mapping from a client's facts to a
:class:`~.types.Client`. The Odoo contact form shows the problems it returns,
and the extract uses the Client it builds, so what staff see on the contact is
what the file will hold.

Consent decides what is sent: with consent to provide details the names and
street lines go to DEX; without it they are left out, and the SLK (always sent)
is what DEX links the client by. Consent is judged on the day the file is
made, whatever the session dates: DEX keeps one Client record per ClientId and
each file overwrites it, so a file must never send details a client has
withdrawn since.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import rules
from .codes import code_list
from .errors import SlkError
from .slk import make_slk
from .types import Client, ResidentialAddress


@dataclass(frozen=True, kw_only=True, slots=True)
class ClientFacts:
    """What is recorded about a client, as plain values.

    Coded values are DEX codes (``None`` when not recorded: the required ones
    are then sent as DEX "not stated"). ``country_code`` is the ISO code of the
    address's country (``None`` when none is recorded).
    """

    given_name: str | None
    family_name: str | None
    birth_date: dt.date | None
    birth_date_estimated: bool = False
    gender_code: str | None = None
    country_of_birth_code: str | None = None
    language_code: str | None = None
    indigenous_code: str | None = None
    has_disabilities: bool = False
    disabilities: tuple[str, ...] = ()
    accommodation_code: str | None = None
    ancestry_code: str | None = None
    is_using_pseudonym: bool = False
    street: str | None = None
    street2: str | None = None
    suburb: str | None = None
    state_code: str | None = None
    postcode: str | None = None
    country_code: str | None = None
    consent_details: bool = False
    consent_future_contact: bool = False


@dataclass(frozen=True, slots=True)
class ClientProblem:
    """Why a client cannot go to DEX: ``topic`` is slk, address or names."""

    topic: str
    message: str


def _code(value: str | None, list_name: str) -> str:
    return value or rules.NOT_STATED[list_name]


def slk_of(facts: ClientFacts) -> tuple[str | None, ClientProblem | None]:
    """The client's SLK-581, or the problem that keeps one from being formed."""
    if not facts.birth_date:
        return None, ClientProblem(
            "slk", "enter a birth date (or an estimate) to compute the SLK"
        )
    try:
        slk = make_slk(
            facts.family_name,
            facts.given_name,
            facts.birth_date,
            _code(facts.gender_code, "GenderCode"),
        )
    except SlkError as exc:
        return None, ClientProblem("slk", f"no valid SLK can be formed: {exc}")
    return slk, None


def address_problems(facts: ClientFacts) -> list[ClientProblem]:
    """What keeps the address from being a DEX residential address."""
    problems = []
    if facts.country_code and facts.country_code != "AU":
        problems.append(ClientProblem("address", "DEX needs an Australian address"))
    if not (facts.suburb or "").strip():
        problems.append(ClientProblem("address", "the suburb is missing"))
    if not facts.state_code:
        problems.append(ClientProblem("address", "the state is missing"))
    elif facts.state_code not in code_list("StateCode"):
        problems.append(
            ClientProblem(
                "address",
                f"{facts.state_code} is not an Australian state or territory code",
            )
        )
    postcode = rules.postcode_problem(facts.postcode)
    if postcode:
        problems.append(ClientProblem("address", postcode))
    return problems


def client_problems(facts: ClientFacts) -> list[ClientProblem]:
    """Everything that keeps these facts from making a DEX Client."""
    problems = []
    _slk, slk_problem = slk_of(facts)
    if slk_problem:
        problems.append(slk_problem)
    problems += address_problems(facts)
    if facts.consent_details and not (facts.given_name and facts.family_name):
        problems.append(
            ClientProblem(
                "names",
                "with consent to provide details DEX needs a given and a family name",
            )
        )
    return problems


def build_client(
    client_id: str, facts: ClientFacts, *, source: str | None = None
) -> tuple[Client | None, list[ClientProblem]]:
    """(the DEX Client, []) or (None, the problems that keep it from DEX)."""
    problems = client_problems(facts)
    if problems:
        return None, problems
    slk, _problem = slk_of(facts)
    details = facts.consent_details
    address = ResidentialAddress(
        suburb=facts.suburb.strip(),
        state_code=facts.state_code,
        postcode=facts.postcode.strip(),
        address_line1=(details and facts.street) or None,
        address_line2=(details and facts.street2) or None,
    )
    client = Client(
        client_id=client_id,
        consent_to_provide_details=details,
        consented_for_future_contacts=facts.consent_future_contact,
        slk=slk,
        given_name=facts.given_name if details else None,
        family_name=facts.family_name if details else None,
        is_using_pseudonym=facts.is_using_pseudonym,
        birth_date=facts.birth_date,
        is_birth_date_an_estimate=facts.birth_date_estimated,
        gender_code=_code(facts.gender_code, "GenderCode"),
        country_of_birth_code=_code(facts.country_of_birth_code, "CountryOfBirthCode"),
        language_spoken_at_home_code=_code(
            facts.language_code, "LanguageSpokenAtHomeCode"
        ),
        aboriginal_or_torres_strait_islander_origin_code=_code(
            facts.indigenous_code, "AboriginalOrTorresStraitIslanderOriginCode"
        ),
        has_disabilities=facts.has_disabilities,
        disabilities=facts.disabilities if facts.has_disabilities else (),
        accommodation_type_code=facts.accommodation_code,
        ancestry_code=facts.ancestry_code,
        residential_address=address,
        source=source,
    )
    return client, []
