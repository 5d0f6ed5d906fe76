"""``wpskg init`` (wpskg.scaffold): a new data project that validates, builds and answers, made whole or not at all."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import filled_dcat

from wpskg import dcat
from wpskg.cli import main
from wpskg.errors import InputError, WpskgError
from wpskg.export import export
from wpskg.project import STOCK, Project, stock_root
from wpskg.scaffold import init, ontology_version
from wpskg.validate import validate

ROOT = Path(__file__).resolve().parent.parent


def files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def test_a_new_project_holds_the_stock_folders_and_validates_and_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "ie-wps"]) == 0
    made = tmp_path / "ie-wps"
    stock = stock_root()
    assert stock is not None
    for name in STOCK:
        assert files(made / name) == files(stock / name), name
    assert (made / "sources" / "CATALOG.md").read_text(encoding="utf-8").startswith("# Source documents")
    assert "| file | language |" in (made / "sources" / "CATALOG.md").read_text(encoding="utf-8")
    assert f"ontology {ontology_version(stock)}" in capsys.readouterr().out
    monkeypatch.chdir(made)
    report = validate(Project.locate())
    assert report.conforms(), [p.message for p in report.problems]
    assert {p.component for p in report.problems} == {"dcat-placeholder"}  # dcat.ttl's, until replaced
    assert main(["build"]) == 0
    assert (made / "dist" / "wpskg.ttl").is_file()
    assert capsys.readouterr().out.startswith("built dist/wpskg.ttl")
    assert main(["query", "plans", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("plan,country,")


def test_the_current_empty_folder_can_be_made_a_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    init(Path("."))
    assert {p.name for p in tmp_path.iterdir()} >= {*STOCK, "instances", "sources", "README.md"}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".") and p.name.endswith(".new")]


def test_a_folder_that_holds_anything_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(WpskgError, match="exists and is not an empty folder"):
        init(target)
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    with pytest.raises(WpskgError, match="does not exist"):
        init(tmp_path / "no" / "such" / "parent")


def test_a_failed_copy_leaves_no_project_and_no_staging_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def failing(src: Path, dst: Path, **kwargs: object) -> None:
        calls.append(src)
        if len(calls) == 2:
            raise OSError("disk full")
        shutil.copytree(src, dst, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("wpskg.scaffold.shutil.copytree", failing)
    with pytest.raises(WpskgError, match="cannot make the project: disk full"):
        init(tmp_path / "half")
    assert list(tmp_path.iterdir()) == []
    # an existing folder (staged inside it): left as it was, its .git too
    calls.clear()
    here = tmp_path / "repo"
    (here / ".git").mkdir(parents=True)
    with pytest.raises(WpskgError, match="disk full"):
        init(here)
    assert [p.name for p in here.iterdir()] == [".git"] and [p.name for p in tmp_path.iterdir()] == ["repo"]


def test_a_fresh_git_repository_can_be_made_a_project(tmp_path: Path) -> None:
    """Regression (review): `git init x && cd x && wpskg init .` was refused for its .git."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    init(tmp_path)
    assert (tmp_path / "ontology" / "wpskg.ttl").is_file()
    assert (tmp_path / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/main\n"


def test_a_link_to_nothing_is_an_error_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    assert main(["init", str(tmp_path / "dangling")]) == 2
    assert "dangling" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["dangling"]


def test_a_project_on_another_ontology_version_gets_a_warning_at_its_line(project_copy: Project) -> None:
    """Regression: a project whose ontology was older than the installed wpskg's got violations on
    terms it never wrote (wps:coversTheme from the build's inference), and no word about versions."""
    ontology = project_copy.root / "ontology" / "wpskg.ttl"
    text = ontology.read_text(encoding="utf-8")
    current = ontology_version(project_copy.root)
    assert current and text.count(f'owl:versionInfo "{current}"') == 1
    ontology.write_text(text.replace(f'owl:versionInfo "{current}"', 'owl:versionInfo "0.9.0"'), encoding="utf-8")
    line = text[: text.index("owl:versionInfo")].count("\n") + 1
    (found,) = [p for p in validate(project_copy).problems if p.component == "ontology-version"]
    assert (found.severity, found.file, found.line, found.value) == ("Warning", "ontology/wpskg.ttl", line, "0.9.0")
    assert f"comes with ontology {current}" in found.message
    ontology.write_text(text, encoding="utf-8")
    assert not [p for p in validate(project_copy).problems if p.component == "ontology-version"]


def test_a_new_project_cannot_publish_the_templates_placeholders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression (ministry coordinator): a project from `wpskg init` had no dcat.ttl, and its export
    described the data as wpskg's (publisher "wpskg contributors", CC BY 4.0) without a word."""
    made = init(tmp_path / "ie-wps")
    config = made / "dcat.ttl"
    assert config.read_text(encoding="utf-8") == dcat.template()
    project = Project(made)
    found = [p for p in validate(project).problems if p.component == "dcat-placeholder"]
    first = dcat.Settings.from_file(dcat.settings.TEMPLATE).placeholders
    assert [(p.severity, p.file, p.line, p.focus) for p in found] == [
        ("Warning", "dcat.ttl", p.line, p.what) for p in first
    ]
    assert found[0].focus == "https://data.ministry.example/wps/catalog"
    assert not validate(project).conforms(strict=True)
    with pytest.raises(InputError) as error:
        export(project, tmp_path / "out", ["ttl"])
    assert str(error.value).startswith(
        f"{config}:16: <https://data.ministry.example/wps/catalog> is a placeholder of the template: the .example "
    ), str(error.value)
    assert str(error.value).endswith(f"({len(first) - 1} more in the file)"), str(error.value)
    assert not (tmp_path / "out").exists()
    # Review: the template's licence is a choice to make, not a default that passes unseen; so are
    # (ministry audit, session 30) its dates, which were commented out, and the publisher's name.
    config.write_text(dcat.template().replace("ministry.example", "dfa.gov.ie"), encoding="utf-8")
    choices = [p for p in validate(project).problems if p.component == "dcat-placeholder"]
    assert [(p.line, p.focus) for p in choices] == [
        (21, "dct:license"),
        (27, "dct:issued"),
        (28, "dct:modified"),
        (40, "foaf:name"),
    ]
    assert choices[0].message.startswith("a choice the template leaves to you: choose your data's licence")
    assert choices[-1].message.startswith("a choice the template leaves to you: your organisation's name")
    with pytest.raises(InputError, match=r"dcat.ttl:21: a choice the template leaves to you"):
        export(project, tmp_path / "out", ["ttl"])
    # Replaced, the project validates strictly and publishes as the ministry's, with its dates.
    own = filled_dcat(dcat.template(), "dfa.gov.ie")
    config.write_text(own.replace("Ministry of Foreign Affairs", "Department of Foreign Affairs"), encoding="utf-8")
    assert validate(project).conforms(strict=True), [p.message for p in validate(project).problems]
    out = ["export", "--project", str(made), "--out", str(tmp_path / "out"), "--format", "ttl"]
    assert main([*out, "--base-url", "https://data.dfa.gov.ie/wps/"]) == 0
    assert "warning" not in capsys.readouterr().err
    catalogue = (tmp_path / "out" / "catalog.ttl").read_text(encoding="utf-8")
    assert "<https://data.dfa.gov.ie/wps/catalog>" in catalogue and "Department of Foreign Affairs" in catalogue
    assert "wpskg contributors" not in catalogue.split("dataset/ontology")[0]
    assert '"2026-01-15"^^xsd:date' in catalogue.split("dataset/ontology")[0], catalogue


@pytest.mark.parametrize(("issued", "warned"), [("2026-03-01", True), ("2026-01-15", False), ("2025", False)])
def test_a_release_dated_before_one_of_its_sources_is_warned(tmp_path: Path, issued: str, warned: bool) -> None:
    """Regression (ministry coordinator, session 32): next year's update added a source issued after
    dcat.ttl's dct:modified, and nothing said that the release kept last year's date."""
    made = init(tmp_path / "ie-wps")
    (made / "dcat.ttl").write_text(filled_dcat(dcat.template()), encoding="utf-8")  # modified 2026-01-15
    datatype = "gYear" if len(issued) == 4 else "date"
    (made / "instances" / "src.ttl").write_text(
        "@prefix wps: <https://w3id.org/wpskg/ont#> . @prefix dct: <http://purl.org/dc/terms/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        f'<https://data.dfa.ie/id/source/r> a wps:SourceDocument ; dct:issued "{issued}"^^xsd:{datatype} .\n',
        encoding="utf-8",
    )
    found = [p for p in validate(Project(made)).problems if p.component == "dcat-modified"]
    assert [(p.severity, p.file, p.line) for p in found] == ([("Warning", "dcat.ttl", 28)] if warned else [])
    if warned:
        assert found[0].message.startswith("dct:modified 2026-01-15 is earlier than the issue date 2026-03-01")


def test_a_project_without_dcat_ttl_is_told_its_catalogue_is_wpskgs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    made = init(tmp_path / "old")
    (made / "dcat.ttl").unlink()
    assert main(["export", "--project", str(made), "--out", str(tmp_path / "out"), "--format", "ttl"]) == 0
    err = capsys.readouterr().err
    assert "has no dcat.ttl, so the catalogue names wpskg contributors as the publisher" in err, err
    assert "wpskg dcat-template > dcat.ttl" in err
    assert main(["dcat-template"]) == 0
    assert capsys.readouterr().out == dcat.template()
    # wpskg's own project is wpskg's to describe: no note.
    own = Project(ROOT)
    assert own.is_stock and not (ROOT / "dcat.ttl").exists()
    assert export(own, tmp_path / "own", ["ttl"]).notes == []


def test_a_new_projects_peacekeeping_figures_answer_the_stored_query(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression (ministry coordinator): `peacekeeping` reads wpskg's own indicator, which was in
    the instances of one Belgian source, so a project's figures could not use it."""
    made = init(tmp_path / "ie-wps")
    (made / "instances" / "figures.ttl").write_text(
        """@prefix wps: <https://w3id.org/wpskg/ont#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://data.dfa.ie/id/figure/ie-peacekeeping-2024-01> a wps:ReportedFigure ;
    wps:indicator <https://w3id.org/wpskg/id/indicator/un-peacekeeping-personnel> ;
    wps:country <https://w3id.org/wpskg/vocab/country/BE> ; wps:date "2024-01"^^xsd:gYearMonth ; wps:value 340 .
""",
        encoding="utf-8",
    )
    assert main(["query", "peacekeeping", "--project", str(made), "--format", "csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[1:] == ["Belgium,2024-01,340,,,,,https://data.dfa.ie/id/figure/ie-peacekeeping-2024-01,,BE"], rows
    # the figure names an indicator that the project describes: no "points to … which no file describes"
    assert not [p for p in validate(Project(made)).violations if p.path == "wps:indicator"]
    (made / "ontology" / "vocab" / "indicators.ttl").unlink()  # as before 0.12.1: it was the Belgian data's
    (found,) = [p for p in validate(Project(made)).violations if p.path == "wps:indicator"]
    assert found.value == "ind:un-peacekeeping-personnel"


def test_a_publishing_project_that_mints_in_wpskgs_namespace_is_warned(tmp_path: Path) -> None:
    """Regression (ministry coordinator): a project that copied the guide's prefixes minted its plans
    and actors under https://w3id.org/wpskg/id/, a domain it does not control, and validated strictly."""
    made = init(tmp_path / "ie-wps")
    (made / "dcat.ttl").write_text(filled_dcat(dcat.template()), encoding="utf-8")
    facts = made / "instances" / "plan.ttl"
    text = """@prefix wps: <https://w3id.org/wpskg/ont#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix plan: <{base}plan/> . @prefix actor: <{base}actor/> .

actor:dfa a wps:GovernmentBody ; rdfs:label "Department of Foreign Affairs"@en .
plan:ie-nap-3 a wps:WPSNationalActionPlan ; rdfs:label "Ireland's third NAP"@en ; wps:coordinator actor:dfa .
"""
    facts.write_text(text.format(base="https://w3id.org/wpskg/id/"), encoding="utf-8")
    found = [p for p in validate(Project(made)).problems if p.component == "own-namespace"]
    assert [(p.severity, p.file, p.line, p.focus) for p in found] == [
        ("Warning", "instances/plan.ttl", 4, "https://w3id.org/wpskg/id/actor/dfa")
    ]
    assert "names Ministry of Foreign Affairs as its publisher" in found[0].message
    facts.write_text(text.format(base="https://data.dfa.ie/id/"), encoding="utf-8")
    assert not [p for p in validate(Project(made)).problems if p.component == "own-namespace"]
    # wpskg's own data, and a project that does not publish as itself (no dcat.ttl), are not warned
    facts.write_text(text.format(base="https://w3id.org/wpskg/id/"), encoding="utf-8")
    (made / "dcat.ttl").unlink()
    assert not [p for p in validate(Project(made)).problems if p.component == "own-namespace"]


def test_a_typo_in_a_projects_own_iri_is_a_violation(tmp_path: Path) -> None:
    """Regression (ministry audit, session 30): "points to …, which no file describes" covered
    wpskg's namespaces only, so a plan of a project's own whose period was period:2019-2042, where
    period:2019-2024 is described, validated strictly and had no period in any answer."""
    made = init(tmp_path / "ie-wps")
    text = """@prefix wps: <https://w3id.org/wpskg/ont#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dct: <http://purl.org/dc/terms/> . @prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix schema: <https://schema.org/> .
@prefix plan: <https://data.dfa.ie/id/plan/> . @prefix period: <https://data.dfa.ie/id/period/> .

period:2019-2024 a dct:PeriodOfTime ; dcat:startDate "2019"^^xsd:gYear ; dcat:endDate "2024"^^xsd:gYear .
plan:ie-nap-3 a wps:WPSNationalActionPlan ; rdfs:label "Ireland's third NAP"@en ;
    rdfs:seeAlso plan:ie-nap-2 ; schema:url <https://data.dfa.ie/id/plan/nap-3.pdf> ;
    dct:temporal period:{period} .
"""
    facts = made / "instances" / "plan.ttl"
    facts.write_text(text.replace("{period}", "2019-2042"), encoding="utf-8")
    found = [p for p in validate(Project(made)).violations if p.component == "undescribed-resource-violation"]
    assert [(p.file, p.line, p.path, p.value) for p in found] == [
        ("instances/plan.ttl", 9, "dct:temporal", "https://data.dfa.ie/id/period/2019-2042")
    ], [(p.file, p.line, p.path, p.value, p.message) for p in found]
    assert "did you mean https://data.dfa.ie/id/period/2019-2024?" in found[0].message, found[0].message
    facts.write_text(text.replace("{period}", "2019-2024"), encoding="utf-8")
    assert not [p for p in validate(Project(made)).violations if p.component == "undescribed-resource-violation"]
    # Review: the check took every IRI a JSON-LD file names (its context's xsd:, owl:, EU codes) for
    # the project's own, and gave 194 violations for docs/examples/unquantified-funding.jsonld; and
    # a web site's pages (a source at one URL, its earlier version at another) are not the project's.
    shutil.copy(ROOT / "docs" / "examples" / "unquantified-funding.jsonld", made / "instances")
    page = "https://www.gov.ie/en/publication/"
    (made / "instances" / "pages.ttl").write_text(
        f"<{page}nap3.pdf> a <http://xmlns.com/foaf/0.1/Document> ; "
        f"<http://www.w3.org/ns/prov#wasRevisionOf> <{page}nap2.pdf> .\n",
        encoding="utf-8",
    )
    own = [p for p in validate(Project(made)).problems if "where other resources of" in p.message]
    assert not own, [(p.file, p.line, p.value) for p in own]


def test_a_publishers_export_needs_its_own_base_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Regression (ministry coordinator, session 32): without --base-url, a ministry's catalogue pointed
    every download at wpskg's own folder (https://w3id.org/wpskg/dist/), and the export said nothing."""
    made = init(tmp_path / "ie-wps")
    (made / "dcat.ttl").write_text(filled_dcat(dcat.template()), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["--project", str(made), "export", "--out", str(out), "--format", "ttl"]) == 2
    err = capsys.readouterr().err
    assert "give --base-url" in err and "https://w3id.org/wpskg/dist/" in err and not out.exists()
    base = "https://data.example.ie/wps/"
    assert main(["--project", str(made), "export", "--out", str(out), "--format", "ttl", "--base-url", base]) == 0
    catalog = (out / "catalog.ttl").read_text(encoding="utf-8")
    assert f"<{base}wpskg.ttl>" in catalog and "w3id.org/wpskg/dist" not in catalog


def test_a_publishers_tables_are_not_described_with_wpskgs_examples(tmp_path: Path) -> None:
    """Regression (ministry coordinator): the --tables metadata of a ministry's export described its
    peacekeeping table with "Belgium: 5 in May 2023", a fact of wpskg's data, not of the ministry's."""
    import json

    from wpskg.queries import load_queries

    stored = load_queries(stock_root() / "queries")  # type: ignore[operator]
    assert stored["peacekeeping"].example.startswith("Belgium: 5 in May 2023")
    assert "Belgium" not in stored["peacekeeping"].description
    made = init(tmp_path / "ie-wps")
    (made / "dcat.ttl").write_text(filled_dcat(dcat.template()), encoding="utf-8")
    export(Project(made), tmp_path / "out", ["ttl"], tables=True, base_url="https://data.example.ie/wps/")
    described = json.loads((tmp_path / "out" / "wpskg-table-peacekeeping.csv-metadata.json").read_text())
    assert described["dc:description"] == stored["peacekeeping"].prose_for(examples=False)
    assert "Belgium: 5 in May 2023" not in (tmp_path / "out" / "catalog.ttl").read_text(encoding="utf-8")
    # wpskg's own export keeps it (docs/export.md shows it)
    own = export(Project(ROOT), tmp_path / "own", ["ttl"], tables=True)
    assert (
        own.files
        and "Belgium: 5 in May 2023" in (tmp_path / "own" / "wpskg-table-peacekeeping.csv-metadata.json").read_text()
    )
