"""SLK-581 (SPEC section 6): worked examples, padding, missing names, errors."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from group_dex_sessions.core.errors import DexError, SlkError
from group_dex_sessions.core.slk import (
    SLK_RE,
    clean_name,
    is_valid_slk,
    make_mononym_slk,
    make_slk,
    sex_digit,
    slk_problem,
)

D = dt.date


@pytest.mark.parametrize(
    ("family", "given", "birth", "sex", "expected"),
    [
        # SPEC section 6 worked examples
        ("PERSON", "Test", D(1900, 1, 1), "MALE", "EROES010119001"),
        ("NG", "Tien", D(1980, 2, 1), "MALE", "G22IE010219801"),
        ("O'BRIEN-SMITH", "Mary-Jane", D(2000, 2, 29), "FEMALE", "BREAR290220002"),
        (None, "Jane", D(1971, 12, 31), "FEMALE", "999AN311219712"),
        ("LEE", "Al", D(1990, 11, 30), "3", "EE2L2301119903"),
        # derived by hand from the rules
        ("de la Cruz", "Jo-Anne", D(1955, 7, 9), "FEMALE", "ELCOA090719552"),
        ("Smith", None, D(2001, 10, 5), "NOTSTATED", "MIH99051020019"),
        (None, None, D(1999, 12, 31), 9, "99999311219999"),
        ("  Van der Berg  ", "Li", D(2999, 12, 31), "INTERSEX", "ANEI2311229993"),
        ("O'Neil", "Sam 2nd", D(1960, 6, 15), 1, "NELAM150619601"),
    ],
)
def test_known_keys(family, given, birth, sex, expected):
    assert make_slk(family, given, birth, sex) == expected
    assert is_valid_slk(expected)


def test_name_part_of_john_smith_from_ahsri():
    assert make_slk("SMITH", "John", D(1990, 1, 1), "MALE")[:5] == "MIHOH"


def test_blank_names_count_as_missing():
    assert make_slk("", "   ", D(1971, 12, 31), "FEMALE") == "99999311219712"


def test_mononym_uses_the_name_twice():
    assert make_mononym_slk("Madonna", D(1958, 8, 16), "FEMALE") == "ADNAD160819582"
    assert make_mononym_slk("Madonna", D(1958, 8, 16), "FEMALE") == make_slk(
        "Madonna", "Madonna", D(1958, 8, 16), "FEMALE"
    )


def test_punctuation_spaces_digits_and_case_are_ignored():
    assert clean_name(" o'b-r.i e2n ") == "OBRIEN"
    assert make_slk("o'brien", "mary jane", D(2000, 1, 1), 2) == make_slk(
        "OBRIEN", "MARYJANE", D(2000, 1, 1), 2
    )


@pytest.mark.parametrize(
    ("sex", "digit"),
    [
        ("MALE", "1"),
        ("FEMALE", "2"),
        ("INTERSEX", "3"),
        ("NOTSTATED", "9"),
        ("1", "1"),
        (2, "2"),
        ("3", "3"),
        (9, "9"),
        ("female", "2"),
    ],
)
def test_sex_as_gender_code_or_digit(sex, digit):
    assert sex_digit(sex) == digit


@pytest.mark.parametrize(
    ("family", "given", "birth", "sex", "reason"),
    [
        ("X", "Tien", D(1980, 2, 1), "MALE", "single letter"),
        ("NG", "J", D(1980, 2, 1), "MALE", "single letter"),
        ("李", "Tien", D(1980, 2, 1), "MALE", "no letter"),
        ("NG", "Tien", D(1899, 12, 31), "MALE", "1900-2999"),
        ("NG", "Tien", D(3000, 1, 1), "MALE", "1900-2999"),
        ("NG", "Tien", D(1980, 2, 1), "M", "invalid sex"),
        ("NG", "Tien", D(1980, 2, 1), 4, "invalid sex"),
        ("NG", "Tien", dt.datetime(1980, 2, 1, 10, 0), "MALE", "must be a date"),
    ],
)
def test_impossible_keys_raise_a_clear_error(family, given, birth, sex, reason):
    with pytest.raises(SlkError, match=reason) as info:
        make_slk(family, given, birth, sex)
    assert isinstance(info.value, DexError)


@pytest.mark.parametrize(
    ("slk", "reason"),
    [
        ("EROES01011900", "14 characters"),
        ("eroes010119001", "format"),
        ("E,OES010119001", "format"),  # the comma typo of the DSS regex is fixed
        ("2ROES010119001", "format"),
        ("E2RES010119001", "format"),
        ("EROES010118991", "format"),
        ("EROES010119004", "format"),
        ("EROES310419001", "format"),
        ("EROES290219011", "not a real date"),  # the regex alone lets 29/02/1901 pass
    ],
)
def test_invalid_keys_are_explained(slk, reason):
    problem = slk_problem(slk)
    assert problem is not None and reason in problem
    assert not is_valid_slk(slk)


def test_leap_day_in_leap_year_is_valid():
    assert is_valid_slk("EROES290220001")


names = st.one_of(st.none(), st.text(max_size=12))


@settings(max_examples=150, deadline=None)
@given(
    names,
    names,
    st.dates(D(1850, 1, 1), D(3100, 12, 31)),
    st.sampled_from(["MALE", "FEMALE", "INTERSEX", "NOTSTATED", "X", 1, 5]),
)
def test_never_returns_an_invalid_key(family, given_name, birth, sex):
    try:
        key = make_slk(family, given_name, birth, sex)
    except SlkError:
        return
    assert SLK_RE.fullmatch(key) and is_valid_slk(key)
