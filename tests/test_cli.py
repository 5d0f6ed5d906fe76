"""The command line: exit codes, report formats, errors without tracebacks, and data projects."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from wpskg.cli import main, parser
from wpskg.errors import WpskgError
from wpskg.project import Project

BROKEN = """@prefix wps: <https://w3id.org/wpskg/ont#> .
@prefix fund: <https://w3id.org/wpskg/id/funding/> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

fund:broken-example a wps:Funding ;
    rdfs:label "A funding with no funder"@en ;
    schema:amount [ a schema:MonetaryAmount ; schema:value 10.00 ; schema:currency "EUR" ] .
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def broken(project_copy: Project) -> Path:
    path = project_copy.root / "instances" / "broken.ttl"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def test_shipped_instances_validate(capsys: pytest.CaptureFixture[str], project: Project) -> None:
    code, out, _ = run(capsys, "validate", "--project", str(project.root))
    assert code == 0, out
    assert out.strip().endswith("conforms")


def test_violation_names_file_line_label_path_and_message(
    capsys: pytest.CaptureFixture[str], project_copy: Project, broken: Path
) -> None:
    code, out, _ = run(capsys, "validate", "--project", str(project_copy.root), str(broken))
    assert code == 1
    assert "instances/broken.ttl:6: Violation: fund:broken-example (A funding with no funder)" in out
    assert "path: schema:funder" in out
    assert "A funding needs a funder" in out
    assert "does not conform" in out


def test_json_report(capsys: pytest.CaptureFixture[str], project_copy: Project, broken: Path) -> None:
    code, out, _ = run(capsys, "validate", "--project", str(project_copy.root), "--format", "json", str(broken))
    report = json.loads(out)
    assert code == 1 and report["conforms"] is False
    funder = [p for p in report["problems"] if p["path"] == "schema:funder"]
    assert funder == [
        {
            "severity": "Violation",
            "focus": "fund:broken-example",
            "label": "A funding with no funder",
            "path": "schema:funder",
            "value": None,
            "message": funder[0]["message"],
            "file": "instances/broken.ttl",
            "line": 6,
            "source": None,
            "component": "sh:MinCountConstraintComponent",
        }
    ]


def test_junit_report(capsys: pytest.CaptureFixture[str], project_copy: Project, broken: Path) -> None:
    code, out, _ = run(capsys, "validate", "--project", str(project_copy.root), "--format", "junit", str(broken))
    root = ElementTree.fromstring(out)
    failures = root.findall(".//failure")
    assert code == 1
    assert int(root.get("failures")) == len(failures) >= 1
    assert any("schema:funder" in (tc.get("name") or "") for tc in root.iter("testcase"))


def test_github_annotations(capsys: pytest.CaptureFixture[str], project_copy: Project, broken: Path) -> None:
    code, out, _ = run(capsys, "validate", "--project", str(project_copy.root), "--format", "github", str(broken))
    assert code == 1
    assert any(
        line.startswith("::error file=instances/broken.ttl,line=6,") and "A funding needs a funder" in line
        for line in out.splitlines()
    )


def test_unreadable_files_are_in_the_ci_report_and_all_of_them(
    capsys: pytest.CaptureFixture[str], project_copy: Project, tmp_path: Path
) -> None:
    """Regression (curator audit, session 31): a Turtle syntax error gave only a line on stderr: no
    ::error annotation, no JUnit file (so the workflow's upload failed), and of two broken files
    only the first was reported."""
    instances = project_copy.root / "instances"
    (instances / "a.ttl").write_text("@prefix ex: <https://example.org/> .\nex:a ex:b ex:c\n", encoding="utf-8")
    (instances / "b.ttl").write_text('@prefix ex: <https://example.org/> .\n\nex:a ex:b "open .\n', encoding="utf-8")
    code, out, err = run(capsys, "validate", "--project", str(project_copy.root), "--format", "github")
    assert code == 2
    annotations = [line for line in out.splitlines() if line.startswith("::error ")]
    assert [line.split(",title=")[0] for line in annotations] == [
        "::error file=instances/a.ttl,line=3",
        "::error file=instances/b.ttl,line=3",
    ], out
    assert "instances/a.ttl" in err and "instances/b.ttl" in err, err
    report = tmp_path / "r.xml"
    code, _, _ = run(
        capsys, "validate", "--project", str(project_copy.root), "--format", "junit", "--output", str(report)
    )
    assert code == 2
    failures = ElementTree.parse(report).getroot().findall(".//failure")
    assert len(failures) == 2
    # Review: run from a folder of the project, the files were named twice (instances/instances/a.ttl).
    here = Path.cwd()
    os.chdir(instances)
    try:
        code, out, _ = run(capsys, "validate", "--format", "github")
    finally:
        os.chdir(here)
    assert [line.split(",line=")[0] for line in out.splitlines()] == [
        "::error file=instances/a.ttl",
        "::error file=instances/b.ttl",
    ], out
    # Review: a mistake in dcat.ttl hid the unreadable files; both are reported in one run.
    (project_copy.root / "dcat.ttl").write_text("@prefix dcat: <http://www.w3.org/ns/dcat#> .\n[] a dcat:Catalog .\n")
    code, out, err = run(capsys, "validate", "--project", str(project_copy.root), "--format", "github")
    assert code == 2 and [line.split(",line=")[0] for line in out.splitlines()] == [
        "::error file=dcat.ttl",
        "::error file=instances/a.ttl",
        "::error file=instances/b.ttl",
    ], out


def test_warnings_fail_only_when_strict(capsys: pytest.CaptureFixture[str], project_copy: Project) -> None:
    path = project_copy.root / "instances" / "warn.ttl"
    path.write_text(
        BROKEN.replace(
            'rdfs:label "A funding with no funder"@en ;', "schema:funder <https://w3id.org/wpskg/id/actor/belgium> ;"
        )
        + "<https://w3id.org/wpskg/id/claim/warn> a wps:Claim ; wps:claimSubject fund:broken-example ;"
        " wps:claimProperty <https://schema.org/amount> ;"
        " <http://www.w3.org/ns/prov#wasDerivedFrom> <https://w3id.org/wpskg/id/source/be-nap4-country-page.en> ;"
        ' wps:quote "Belgium adopted their fourth National Action Plan in 2022"@en .\n',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "validate", "--project", str(project_copy.root), str(path))
    assert code == 0 and "Warning" in out, out
    code, out, _ = run(capsys, "validate", "--project", str(project_copy.root), "--strict", str(path))
    assert code == 1


def test_malformed_turtle_gives_file_line_column_and_exit_2(
    capsys: pytest.CaptureFixture[str], project_copy: Project
) -> None:
    path = project_copy.root / "instances" / "bad.ttl"
    path.write_text('@prefix ex: <https://example.org/> .\nex:a ex:b "c" .\nex:d ex:e ex:f ex:g .\n', encoding="utf-8")
    code, _, err = run(capsys, "validate", "--project", str(project_copy.root), str(path))
    assert code == 2
    assert "instances/bad.ttl:3:" in err
    assert "Traceback" not in err


def test_ill_typed_literal_is_an_input_error(capsys: pytest.CaptureFixture[str], project_copy: Project) -> None:
    path = project_copy.root / "instances" / "date.ttl"
    path.write_text(
        "@prefix ex: <https://example.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\n"
        'ex:a ex:date "2024-02-30"^^xsd:date .\n',
        encoding="utf-8",
    )
    code, _, err = run(capsys, "validate", "--project", str(project_copy.root), str(path))
    assert code == 2
    assert 'instances/date.ttl:4: ill-typed literal "2024-02-30"^^xsd:date' in err


def test_unreadable_file_exit_2(capsys: pytest.CaptureFixture[str], project: Project, tmp_path: Path) -> None:
    code, _, err = run(capsys, "validate", "--project", str(project.root), str(tmp_path / "missing.ttl"))
    assert code == 2 and "missing.ttl" in err


def test_not_a_project_is_reported(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "validate", "--project", str(tmp_path))
    assert code == 2 and "not a data project" in err


def test_current_folder_is_the_project(project_copy: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project_copy.root)
    assert Project.locate().root == project_copy.root


def test_queries_lists_stored_queries(capsys: pytest.CaptureFixture[str], project: Project) -> None:
    code, out, _ = run(capsys, "queries", "--project", str(project.root))
    assert code == 0
    assert "funders:" in out and "--param country=<country>" in out


def test_queries_name_describes_one_query(capsys: pytest.CaptureFixture[str], project: Project) -> None:
    """Regression: no command said what a query's rows are or which columns it gives."""
    code, out, _ = run(capsys, "queries", "funders", "--project", str(project.root))
    assert code == 0
    assert out.startswith("funders: Who funds WPS work")
    assert "One row per funding" in out and "Columns: funding, funder, recipient, amount" in out
    assert "countries, themes (joined with ', ')" in out
    assert any(line.split()[:1] == ["funding"] and "IRI" in line for line in out.splitlines())
    code, _, err = run(capsys, "queries", "fundrs", "--project", str(project.root))
    assert code == 2 and "Did you mean funders" in err


def test_query_without_a_name_lists_the_queries(capsys: pytest.CaptureFixture[str], project: Project) -> None:
    """Regression: `wpskg query` alone said only that a name is required."""
    code, out, err = run(capsys, "query", "--project", str(project.root))
    assert code == 2 and out == ""
    assert "name a stored query: actions, actors, conflicts" in err and "funders" in err
    code, _, err = run(capsys, "query", "funder", "--project", str(project.root))
    assert code == 2 and "no stored query 'funder'. Did you mean funders?" in err


def test_headline_query_answers_who_funds_gbv_in_mali(capsys: pytest.CaptureFixture[str], project: Project) -> None:
    code, out, _ = run(
        capsys,
        "query",
        "funders",
        "--project",
        str(project.root),
        "--param",
        "country=ML",
        "--param",
        "theme=gbv",
        "--format",
        "json",
    )
    rows = json.loads(out)
    assert code == 0
    by_recipient = {r["recipient"]: r for r in rows}
    assert by_recipient["Handicap International"]["amount"] in ("950000", "950000.00")
    assert "ML" in by_recipient["Handicap International"]["countries"]
    assert all("ML" in r["countries"] for r in rows)
    assert all(r["source_file"] and r["quote"] for r in rows)


def test_unknown_country_lists_valid_codes_and_exits_2(capsys: pytest.CaptureFixture[str], project: Project) -> None:
    code, _, err = run(capsys, "query", "funders", "--project", str(project.root), "--param", "country=Atlantis")
    assert code == 2
    assert "no country 'Atlantis' in the graph" in err and "ML" in err


def test_unknown_parameter_is_refused(capsys: pytest.CaptureFixture[str], project: Project) -> None:
    code, _, err = run(capsys, "query", "funders", "--project", str(project.root), "--param", "colour=red")
    assert code == 2 and "no parameter 'colour'" in err


def test_adhoc_sparql(capsys: pytest.CaptureFixture[str], project: Project) -> None:
    code, out, _ = run(
        capsys,
        "sparql",
        "--project",
        str(project.root),
        "--format",
        "csv",
        "SELECT ?n WHERE { <https://w3id.org/wpskg/vocab/resolution/1325> <https://w3id.org/wpskg/ont#resolutionNumber> ?n }",
    )
    assert code == 0 and out.splitlines() == ["n", "1325"]


def test_adhoc_sparql_from_the_exported_graph_name_reads_the_local_graph(
    capsys: pytest.CaptureFixture[str], project: Project
) -> None:
    """Regression: FROM <https://w3id.org/wpskg/graph>, the graph of the exported N-Quads, gave no rows."""
    query = (
        "SELECT ?n FROM <https://w3id.org/wpskg/graph> WHERE "
        "{ <https://w3id.org/wpskg/vocab/resolution/1325> <https://w3id.org/wpskg/ont#resolutionNumber> ?n }"
    )
    code, out, _ = run(capsys, "sparql", "--project", str(project.root), "--format", "csv", query)
    assert code == 0 and out.splitlines() == ["n", "1325"]


@pytest.mark.parametrize(
    ("clause", "message"),
    [
        (
            "FROM <https://w3id.org/wpskg/id/plan>",
            "FROM <https://w3id.org/wpskg/id/plan>: the local store has no such graph",
        ),
        ("FROM NAMED <https://w3id.org/wpskg/graph>", "the local store has no named graphs"),
    ],
)
def test_adhoc_sparql_from_a_graph_the_store_lacks_is_an_error(
    capsys: pytest.CaptureFixture[str], project: Project, clause: str, message: str
) -> None:
    code, out, err = run(capsys, "sparql", "--project", str(project.root), f"SELECT * {clause} WHERE {{ ?s ?p ?o }}")
    assert code == 2 and message in err and out == ""


def test_adhoc_sparql_service_is_refused(capsys: pytest.CaptureFixture[str], project: Project) -> None:
    code, _, err = run(
        capsys,
        "sparql",
        "--project",
        str(project.root),
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    )
    assert code == 2 and "SERVICE is refused" in err


def test_query_files_that_cannot_be_read_or_parsed_are_named(
    capsys: pytest.CaptureFixture[str], project: Project, tmp_path: Path
) -> None:
    latin1, syntax = tmp_path / "latin1.rq", tmp_path / "syntax.rq"
    latin1.write_bytes("SELECT * WHERE { ?s ?p 'café' }".encode("latin-1"))
    syntax.write_text("SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  BIND(1 AS 2)\n}\n", encoding="utf-8")
    expected = {
        tmp_path / "missing.rq": f"{tmp_path / 'missing.rq'}: cannot read the query: No such file or directory",
        latin1: f"{latin1}:1:28: not valid UTF-8 (byte 0xe9)",
        syntax: f"{syntax}:4:13: syntax error in the query: expected",
    }
    for path, message in expected.items():
        code, out, err = run(capsys, "sparql", "--project", str(project.root), "--file", str(path))
        assert (code, out) == (2, ""), err
        assert err.startswith(f"wpskg: {message}") and "Traceback" not in err, err


def test_a_broken_stored_query_fails_the_build_and_names_its_line(
    capsys: pytest.CaptureFixture[str], project_copy: Project
) -> None:
    root = str(project_copy.root)
    broken = project_copy.query_dir / "broken.rq"
    broken.write_text("#+ summary: broken\nSELECT ?s\nWHERE {\n  ?s ?p ?o .\n  BIND(1 AS 2)\n}\n", encoding="utf-8")
    code, _, err = run(capsys, "build", "--project", root)
    assert code == 2 and err.startswith("wpskg: queries/broken.rq:5:13: syntax error in the query"), err
    assert not project_copy.dist_dir.exists()
    code, _, err = run(capsys, "query", "broken", "--project", root)
    assert code == 2 and err.startswith(f"wpskg: {broken}:5:13: syntax error in the query"), err
    broken.write_text("#+ columns: [subject]\nSELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s\n", encoding="utf-8")
    code, _, err = run(capsys, "build", "--project", root)
    assert code == 2 and "queries/broken.rq: the #+ header names the columns subject, but the query selects s" in err
    broken.unlink()
    assert run(capsys, "build", "--project", root)[0] == 0


def test_a_broken_violation_check_names_its_line(capsys: pytest.CaptureFixture[str], project_copy: Project) -> None:
    check = project_copy.root / "shapes" / "broken-violation.rq"
    check.write_text("# a check with a syntax error\nSELECT ?focus WHERE {\n  BIND(1 AS 2)\n}\n", encoding="utf-8")
    for command in ("validate", "build"):
        code, _, err = run(capsys, command, "--project", str(project_copy.root))
        assert code == 2 and err.startswith(f"wpskg: {check}:3:13: syntax error in the query: expected"), err
        assert "Traceback" not in err and len(err) < 400, err


BROKEN_SHAPE = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix wps: <https://w3id.org/wpskg/ont#> .
@prefix wpsh: <https://w3id.org/wpskg/shapes#> .

wpsh:BrokenShape a sh:NodeShape ;
    sh:targetClass wps:Plan ;
    sh:sparql [
        a sh:SPARQLConstraint ;
        sh:message "A SPARQL constraint with a syntax error." ;
        sh:prefixes <https://w3id.org/wpskg/shapes> ;
        sh:select \"\"\"
            SELECT $this WHERE {
              $this wps:quote
            }\"\"\" ] .
"""


@pytest.mark.parametrize("engine", ["compiled", "pyshacl"])
def test_a_shape_whose_sparql_does_not_parse_is_named(
    capsys: pytest.CaptureFixture[str], project_copy: Project, engine: str
) -> None:
    (project_copy.root / "shapes" / "broken.ttl").write_text(BROKEN_SHAPE, encoding="utf-8")
    code, _, err = run(capsys, "validate", "--project", str(project_copy.root), "--engine", engine)
    expected = "wpskg: shapes/broken.ttl:5: wpsh:BrokenShape: its sh:select query does not parse: line 4, column 13:"
    assert code == 2 and err.startswith(expected), err
    assert "Traceback" not in err and len(err) < 400, err


def test_an_output_that_cannot_be_written_is_named(
    capsys: pytest.CaptureFixture[str], project: Project, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    commands = {
        blocker / "rows.csv": ["query", "timeline", "--project", str(project.root), "--format", "csv", "-o"],
        blocker / "dist": ["build", "--project", str(project.root), "--no-cache", "--out"],
        blocker / "export": ["export", "--project", str(project.root), "--out"],
        blocker / "synth.ttl": ["synth", "--plans", "1", "--out"],
    }
    for target, args in commands.items():
        code, _, err = run(capsys, *args, str(target))
        assert code == 2 and f"{target}: cannot write: " in err and "Traceback" not in err, (args, err)
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_an_output_in_a_missing_folder_is_refused(
    capsys: pytest.CaptureFixture[str], project: Project, tmp_path: Path
) -> None:
    """Regression: `-o /nonexistent/x.csv` made the folder and exited 0, so a mistyped path went unnoticed."""
    target = tmp_path / "typo" / "rows.csv"
    for args in (["query", "timeline"], ["validate"], ["sparql", "ASK {}"]):
        code, _, err = run(capsys, *args, "--project", str(project.root), "-o", str(target))
        assert code == 2 and f"{target}: cannot write: {target.parent} does not exist" in err, (args, err)
    assert not target.parent.exists()


def test_a_broken_catalogue_description_fails_validate_and_build(
    capsys: pytest.CaptureFixture[str], project_copy: Project
) -> None:
    """Regression: a mistake in dcat.ttl passed `wpskg validate` and `wpskg build` (exit 0) and came
    to light only at export, after CI had passed."""
    example = Path(__file__).resolve().parent.parent / "docs" / "examples" / "dcat.ttl"
    settings = project_copy.root / "dcat.ttl"
    settings.write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = run(capsys, "validate", "--project", str(project_copy.root))
    assert code == 0, err
    text = settings.read_text(encoding="utf-8")
    line = next(row for row in text.splitlines() if row.strip().startswith("dct:publisher"))
    settings.write_text(text.replace(line, ""), encoding="utf-8")
    for command in ("validate", "build"):
        code, _, err = run(capsys, command, "--project", str(project_copy.root))
        assert code == 2 and "dcat.ttl:" in err and "dct:publisher" in err, (command, err)


def test_build_writes_dist_and_failed_build_keeps_it(
    capsys: pytest.CaptureFixture[str], project_copy: Project, broken: Path
) -> None:
    broken.rename(broken.with_suffix(".off"))
    code, out, _ = run(capsys, "build", "--project", str(project_copy.root))
    assert code == 0, out
    dist = project_copy.root / "dist" / "wpskg.ttl"
    # Regression: it said "built dist/wpskg.ttl", relative to the project, not to where the user is.
    assert out.startswith(f"built {dist.resolve()}: ")
    good = dist.read_bytes()
    assert b"plan:be-wps-nap-3" in good
    broken.with_suffix(".off").rename(broken)
    code, _, err = run(capsys, "build", "--project", str(project_copy.root))
    assert code == 1 and f"violation(s); the previous {dist.parent.resolve()} is untouched" in err
    assert dist.read_bytes() == good
    assert sorted(p.name for p in (project_copy.root / "dist").iterdir()) == ["build.json", "wpskg.ttl"]


def test_build_is_deterministic(capsys: pytest.CaptureFixture[str], project_copy: Project, tmp_path: Path) -> None:
    outs = []
    for seed in ("1", "2"):
        out_dir = tmp_path / f"out{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "wpskg", "build", "--project", str(project_copy.root), "--out", str(out_dir)],
            check=True,
            env=env,
            capture_output=True,
        )
        outs.append((out_dir / "wpskg.ttl").read_bytes())
    assert outs[0] == outs[1]


def test_python_m_wpskg_runs() -> None:
    done = subprocess.run([sys.executable, "-m", "wpskg", "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.startswith("wpskg ")


def test_version_names_the_ontology_it_comes_with(capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: --version gave the package's version alone, so a data project could not tell
    which ontology the installed wpskg's inference and checks are written for."""
    from wpskg import __version__
    from wpskg.project import stock_root
    from wpskg.scaffold import ontology_version

    root = stock_root()
    assert root is not None
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"wpskg {__version__} (ontology {ontology_version(root)})\n"


@pytest.mark.parametrize("value", ["0", "-3", "two"])
def test_serve_workers_must_be_a_positive_whole_number(capsys: pytest.CaptureFixture[str], value: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--workers", value])
    assert exit_.value.code == 2
    assert f"argument --workers: expected a whole number of at least 1, got '{value}'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "plans", "--timeout", "0"], "argument --timeout: expected a number of seconds above 0, got '0'"),
        (["sparql", "ASK {}", "--timeout", "-1"], "argument --timeout: expected a number of seconds above 0, got '-1'"),
        (["serve", "--timeout", "nan"], "argument --timeout: expected a number of seconds above 0, got 'nan'"),
        (["push", "--endpoint", "http://127.0.0.1:9/", "--timeout", "inf"], "got 'inf'"),
        (["query", "plans", "--max-rows", "0"], "argument --max-rows: expected a whole number of at least 1, got '0'"),
        (["serve", "--max-rows", "-5"], "argument --max-rows: expected a whole number of at least 1, got '-5'"),
    ],
)
def test_limits_must_be_above_zero(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_a_parameter_given_twice_is_refused(capsys: pytest.CaptureFixture[str], project: Project) -> None:
    args = ["query", "plans", "--project", str(project.root), "--param", "country=BE", "--param", "country=NL"]
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, "")
    assert "--param country is given twice ('BE' and 'NL'); give it once" in err


def test_a_strict_build_that_fails_on_warnings_says_so(
    capsys: pytest.CaptureFixture[str], project_copy: Project, tmp_path: Path
) -> None:
    """Regression: it said "build failed: 0 violation(s); the previous dist/ is untouched", and
    named dist/ whatever --out was."""
    out = tmp_path / "elsewhere"
    code, _, err = run(capsys, "build", "--project", str(project_copy.root), "--strict", "--out", str(out))
    assert code == 1 and not out.exists()
    assert re.search(
        rf"build failed: 0 violation\(s\) and [1-9]\d* warning\(s\), which fail a strict build; "
        rf"the previous {re.escape(str(out.resolve()))} is untouched",
        err,
    ), err


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_serve_refuses_a_port_out_of_range(capsys: pytest.CaptureFixture[str], port: str) -> None:
    """Regression: --port 99999 ended in an OverflowError traceback."""
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--port", port])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and f"expected a port from 0 to 65535, got '{port}'" in err and "Traceback" not in err


UNDECLARED = """PREFIX wps: <https://w3id.org/wpskg/ont#>
SELECT * { ?f wps:funder ?x ;
  wps:recipent ?y ; wps:recipient ?z }"""


def test_sparql_warns_of_a_wps_term_the_ontology_does_not_declare(capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: an ad-hoc query with wps:funder (for schema:funder) answered no rows and said
    nothing, while the stored queries are checked for such terms."""
    assert main(["sparql", UNDECLARED, "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == "f,x,y,z"
    assert err.splitlines() == [
        "wpskg: warning: line 2: the ontology does not declare wps:funder, so it matches nothing: "
        "did you mean schema:funder?",
        "wpskg: warning: line 3: the ontology does not declare wps:recipent, so it matches nothing: "
        "did you mean wps:recipient?",
    ]
    assert main(["sparql", "PREFIX wps: <https://w3id.org/wpskg/ont#> ASK { ?f wps:recipient ?x }"]) == 0
    assert "warning" not in capsys.readouterr().err


def test_sparql_on_an_endpoint_warns_before_it_sends(capsys: pytest.CaptureFixture[str]) -> None:
    """The same warning for a remote endpoint, from the project's ontology, before the query is sent."""
    assert main(["sparql", UNDECLARED, "--endpoint", "http://127.0.0.1:9/sparql", "--timeout", "5"]) != 0
    err = capsys.readouterr().err
    assert "line 2: the ontology does not declare wps:funder" in err


def test_queries_in_half_a_project_is_an_error_not_the_stock_queries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression (review): in a folder with ontology/ and queries/ only, `wpskg queries` listed
    wpskg's own queries and `query mine --endpoint` said there was no query mine."""
    (tmp_path / "ontology").mkdir()
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "mine.rq").write_text("SELECT * { ?s ?p ?o }\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["queries"]) == 2
    assert "not a data project (missing instances/, shapes/)" in capsys.readouterr().err
    assert main(["query", "mine", "--endpoint", "http://127.0.0.1:9/sparql"]) == 2
    assert "not a data project" in capsys.readouterr().err


def test_sparql_on_an_endpoint_goes_on_when_the_local_ontology_is_broken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression (review): the undeclared-term warning loaded the local ontology first, and a syntax
    error in it stopped a query meant for the endpoint."""
    root = Project.locate().root
    shutil.copytree(root / "ontology", tmp_path / "ontology")
    for name in ("queries", "instances", "shapes"):
        (tmp_path / name).mkdir()
    with (tmp_path / "ontology" / "wpskg.ttl").open("a", encoding="utf-8") as f:
        f.write("\nthis is not turtle\n")
    monkeypatch.chdir(tmp_path)
    main(["sparql", UNDECLARED, "--endpoint", "http://127.0.0.1:9/sparql", "--timeout", "5"])
    err = capsys.readouterr().err
    assert "not turtle" not in err and "wpskg.ttl" not in err and "not a data project" not in err
    assert "127.0.0.1:9" in err  # it went on to the endpoint, which is not there


def test_sparql_refuses_a_query_and_a_file_together(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Regression: given both, it ran the file and ignored the text."""
    query = tmp_path / "q.rq"
    query.write_text("ASK {}", encoding="utf-8")
    code, _, err = run(capsys, "sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--file", str(query))
    assert code == 2 and "give a query or --file FILE, not both" in err


def test_every_option_and_argument_says_what_it_is_for() -> None:
    """Regression: `wpskg validate --help` showed FILE and --format with no help, as did four more."""
    top = parser()
    (commands,) = [a for a in top._actions if isinstance(a, argparse._SubParsersAction)]
    silent = [
        f"{name} {action.dest}"
        for name, sub in commands.choices.items()
        for action in sub._actions
        if not isinstance(action, argparse._HelpAction) and not action.help
    ]
    assert len(commands.choices) >= 10
    assert silent == []


def test_an_output_in_the_projects_inputs_is_refused(project_copy, capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: ``wpskg validate -o instances/actors.ttl`` (a report name forgotten) overwrote the
    curated actors with the report, and the next command failed on them."""
    actors = project_copy.root / "instances" / "actors.ttl"
    before = actors.read_bytes()
    for args in (
        ["validate", "-o", str(actors)],
        ["query", "plans", "--format", "csv", "-o", str(project_copy.root / "queries" / "x.rq")],
        ["sparql", "ASK {}", "-o", str(project_copy.root / "sources" / "x.txt")],
    ):
        assert main([*args, "--project", str(project_copy.root)]) == 2, args
        err = capsys.readouterr().err
        assert "refused: it is in the project's" in err and "which wpskg reads" in err, err
    assert actors.read_bytes() == before
    assert not (project_copy.root / "queries" / "x.rq").exists()


def test_output_to_dev_stdout_reaches_the_pipe(tmp_path: Path) -> None:
    """Regression: ``--output /dev/stdout | head`` failed ("cannot write: …/fd/pipe:[…]"), since the
    link was followed to a name that cannot be renamed over."""
    done = subprocess.run(
        [sys.executable, "-m", "wpskg", "query", "plans", "--format", "csv", "--output", "/dev/stdout"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("plan,")


def test_an_empty_parameter_is_an_error_not_any_value(capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: ``-p country=$COUNTRY`` with the variable unset gave every country's funders."""
    assert main(["query", "funders", "-p", "country=", "--format", "csv"]) == 2
    assert "--param country= has no value; give one, or leave the parameter out" in capsys.readouterr().err


def test_a_subfolder_of_a_project_finds_that_project(project_copy, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: in ``myproject/instances`` wpskg silently answered from its own repository's data."""
    monkeypatch.chdir(project_copy.root / "instances" / "be-mfa-press-2025-11-24.nl")
    assert Project.locate().root == project_copy.root.resolve()
    assert Project(str(project_copy.root)).instance_files  # a str root, as Project.locate takes


def test_a_missing_project_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(WpskgError, match="no such folder"):
        Project.locate(tmp_path / "nowhere")
    (tmp_path / "half" / "ontology").mkdir(parents=True)
    with pytest.raises(WpskgError, match=r"not a data project \(missing instances/, shapes/, queries/\)"):
        Project.locate(tmp_path / "half")


@pytest.mark.parametrize("fmt", ["text", "junit", "github"])
def test_control_characters_in_the_data_stay_out_of_reports(
    capsys: pytest.CaptureFixture[str], project_copy: Project, broken: Path, fmt: str
) -> None:
    """Regression: a label with a control character made the JUnit report ill-formed XML (a CI
    reader could not load it), and ESC sequences in the text report reached the terminal."""
    broken.write_text(BROKEN.replace("A funding with no funder", "A funding\x01 with\x1b[2J no funder"), "utf-8")
    code, out, _ = run(capsys, "validate", "--project", str(project_copy.root), "--format", fmt, str(broken))
    assert code == 1
    assert "\x01" not in out and "\x1b" not in out
    if fmt == "junit":
        root = ElementTree.fromstring(out)
        assert "value=None" not in out and int(root.get("failures")) >= 1
    if fmt == "text":
        assert "(A funding\\x01 with\\x1b[2J no funder)" in out


def test_an_empty_output_name_is_an_error_not_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: ``--output "$REPORT"`` with the variable unset wrote the report to stdout, exit 0."""
    assert main(["query", "plans", "--format", "csv", "--output", ""]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "--output needs a file name" in captured.err


def test_a_query_from_standard_input_and_an_ask_as_sparql_json() -> None:
    """``--file -`` read a file named "-"; an ASK with ``--format sparql-json`` printed a bare ``true``."""
    done = subprocess.run(
        [sys.executable, "-m", "wpskg", "sparql", "--file", "-", "--format", "sparql-json"],
        input="ASK { ?s a <https://w3id.org/wpskg/ont#Plan> }",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"head": {}, "boolean": True}


def test_a_format_for_rows_is_refused_for_a_graph_answer(capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: ``wpskg sparql 'CONSTRUCT …' --format csv`` printed Turtle with exit 0."""
    assert main(["sparql", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1", "--format", "csv"]) == 2
    assert "--format csv is for SELECT and ASK answers" in capsys.readouterr().err


def test_an_output_that_links_into_the_inputs_or_is_the_catalogue_settings_is_refused(
    project_copy: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: ``--output plans-link.ttl``, a link to instances/plans.ttl, overwrote the plans
    (only the folder was resolved); ``-o dcat.ttl`` overwrote the catalogue settings."""
    monkeypatch.chdir(project_copy.root)
    plans = project_copy.root / "instances" / "plans.ttl"
    before = plans.read_bytes()
    (project_copy.root / "plans-link.ttl").symlink_to("instances/plans.ttl")
    for output in ("plans-link.ttl", "dcat.ttl"):
        assert main(["sparql", "ASK {}", "--output", output]) == 2
        assert "refused" in capsys.readouterr().err
    assert plans.read_bytes() == before and not (project_copy.root / "dcat.ttl").exists()


def test_output_to_dev_stdout_appends_to_the_file_stdout_appends_to(tmp_path: Path) -> None:
    """Regression: with stdout appended to a file, ``--output /dev/stdout`` renamed a new file over
    it: what the file held before, and what the shell wrote after, were lost."""
    log = tmp_path / "app.txt"
    log.write_text("prior line\n")
    with log.open("a") as out:
        done = subprocess.run(
            [sys.executable, "-m", "wpskg", "sparql", "ASK {}", "--output", "/dev/stdout"],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
        )
        out.write("end\n")
    assert done.returncode == 0, done.stderr
    assert log.read_text() == "prior line\ntrue\nend\n"


def test_a_query_from_standard_input_is_read_as_a_file_is() -> None:
    """Regression: ``--file -`` kept a byte-order mark (a syntax error at 1:8) and a byte that is not
    UTF-8 gave a UnicodeEncodeError traceback."""
    run_ = [sys.executable, "-m", "wpskg", "sparql", "--file", "-"]
    done = subprocess.run(run_, input=b"\xef\xbb\xbfASK {}", capture_output=True, timeout=300)
    assert done.returncode == 0 and done.stdout == b"true\n", done.stderr
    done = subprocess.run(run_, input=b'ASK { ?s ?p "\xe9" }', capture_output=True, timeout=300)
    assert done.returncode == 2 and b"<stdin>:1:14: not valid UTF-8 (byte 0xe9)" in done.stderr


_INTERRUPT_ON_IMPORT = """
import builtins, os, signal, sys
real = builtins.__import__
def interrupting(name, *args, **kwargs):
    if name == "rdflib":
        os.kill(os.getpid(), signal.SIGINT)
    return real(name, *args, **kwargs)
builtins.__import__ = interrupting
from wpskg.cli import main
sys.exit(main(["validate"]))
"""


def test_ctrl_c_while_the_command_starts_is_reported_in_one_line() -> None:
    """Regression: a Ctrl-C during the first imports (rdflib, pyoxigraph) printed a traceback."""
    done = subprocess.run([sys.executable, "-c", _INTERRUPT_ON_IMPORT], capture_output=True, text=True, timeout=120)
    assert done.returncode == 130, done.stderr
    assert done.stderr == "wpskg: interrupted\n"


def test_importing_the_package_does_not_load_its_public_api_until_used() -> None:
    code = "import sys, wpskg; print('rdflib' in sys.modules); wpskg.validate; print('rdflib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]


@pytest.mark.parametrize(
    "code",
    [
        "from wpskg import build, validate, export; import inspect; assert all(map(inspect.isfunction, (build, validate, export)))",
        "import wpskg.export, wpskg.validate; from wpskg import validate, export; import inspect; "
        "assert inspect.isfunction(validate) and inspect.isfunction(export)",
        "import wpskg, types; assert isinstance(wpskg.store, types.ModuleType) and wpskg.queries.run",
        "from wpskg import *; import inspect; assert inspect.isfunction(validate) and Project",
        "import wpskg; assert not hasattr(wpskg, 'nope')",
    ],
)
def test_the_lazy_package_gives_its_functions_and_its_submodules(code: str) -> None:
    """Regression (review): once the package imported its API lazily, ``from wpskg import build, validate``
    gave the submodule for validate, and ``wpskg.store`` was an AttributeError."""
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)


def test_project_may_come_before_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: ``wpskg --project DIR query plans`` was "invalid choice: 'DIR'"."""
    assert parser().parse_args(["--project", "A", "queries"]).project == "A"
    assert parser().parse_args(["queries", "--project", "B"]).project == "B"
    assert parser().parse_args(["--project", "A", "queries", "--project", "B"]).project == "B"  # the later wins
    assert parser().parse_args(["queries"]).project is None
    assert parser().parse_args(["synth", "--plans", "1", "--out", "x.ttl"]).project is None
    assert main(["--project", str(tmp_path / "missing"), "queries"]) == 2
    assert f"{tmp_path / 'missing'}: no such folder (--project)" in capsys.readouterr().err
