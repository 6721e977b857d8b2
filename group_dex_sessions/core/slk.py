"""Statistical Linkage Key 581 (SLK-581), as used by DEX.

The key has 14 characters: 3 from the family name, 2 from the first given
name, the birth date as ``DDMMYYYY`` and one sex digit.

* Names are upper-cased and every character that is not a letter A-Z is
  deleted (spaces, hyphens, apostrophes, digits, accented letters ...).
* Family part: letters 2, 3 and 5; ``2`` for each missing position; ``999``
  when there is no family name. Given part: letters 2 and 3, ``2`` padding,
  ``99`` when there is no given name. ``None``, ``""`` or a blank string
  mean "no name".
* Sex digit: ``1`` male, ``2`` female, ``3`` intersex/indeterminate,
  ``9`` not stated. DEX ``GenderCode`` values (MALE, FEMALE, INTERSEX,
  NOTSTATED) and the digits themselves (as ``str`` or ``int``) are accepted.

A key that the DSS regular expression would reject is never returned:
:func:`make_slk` raises :class:`~.errors.SlkError` instead (a one-letter
name, a name without any letter A-Z, a year outside 1900-2999, an unknown
sex). A person with a single name (mononym) has that name entered as both
given and family name: use :func:`make_mononym_slk`.

Letters outside A-Z (``ê`` in "Tiên", or a name in another script) are
deleted like any other character: that is the rule as written. How DEX
itself treats them is not documented (it may read ``ê`` as ``E``), so
:func:`letters_note` describes, for a finding, what was done with them.

Public API: :func:`make_slk`, :func:`make_mononym_slk`, :func:`is_valid_slk`,
:func:`slk_problem`, :func:`sex_digit`, :func:`clean_name`,
:func:`letters_outside_a_z`, :func:`letters_note`, :data:`SLK_RE`.
"""

from __future__ import annotations

import datetime as dt
import re

from .errors import SlkError

# DSS published expression, with the stray comma of ``[A-Z,2]`` removed.
_DAY_MONTH = (
    r"(?:(?:0[1-9]|[12][0-9]|3[01])(?:0[13578]|1[02])"
    r"|(?:0[1-9]|[12][0-9]|30)(?:0[469]|11)"
    r"|(?:0[1-9]|[12][0-9])02)"
)
SLK_RE = re.compile(
    r"(?:999|[A-Z](?:22|[A-Z][A-Z2]))(?:99|[A-Z][A-Z2])"
    + _DAY_MONTH
    + r"(?:19|2[0-9])[0-9]{2}[1239]"
)

_SEX_DIGITS = {
    "MALE": "1",
    "FEMALE": "2",
    "INTERSEX": "3",
    "NOTSTATED": "9",
    "1": "1",
    "2": "2",
    "3": "3",
    "9": "9",
}
_NOT_LETTERS = re.compile(r"[^A-Z]")


def clean_name(name: str | None) -> str:
    """Upper-case ``name`` and keep only the letters A-Z."""
    if not name:
        return ""
    return _NOT_LETTERS.sub("", name.upper())


def letters_outside_a_z(name: str | None) -> str:
    """The letters of ``name`` that SLK-581 deletes (accented, other scripts)."""
    if not name:
        return ""
    found = dict.fromkeys(
        char for char in name if char.isalpha() and _NOT_LETTERS.search(char.upper())
    )
    return "".join(found)


def letters_note(label: str, name: str | None, *, key_sent: bool) -> str | None:
    """What happened to the letters outside A-Z of a name, or None if it has none.

    ``label`` names the field (GivenName); ``key_sent`` says whether the file
    carries the SLK this rule formed, or leaves DEX to derive it.
    """
    dropped = letters_outside_a_z(name)
    if not dropped:
        return None
    kept = clean_name(name) or "nothing"
    done = (
        f"the SLK in this file counts it as {kept}"
        if key_sent
        else f"by that rule it counts as {kept}"
    )
    return (
        f"{label} {name!r} has letters outside A-Z ({dropped}). SLK-581 keeps only "
        f"the letters A-Z and deletes the rest, so {done}. How DEX treats such "
        "letters is not documented (it may read an accented letter as the plain "
        "one), so the key DEX links the client by may differ: check the client's "
        "SLK in the DEX portal after the upload"
    )


def sex_digit(sex: str | int) -> str:
    """Map a GenderCode or SLK digit to the SLK sex digit, or raise SlkError."""
    digit = _SEX_DIGITS.get(str(sex).strip().upper())
    if digit is None:
        raise SlkError(
            f"invalid sex {sex!r}: use MALE, FEMALE, INTERSEX, NOTSTATED "
            "or the digit 1, 2, 3 or 9"
        )
    return digit


def _is_missing(name: str | None) -> bool:
    return name is None or not name.strip()


def _name_part(name: str | None, positions: tuple[int, ...], label: str) -> str:
    if _is_missing(name):
        return "9" * len(positions)
    letters = clean_name(name)
    if not letters:
        raise SlkError(f"{label} name {name!r} has no letter A-Z to build an SLK from")
    if len(letters) < 2:
        raise SlkError(
            f"{label} name {name!r} has a single letter; SLK-581 cannot encode it "
            "(DSS rejects a key whose name part starts with the padding digit 2)"
        )
    return "".join(letters[p - 1] if p <= len(letters) else "2" for p in positions)


def _date_part(birth_date: dt.date) -> str:
    if not isinstance(birth_date, dt.date) or isinstance(birth_date, dt.datetime):
        raise SlkError(f"birth date must be a date, not {birth_date!r}")
    if not 1900 <= birth_date.year <= 2999:
        raise SlkError(
            f"birth year {birth_date.year} is outside 1900-2999, which SLK-581 "
            "cannot encode"
        )
    return birth_date.strftime("%d%m") + f"{birth_date.year:04d}"


def make_slk(
    family_name: str | None,
    given_name: str | None,
    birth_date: dt.date,
    sex: str | int,
) -> str:
    """Return the 14-character SLK-581, or raise :class:`SlkError`."""
    key = (
        _name_part(family_name, (2, 3, 5), "family")
        + _name_part(given_name, (2, 3), "given")
        + _date_part(birth_date)
        + sex_digit(sex)
    )
    if not SLK_RE.fullmatch(key):  # defensive: never hand out an invalid key
        raise SlkError(f"computed key {key!r} does not match the DSS SLK format")
    return key


def make_mononym_slk(name: str, birth_date: dt.date, sex: str | int) -> str:
    """SLK for a person with a single name, used as both given and family name."""
    return make_slk(name, name, birth_date, sex)


def slk_problem(slk: str) -> str | None:
    """Plain-English reason ``slk`` is not a valid SLK-581, or ``None``."""
    if len(slk) != 14:
        return f"an SLK has 14 characters, this one has {len(slk)}"
    if not SLK_RE.fullmatch(slk):
        return "does not match the DSS SLK-581 format (upper-case letters, 2 and 9)"
    try:
        dt.date(int(slk[9:13]), int(slk[7:9]), int(slk[5:7]))
    except ValueError:
        return f"birth date part {slk[5:13]} is not a real date"
    return None


def is_valid_slk(slk: str) -> bool:
    """True when ``slk`` has the DSS format and a real birth date."""
    return slk_problem(slk) is None
