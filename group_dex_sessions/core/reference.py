"""DSS's reference-data file: parsing it, and what a refresh of the code lists does.

DSS publishes its code lists in the DEX portal as one XML file
(``DEXReferenceData.xml``) and asks organisations to download it regularly,
because codes are added and retired. Its shape::

    <DEXReferenceData>
      <ReferenceDataItems CodeType="Gender">
        <Item><CodeValue>MALE</CodeValue><CodeDescription>Male</CodeDescription>
              <OrderNumber>1</OrderNumber></Item> ...
      </ReferenceDataItems> ...
      <AssessmentReferenceDataItems>
        <AssessmentReferenceDataItem>
          <ScoreType>GROUP</ScoreType><ApplicableFor>Session</ApplicableFor>
          <Domains><Domain><DomainCode>GROUPSKILLS</DomainCode>
            <DomainDescription>...</DomainDescription>
            <Scores><Score><ScoreCode>GROUPSKILLS1</ScoreCode>
              <Description>...</Description></Score> ...

Public API:

* :func:`parse_reference(data)` / :func:`read_reference_file(path)` - the
  file as a :class:`ReferenceData`, or :class:`ReferenceDataError` (with the
  line and the reason) when it is not a well-formed reference-data file. A
  refused file changes nothing: nothing is returned.
* :data:`CODE_TYPES` - the DSS ``CodeType`` of each code list this core knows,
  by list name (the XML element that carries the code: ``GenderCode``).
* :func:`plan_refresh(current, reference)` - what a refresh does to stored
  code lists: codes to add, codes whose description or order changed (or that
  come back after being archived), codes to archive. Never a deletion.

SCORE has two lists here: ``AssessmentScoreCode`` (each score, with its domain
and score type) and :data:`SCORE_DOMAINS`, the domains themselves (the domain
is the first part of every ScoreCode; DEX carries no domain element).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .codes import FOR_CLIENT, FOR_SESSION
from .errors import DexError
from .reader import safe_parser

#: The code lists in the file, by list name: ``CodeType`` as DSS names it.
CODE_TYPES = {
    "AboriginalOrTorresStraitIslanderOriginCode": (
        "AboriginalOrTorresStraitIslanderOrigin"
    ),
    "AccommodationTypeCode": "AccommodationType",
    "AncestryCode": "Ancestry",
    "AssessmentPhaseCode": "AssessmentPhase",
    "CountryOfBirthCode": "Country",
    "DVACardStatusCode": "DVACardStatus",
    "DisabilityCode": "Disability",
    "ExitReasonCode": "ExitReason",
    "ExtraItemCode": "ExtraItem",
    "GenderCode": "Gender",
    "HouseholdCompositionCode": "HouseholdComposition",
    "IncomeFrequencyCode": "IncomeFrequency",
    "LanguageSpokenAtHomeCode": "Language",
    "MainSourceOfIncomeCode": "MainSourceOfIncome",
    "MigrationVisaCategoryCode": "MigrationVisaCategory",
    "MoneyBusinessCommunityEducationWorkshopCode": (
        "MoneyBusinessCommunityEducationWorkshop"
    ),
    "ParentingAgreementOutcomeCode": "ParentingAgreement",
    "ParticipationCode": "ParticipationType",
    "ReasonForAssistanceCode": "ReasonForAssistance",
    "ReferralPurposeCode": "ReferralPurpose",
    "ReferralSourceCode": "ReferralSource",
    "ReferralTypeCode": "ReferralType",
    "ScoreTypeCode": "ScoreType",
    "Section60ICertificateTypeCode": "Section60ICertificateType",
    "StateCode": "State",
}
_LIST_OF_TYPE = {code_type: name for name, code_type in CODE_TYPES.items()}
#: The SCORE lists, from ``AssessmentReferenceDataItems``.
SCORE_CODES = "AssessmentScoreCode"
SCORE_DOMAINS = "ScoreDomain"
#: How a summary names the SCORE lists (the file's AssessmentReferenceDataItems).
SCORE_LABELS = {
    SCORE_DOMAINS: "Assessment (domains)",
    SCORE_CODES: "Assessment (scores)",
}
_APPLICABLE = (FOR_SESSION, FOR_CLIENT)


class ReferenceDataError(DexError):
    """The file is not a reference-data file this core can read."""

    def __init__(self, reason: str, line: int | None = None):
        self.reason = reason
        self.line = line
        super().__init__(f"line {line}: {reason}" if line else reason)


@dataclass(frozen=True, slots=True)
class ReferenceItem:
    """One code of a list.

    ``order`` is DSS's OrderNumber (for SCORE, the position in the file).
    SCORE scores also carry their ``domain``, ``score_type``, ``applies_to``
    and ``score`` (1 to 5); SCORE domains their ``score_type`` and
    ``applies_to``.
    """

    code: str
    description: str
    order: int
    line: int = field(default=0, compare=False)
    domain: str | None = None
    score_type: str | None = None
    applies_to: str | None = None
    score: int | None = None


@dataclass(frozen=True)
class ReferenceData:
    """A parsed reference-data file.

    ``lists`` maps a list name (GenderCode, AssessmentScoreCode, ScoreDomain)
    to its items in file order; ``unknown`` names the CodeTypes this core
    does not know, which a refresh ignores.
    """

    lists: dict[str, tuple[ReferenceItem, ...]]
    unknown: tuple[str, ...] = ()

    def code_type(self, list_name: str) -> str:
        """How the file names ``list_name`` (for a summary)."""
        if list_name in SCORE_LABELS:
            return SCORE_LABELS[list_name]
        return CODE_TYPES.get(list_name, list_name)


def _text(element, tag: str, *, required: bool = True) -> str:
    child = element.find(tag)
    if child is None:
        if required:
            raise ReferenceDataError(f"{element.tag} has no {tag}", element.sourceline)
        return ""
    value = " ".join((child.text or "").split())
    if required and not value:
        raise ReferenceDataError(f"{tag} is empty", child.sourceline)
    return value


def _order(item, position: int) -> int:
    child = item.find("OrderNumber")
    if child is None:
        return position
    text = (child.text or "").strip()
    if not text.isdigit():
        raise ReferenceDataError(
            f"OrderNumber {text!r} is not a whole number", child.sourceline
        )
    return int(text)


def _no_duplicates(items: list[ReferenceItem], what: str) -> None:
    seen: dict[str, int] = {}
    for item in items:
        if item.code in seen:
            raise ReferenceDataError(
                f"{what} {item.code} appears twice (first on line {seen[item.code]})",
                item.line,
            )
        seen[item.code] = item.line


def _code_list(element) -> tuple[str, list[ReferenceItem]]:
    code_type = (element.get("CodeType") or "").strip()
    if not code_type:
        raise ReferenceDataError(
            "ReferenceDataItems has no CodeType attribute", element.sourceline
        )
    items = []
    for position, item in enumerate(element.iterchildren("Item"), start=1):
        code = _text(item, "CodeValue")
        description = _text(item, "CodeDescription", required=False)
        items.append(
            ReferenceItem(
                code,
                description or code,
                _order(item, position),
                line=item.sourceline,
            )
        )
    if not items:
        # an empty list would archive every code of it: refuse rather than guess
        raise ReferenceDataError(
            f"CodeType {code_type} has no Item", element.sourceline
        )
    _no_duplicates(items, f"CodeValue of CodeType {code_type}:")
    return code_type, items


def _score(
    score_element, domain: str, score_type, applies_to, position
) -> ReferenceItem:
    code = _text(score_element, "ScoreCode")
    number = code[len(domain) :] if code.startswith(domain) else ""
    if not number.isdigit():
        raise ReferenceDataError(
            f"ScoreCode {code} is not its domain {domain} followed by the score",
            score_element.sourceline,
        )
    description = _text(score_element, "Description", required=False)
    return ReferenceItem(
        code,
        description or f"Score {int(number)}",
        position,
        line=score_element.sourceline,
        domain=domain,
        score_type=score_type,
        applies_to=applies_to,
        score=int(number),
    )


def _assessment_item(element, domains, scores) -> None:
    score_type = _text(element, "ScoreType")
    applies_to = _text(element, "ApplicableFor")
    if applies_to not in _APPLICABLE:
        raise ReferenceDataError(
            f"ApplicableFor {applies_to!r} is neither {' nor '.join(_APPLICABLE)}",
            element.find("ApplicableFor").sourceline,
        )
    wrapper = element.find("Domains")
    for domain_element in () if wrapper is None else wrapper.iterchildren("Domain"):
        domain = _text(domain_element, "DomainCode")
        domains.append(
            ReferenceItem(
                domain,
                _text(domain_element, "DomainDescription", required=False) or domain,
                len(domains) + 1,
                line=domain_element.sourceline,
                score_type=score_type,
                applies_to=applies_to,
            )
        )
        holder = domain_element.find("Scores")
        found = () if holder is None else list(holder.iterchildren("Score"))
        if not found:
            raise ReferenceDataError(
                f"Domain {domain} has no Score", domain_element.sourceline
            )
        for position, score in enumerate(found, start=1):
            scores.append(_score(score, domain, score_type, applies_to, position))


def _document(root) -> ReferenceData:
    if root.tag != "DEXReferenceData":
        hint = (
            " (this is a DEX upload file, not the reference data)"
            if root.tag == "DEXFileUpload"
            else ""
        )
        raise ReferenceDataError(
            f"the root element is {root.tag}, not DEXReferenceData{hint}",
            root.sourceline,
        )
    lists: dict[str, tuple[ReferenceItem, ...]] = {}
    where: dict[str, int] = {}
    unknown: list[str] = []
    domains: list[ReferenceItem] = []
    scores: list[ReferenceItem] = []
    for element in root:
        if not isinstance(element.tag, str):
            continue
        if element.tag == "ReferenceDataItems":
            code_type, items = _code_list(element)
            if code_type in where:
                raise ReferenceDataError(
                    f"CodeType {code_type} appears twice (first on line "
                    f"{where[code_type]})",
                    element.sourceline,
                )
            where[code_type] = element.sourceline
            name = _LIST_OF_TYPE.get(code_type)
            if name is None:
                unknown.append(code_type)
            else:
                lists[name] = tuple(items)
        elif element.tag == "AssessmentReferenceDataItems":
            for item in element.iterchildren("AssessmentReferenceDataItem"):
                _assessment_item(item, domains, scores)
        else:
            unknown.append(element.tag)
    if domains:
        _no_duplicates(domains, "DomainCode")
        _no_duplicates(scores, "ScoreCode")
        lists[SCORE_DOMAINS] = tuple(domains)
        lists[SCORE_CODES] = tuple(scores)
    if not lists and not unknown:
        raise ReferenceDataError("the file holds no reference data", root.sourceline)
    return ReferenceData(lists, tuple(unknown))


def parse_reference(data: bytes) -> ReferenceData:
    """Read reference-data file content; ReferenceDataError says why not."""
    if not data or not data.strip():
        raise ReferenceDataError("the file is empty")
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else None
        raise ReferenceDataError(f"not well-formed XML: {exc.msg}", line) from None
    return _document(root)


def read_reference_file(path: str | os.PathLike) -> ReferenceData:
    """Read the reference-data file at ``path``."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ReferenceDataError(f"cannot read the file: {exc}") from None
    return parse_reference(data)


# -- a refresh -------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class StoredCode:
    """A code as it is kept now (``description`` and ``order`` as shown)."""

    description: str
    order: int
    active: bool = True
    domain: str | None = None
    score_type: str | None = None
    applies_to: str | None = None


@dataclass
class ListChanges:
    """What a refresh does to one list."""

    added: list[ReferenceItem] = field(default_factory=list)
    changed: list[ReferenceItem] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.archived)


def _differs(stored: StoredCode, item: ReferenceItem) -> bool:
    if not stored.active:
        return True  # it comes back
    if (stored.description, stored.order) != (item.description, item.order):
        return True
    return any(
        wanted is not None and wanted != kept
        for wanted, kept in (
            (item.domain, stored.domain),
            (item.score_type, stored.score_type),
            (item.applies_to, stored.applies_to),
        )
    )


def plan_refresh(
    current: Mapping[str, Mapping[str, StoredCode]],
    reference: ReferenceData,
    lists: Iterable[str] | None = None,
) -> dict[str, ListChanges]:
    """{list name: ListChanges} to bring ``current`` in line with ``reference``.

    Only lists both in the file and in ``lists`` (default: those in
    ``current``) are touched: a list the file does not carry keeps its codes.
    A code the file no longer has is archived, never deleted; an archived code
    the file has again comes back (it is among ``changed``).
    """
    wanted = set(current if lists is None else lists)
    plan: dict[str, ListChanges] = {}
    for name, items in reference.lists.items():
        if name not in wanted:
            continue
        stored = current.get(name, {})
        changes = ListChanges()
        for item in items:
            kept = stored.get(item.code)
            if kept is None:
                changes.added.append(item)
            elif _differs(kept, item):
                changes.changed.append(item)
        present = {item.code for item in items}
        changes.archived = sorted(
            code for code, kept in stored.items() if kept.active and code not in present
        )
        plan[name] = changes
    return plan
