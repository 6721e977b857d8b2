"""Command line of the DEX core.

``python -m group_dex_sessions.core validate FILE... [--submitted YYYY-MM-DD] [--json]``
    Prints one line per finding, ``FILE: ERROR|WARNING <record or path>: message``,
    then a summary line. Exit status: 0 when no file has an error (warnings are
    allowed), 1 when a file has an error, 2 when a file cannot be read or is
    not well-formed XML (reported like a finding, never as a traceback).
    ``--submitted`` enables the reporting-period checks against that date;
    ``--json`` prints one JSON document (findings per file and a summary).

``python -m group_dex_sessions.core slk FAMILY GIVEN YYYY-MM-DD SEX``
    Prints the SLK-581. Use ``""`` for a missing name; SEX is MALE, FEMALE,
    INTERSEX, NOTSTATED or 1, 2, 3, 9. Exit status 2, with the reason on
    standard error, when no valid key can be formed.
"""

# A command line's output is its result: print is the right tool here.
# pylint: disable=print-used

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from .errors import DexParseError, SlkError
from .slk import make_slk
from .validator import ERROR, WARNING, Finding, validate_file

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m group_dex_sessions.core",
        description="Validate DEX bulk-upload files and compute SLK-581 keys.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="validate DEX XML files")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument(
        "--submitted",
        type=_date,
        metavar="YYYY-MM-DD",
        help="submission date for the reporting-period checks",
    )
    check.add_argument("--json", action="store_true", help="print JSON")
    slk = commands.add_parser("slk", help="compute an SLK-581")
    slk.add_argument("family", metavar="FAMILY")
    slk.add_argument("given", metavar="GIVEN")
    slk.add_argument("birth_date", type=_date, metavar="YYYY-MM-DD")
    slk.add_argument("sex", metavar="SEX")
    return parser


def _check_one(path: str, submitted: dt.date | None) -> dict:
    try:
        findings = validate_file(path, submitted=submitted)
    except DexParseError as exc:
        failure = Finding(ERROR, "", "", str(exc), "unreadable")
        return {"file": path, "readable": False, "findings": [failure]}
    return {"file": path, "readable": True, "findings": findings}


def _count(results: list[dict], level: str) -> int:
    return sum(1 for r in results for f in r["findings"] if f.level == level)


def _summary(results: list[dict]) -> dict:
    unreadable = sum(1 for r in results if not r["readable"])
    with_errors = sum(
        1 for r in results if any(f.level == ERROR for f in r["findings"])
    )
    if unreadable:
        code = EXIT_UNREADABLE
    elif with_errors:
        code = EXIT_ERRORS
    else:
        code = EXIT_OK
    return {
        "files": len(results),
        "files_with_errors": with_errors,
        "unreadable": unreadable,
        "errors": _count(results, ERROR),
        "warnings": _count(results, WARNING),
        "exit_code": code,
    }


def _print_text(results: list[dict], summary: dict) -> None:
    for result in results:
        for finding in result["findings"]:
            where = finding.record or finding.path or "(file)"
            print(
                f"{result['file']}: {finding.level.upper()} {where}: {finding.message}"
            )
    print(
        f"{summary['files']} file(s) checked: {summary['errors']} error(s), "
        f"{summary['warnings']} warning(s), {summary['unreadable']} unreadable"
    )


def _validate(args: argparse.Namespace) -> int:
    results = [_check_one(path, args.submitted) for path in args.files]
    summary = _summary(results)
    if args.json:
        document = {
            "files": [
                {
                    "file": r["file"],
                    "readable": r["readable"],
                    "findings": [f.as_dict() for f in r["findings"]],
                }
                for r in results
            ],
            "summary": summary,
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        _print_text(results, summary)
    return summary["exit_code"]


def _slk(args: argparse.Namespace) -> int:
    try:
        key = make_slk(
            args.family or None, args.given or None, args.birth_date, args.sex
        )
    except SlkError as exc:
        print(f"cannot form an SLK: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(key)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "validate":
        return _validate(args)
    return _slk(args)


if __name__ == "__main__":
    sys.exit(main())
