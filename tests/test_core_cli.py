"""Command line, run as a user would: ``python -m group_dex_sessions.core``."""

import json
import re
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent
LINE = re.compile(
    r"^(?P<file>.+?): (?P<level>ERROR|WARNING) (?P<where>.+?): (?P<msg>.+)$"
)


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "group_dex_sessions.core", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_valid_file_exits_0_with_a_summary():
    result = run("validate", DATA / "golden_group_session.xml")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines() == [
        "1 file(s) checked: 0 error(s), 0 warning(s), 0 unreadable"
    ]


def test_warnings_alone_exit_0(tmp_path):
    data = (DATA / "golden_group_session.xml").read_text(encoding="utf-8")
    data = data.replace(
        "<HouseholdCompositionCode>",
        "<IsHomeless>false</IsHomeless><HouseholdCompositionCode>",
        1,
    )
    path = tmp_path / "warning.xml"
    path.write_text(data, encoding="utf-8")
    result = run("validate", path)
    assert result.returncode == 0
    first = LINE.match(result.stdout.splitlines()[0])
    assert first and first["level"] == "WARNING" and first["where"] == "Client CL-0001"
    assert "0 error(s), 1 warning(s)" in result.stdout


def test_errors_exit_1_one_line_per_finding():
    path = DATA / "invalid_rules.xml"
    result = run("validate", path, DATA / "golden_group_session.xml")
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    findings, summary = lines[:-1], lines[-1]
    assert len(findings) == 5
    for line in findings:
        match = LINE.match(line)
        assert match and match["file"] == str(path) and match["level"] == "ERROR"
    assert any("GROUP" in line for line in findings)
    assert summary == "2 file(s) checked: 5 error(s), 0 warning(s), 0 unreadable"


def test_unreadable_file_exits_2_and_is_reported_without_traceback():
    result = run(
        "validate",
        DATA / "golden_group_session.xml",
        DATA / "not_well_formed.xml",
        DATA / "missing.xml",
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert f"{DATA / 'not_well_formed.xml'}: ERROR (file): not well-formed XML" in (
        result.stdout
    )
    assert f"{DATA / 'missing.xml'}: ERROR (file): cannot read file" in result.stdout
    assert "2 unreadable" in result.stdout


def test_submitted_enables_reporting_period_checks():
    golden = DATA / "golden_group_session.xml"
    assert run("validate", "--submitted", "2024-07-30", golden).returncode == 0
    late = run("validate", "--submitted", "2024-07-31", golden)
    assert late.returncode == 1
    assert "closed on 2024-07-30" in late.stdout
    bad = run("validate", "--submitted", "31/07/2024", golden)
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr


def test_json_output():
    result = run(
        "validate",
        "--json",
        DATA / "invalid_postcode.xml",
        DATA / "not_well_formed.xml",
    )
    assert result.returncode == 2
    document = json.loads(result.stdout)
    first, second = document["files"]
    assert first["readable"] is True
    assert first["findings"][0]["level"] == "error"
    assert first["findings"][0]["record"] == "Client CL-0009"
    assert first["findings"][0]["rule"] == "schema"
    assert second["readable"] is False
    assert document["summary"] == {
        "files": 2,
        "files_with_errors": 2,
        "unreadable": 1,
        "errors": 2,
        "warnings": 0,
        "exit_code": 2,
    }


def test_slk_command():
    result = run("slk", "O'BRIEN-SMITH", "Mary-Jane", "2000-02-29", "FEMALE")
    assert (result.returncode, result.stdout) == (0, "BREAR290220002\n")
    assert run("slk", "", "Jane", "1971-12-31", "2").stdout == "999AN311219712\n"
    assert run("slk", "LEE", "Al", "1990-11-30", "3").stdout == "EE2L2301119903\n"


def test_impossible_slk_exits_2_with_a_message():
    result = run("slk", "X", "Jane", "1971-12-31", "FEMALE")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "single letter" in result.stderr and "Traceback" not in result.stderr
    result = run("slk", "NG", "Tien", "1980-02-30", "MALE")
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr


def test_a_score_error_names_the_assessment(tmp_path):
    data = (DATA / "golden_group_score.xml").read_text(encoding="utf-8")
    assert run("validate", DATA / "golden_group_score.xml").returncode == 0
    path = tmp_path / "score.xml"
    path.write_text(data.replace(">ORGSKILLS3<", ">HOUSING3<"), encoding="utf-8")
    result = run("validate", path)
    assert result.returncode == 1
    first = LINE.match(result.stdout.splitlines()[0])
    assert first["where"] == "SessionAssessment GRP-COOK-2024H1/SES-000101"
    assert "scores the CIRCUMSTANCES domain HOUSING" in first["msg"]
