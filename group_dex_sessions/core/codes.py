"""DEX reference-data code lists, loaded from the CSV files in ``core/codes``.

Every CSV has at least the columns ``code,description,source``; the file name
is the XML element that carries the code (``GenderCode.csv`` ...).

Public API:

* :func:`code_list(name)` - ``frozenset`` of codes for one list (cached).
* :func:`available_lists()` - names of the lists shipped with the addon.
* :class:`CodeLists` - a lookup object used by the validator; built from the
  shipped CSVs by default, with optional ``extra`` codes per list so an
  administrator can add values DSS introduced after the snapshot, ``retired``
  codes (still accepted, but withdrawn from DSS's reference data) and
  ``scores``: what extra AssessmentScoreCodes measure.
* :func:`score_catalogue()` - ``{AssessmentScoreCode: ScoreInfo}`` from the
  shipped ``AssessmentScoreCode.csv``: the SCORE domain a code scores, its
  score type (GROUP, CIRCUMSTANCES ...) and whether it is for a session or a
  client.
* :data:`CLOSED_LISTS` - the lists the validator treats as closed. The file
  ``ServiceTypeId_examples.csv`` is deliberately absent: service types depend
  on the program activity and the file only holds examples.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CODES_DIR = Path(__file__).resolve().parent / "codes"

#: Lists that are examples only and must never be used to reject a value.
EXAMPLE_ONLY = frozenset({"ServiceTypeId_examples"})


@cache
def code_list(name: str) -> frozenset[str]:
    """Return the codes of list ``name`` (e.g. ``"GenderCode"``)."""
    path = CODES_DIR / f"{name}.csv"
    if not path.is_file():
        raise KeyError(f"no DEX code list named {name!r}")
    with path.open(encoding="utf-8", newline="") as handle:
        return frozenset(
            row["code"].strip() for row in csv.DictReader(handle) if row["code"].strip()
        )


def available_lists() -> tuple[str, ...]:
    """Names of every code list shipped in ``core/codes``."""
    return tuple(sorted(p.stem for p in CODES_DIR.glob("*.csv")))


CLOSED_LISTS = frozenset(set(available_lists()) - EXAMPLE_ONLY)

#: Who a SCORE score type is for, as DSS's reference data says (ApplicableFor).
FOR_SESSION, FOR_CLIENT = "Session", "Client"


@dataclass(frozen=True, slots=True)
class ScoreInfo:
    """What one AssessmentScoreCode scores."""

    domain: str
    score_type: str
    applies_to: str  # FOR_SESSION or FOR_CLIENT


@cache
def score_catalogue() -> dict[str, ScoreInfo]:
    """``{AssessmentScoreCode: ScoreInfo}`` of the shipped SCORE codes."""
    path = CODES_DIR / "AssessmentScoreCode.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["code"].strip(): ScoreInfo(
                row["domain_code"].strip(),
                row["score_type"].strip(),
                row["applicable_for"].strip(),
            )
            for row in csv.DictReader(handle)
            if row["code"].strip()
        }


class CodeLists:
    """Closed code lists used to check values, optionally extended.

    ``extra`` maps a list name to additional accepted codes; ``retired`` maps
    a list name to codes DSS withdrew from its reference data (still accepted:
    the validator warns about them); ``scores`` maps further
    AssessmentScoreCodes to their :class:`ScoreInfo`.
    """

    def __init__(
        self,
        extra: Mapping[str, Iterable[str]] | None = None,
        *,
        retired: Mapping[str, Iterable[str]] | None = None,
        scores: Mapping[str, ScoreInfo] | None = None,
    ):
        self._extra = {k: frozenset(v) for k, v in (extra or {}).items()}
        self._retired = {k: frozenset(v) for k, v in (retired or {}).items() if v}
        self._scores = {**score_catalogue(), **(scores or {})}
        self._cache: dict[str, frozenset[str]] = {}

    def codes(self, name: str) -> frozenset[str]:
        """All accepted codes of list ``name``."""
        found = self._cache.get(name)
        if found is None:
            base = code_list(name) if name in CLOSED_LISTS else frozenset()
            found = base | self._extra.get(name, frozenset())
            self._cache[name] = found
        return found

    def is_valid(self, name: str, value: str) -> bool:
        """True when ``value`` is one of the codes of list ``name``."""
        return value in self.codes(name)

    def is_retired(self, name: str, value: str) -> bool:
        """True when DSS withdrew ``value`` from list ``name``."""
        return bool(self._retired) and value in self._retired.get(name, ())

    def score_info(self, score_code: str) -> ScoreInfo | None:
        """What ``score_code`` scores, or None for a code no list knows."""
        return self._scores.get(score_code)

    def score_types_for(self, applies_to: str) -> frozenset[str]:
        """The score types DSS takes for a session, or for a client."""
        key = f"score types for {applies_to}"
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = frozenset(
                info.score_type
                for info in self._scores.values()
                if info.applies_to == applies_to
            )
        return found
