"""The stored queries' answers as CSV on the Web tables (wpskg.tables, wpskg export --tables)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import csvw
import pytest
import rdflib

from wpskg import datatypes, queries, tables
from wpskg.cli import main
from wpskg.export import export
from wpskg.project import Project
from wpskg.store import Graph

ROOT = Path(__file__).resolve().parent.parent
BASE_URL = "https://data.example.org/wps/"
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
FOAF = rdflib.Namespace("http://xmlns.com/foaf/0.1/")
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
GRAPH_DATASET = rdflib.URIRef("https://w3id.org/wpskg/dataset/graph")


@pytest.fixture(scope="module")
def stored() -> dict[str, queries.StoredQuery]:
    return queries.load_queries(ROOT / "queries")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tables") / "dist"
    export(Project(ROOT), out, ["ttl"], base_url=BASE_URL, tables=True)
    return out


def expected_tables(stored: dict[str, queries.StoredQuery]) -> list[tuple[str, dict[str, str]]]:
    """(query, parameters) of each table: the queries that need no parameter, one per value of a table_per."""
    found = []
    for name, q in sorted(stored.items()):
        if any(p.required for p in q.params):
            continue
        per = q.table_per
        found += [(name, {per: v}) for v in q.param(per).values] if per else [(name, {})]
    return found


def test_every_query_without_a_required_parameter_has_a_table(exported: Path, stored: dict) -> None:
    expected = expected_tables(stored)
    names = [tables.file_name(q, params) for q, params in expected]
    assert "wpskg-table-funders.csv" in names and "wpskg-table-plans.csv" in names
    assert not any("provenance" in n for n in names)
    # funding-totals: one table per grouping
    assert "wpskg-table-funding-totals-by-theme.csv" in names and "wpskg-table-funding-totals.csv" not in names
    written = sorted(p.name for p in exported.glob("wpskg-table-*"))
    assert written == sorted(names + [n + "-metadata.json" for n in names])


def test_each_table_is_valid_csvw_and_holds_the_querys_answer(
    exported: Path, graph: Graph, stored: dict[str, queries.StoredQuery]
) -> None:
    for name, params in expected_tables(stored):
        csv_file = exported / tables.file_name(name, params)
        meta = csv_file.with_name(csv_file.name + "-metadata.json")
        # The validating CSVW processor of the csvw library: the metadata, the header and every
        # cell against its column's datatype.
        processor = csvw.CSVW(url=str(csv_file), md_url=str(meta), validate=True)
        assert processor.is_valid, (name, processor.warnings)
        assert not processor.warnings, (name, processor.warnings)
        found = queries.run(stored[name], graph, params).result
        with csv_file.open(encoding="utf-8", newline="") as f:
            assert list(csv.reader(f)) == list(csv.reader(io.StringIO(_csv(found))))
        described = json.loads(meta.read_text(encoding="utf-8"))
        assert [c["name"] for c in described["tableSchema"]["columns"]] == found.variables == stored[name].columns
        assert [c["dc:description"] for c in described["tableSchema"]["columns"]] == [
            stored[name].column_descriptions[c] for c in stored[name].columns
        ]
        assert described["dc:title"].startswith(stored[name].summary)
        assert all(f"{k}={v}" in described["dc:title"] for k, v in params.items())
        assert described["url"] == csv_file.name


def _csv(found: object) -> str:
    from wpskg.results import to_csv

    return to_csv(found.variables, found.rows)  # type: ignore[attr-defined]


def test_amounts_read_back_exactly_as_decimals(exported: Path) -> None:
    table = csvw.Table.from_file(exported / "wpskg-table-funders.csv-metadata.json")
    rows = list(table.iterdicts(strict=True))
    # anyURI cells are read as rfc3986 URI references
    amounts = {r["funding"].unsplit().rsplit("/", 1)[-1]: r["amount"] for r in rows}
    # "de financiering van het project Custodians for Peace, voor een bedrag van 324.219,9 EUR (2019-2021)"
    assert amounts["be-femwise-africa-custodians-for-peace"] == Decimal("324219.9")
    assert all(a is None or isinstance(a, Decimal) for a in amounts.values())
    # A ceiling has no exact amount: max_amount holds it.
    unfpa = next(r for r in rows if r["funding"].unsplit().endswith("/be-unfpa-earmarked"))
    assert unfpa["amount"] is None and unfpa["max_amount"] == Decimal("2000000")


def test_list_cells_read_back_as_lists(exported: Path) -> None:
    table = csvw.Table.from_file(exported / "wpskg-table-funders.csv-metadata.json")
    rows = {r["funding"].unsplit().rsplit("/", 1)[-1]: r for r in table.iterdicts(strict=True)}
    # "UNICEF met 15.000.000 EUR per jaar": a core contribution on two themes, and no country
    assert rows["be-unicef-core"]["themes"] == ["gbv", "srhr"]
    assert rows["be-unicef-core"]["countries"] is None or rows["be-unicef-core"]["countries"] == []
    assert rows["be-unicef-core"]["funder"] == ["Belgium"]
    plans = csvw.Table.from_file(exported / "wpskg-table-plans.csv-metadata.json")
    nap3 = next(r for r in plans.iterdicts(strict=True) if r["plan"].unsplit().endswith("/be-wps-nap-3"))
    assert len(nap3["source_file"]) == 3 and "be-nap3-final-report-2017-2021.nl.txt" in nap3["source_file"]


def test_column_datatypes_are_the_declared_ones(exported: Path, stored: dict[str, queries.StoredQuery]) -> None:
    def described(name: str) -> dict[str, object]:
        meta = json.loads((exported / f"wpskg-table-{name}.csv-metadata.json").read_text(encoding="utf-8"))
        return {c["name"]: c["datatype"] for c in meta["tableSchema"]["columns"]}

    funders = described("funders")
    assert (funders["funding"], funders["amount"], funders["funder"]) == ("anyURI", "decimal", "string")
    plans = described("plans")
    # Adoption dates come at the sources' precision (gYear, gYearMonth or date), declared as text of
    # one of three forms, whatever the data of the day holds.
    assert plans["adopted"] == {
        "base": "string",
        "format": "^(?:-?[0-9]{4}|-?[0-9]{4}-[0-9]{2}|-?[0-9]{4}-[0-9]{2}-[0-9]{2})$",
    }
    assert plans["ordinal"] == "integer"
    # Every table column has its query's declared datatype.
    for name, params in expected_tables(stored):
        meta = json.loads((exported / (tables.file_name(name, params) + "-metadata.json")).read_text(encoding="utf-8"))
        for c in meta["tableSchema"]["columns"]:
            assert c["datatype"] == datatypes.csvw(stored[name].datatype(c["name"])), (name, c["name"])


def test_a_value_of_another_datatype_stops_the_export(
    project_copy: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The metadata would say what is not so: the export fails, names the query file, column, row
    and value, and leaves the previous export as it was."""
    out = tmp_path / "dist"
    args = ["export", "--project", str(project_copy.root), "--out", str(out), "--format", "ttl", "--tables"]
    assert main(args) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    rq = project_copy.query_dir / "funders.rq"
    rq.write_text(rq.read_text(encoding="utf-8").replace("#+   amount: decimal\n", "#+   amount: integer\n"))
    capsys.readouterr()
    assert main(args) != 0
    err = capsys.readouterr().err
    assert str(rq) in err and "column amount is declared integer (#+ datatypes), but row " in err
    assert "^^<http://www.w3.org/2001/XMLSchema#decimal>" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_the_metadata_carries_the_catalogues_licence(exported: Path) -> None:
    described = json.loads((exported / "wpskg-table-gaps.csv-metadata.json").read_text(encoding="utf-8"))
    catalog = rdflib.Graph().parse(exported / "catalog.ttl")
    licence = catalog.value(rdflib.URIRef("https://w3id.org/wpskg/catalog"), DCT.license)
    assert described["dc:license"] == {"@id": str(licence)}


def test_the_metadata_of_a_table_with_quotes_says_they_stay_under_their_sources_terms(exported: Path) -> None:
    """Regression (researcher, session 28): the tables' licence covered the quotes of third-party
    documents without a word."""
    rights = {}
    for path in sorted(exported.glob("wpskg-table-*.csv-metadata.json")):
        described = json.loads(path.read_text(encoding="utf-8"))
        names = [c["name"] for c in described["tableSchema"]["columns"]]
        rights[path.name] = (any(n.startswith("quote") for n in names), described.get("dc:rights"))
    assert any(quoted for quoted, _ in rights.values()) and not all(quoted for quoted, _ in rights.values())
    for name, (quoted, said) in rights.items():
        assert said == (tables.QUOTES_RIGHTS if quoted else None), name
    # and the catalogue says the same of each table's distribution (session 32's review: every table
    # had the graph's statement, the quotes' and the ontology's, where its metadata said nothing)
    catalog = rdflib.Graph().parse(exported / "catalog.ttl")
    label = rdflib.URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    for name, (quoted, _) in rights.items():
        csv_url = next(
            u for u in catalog.objects(None, DCAT.downloadURL) if str(u).endswith(name.removesuffix("-metadata.json"))
        )
        dist = catalog.value(None, DCAT.downloadURL, csv_url)
        statement = catalog.value(dist, DCT.rights)
        assert (statement is not None) is quoted, name
        assert statement is None or "quotes" in str(catalog.value(statement, label)), name


def test_each_table_is_a_distribution_of_the_graph_with_its_size_checksum_and_metadata(exported: Path) -> None:
    catalog = rdflib.Graph().parse(exported / "catalog.ttl")
    for csv_file in sorted(exported.glob("wpskg-table-*.csv")):
        dist = rdflib.URIRef(f"https://w3id.org/wpskg/distribution/{csv_file.name}")
        assert (GRAPH_DATASET, DCAT.distribution, dist) in catalog
        data = csv_file.read_bytes()
        assert int(catalog.value(dist, DCAT.byteSize)) == len(data)
        checksum = catalog.value(dist, SPDX.checksum)
        assert str(catalog.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
        assert str(catalog.value(dist, DCAT.downloadURL)) == BASE_URL + csv_file.name
        assert str(catalog.value(dist, DCAT.mediaType)).endswith("/text/csv")
        assert str(catalog.value(dist, DCT["format"])).endswith("/file-type/CSV")
        assert str(catalog.value(dist, FOAF.page)) == BASE_URL + csv_file.name + "-metadata.json"
        assert catalog.value(dist, DCT.license) is not None
    # A table is no RDF dump of the graph.
    dumps = {str(o) for o in catalog.objects(GRAPH_DATASET, rdflib.URIRef("http://rdfs.org/ns/void#dataDump"))}
    assert dumps == {BASE_URL + "wpskg.ttl"}


def test_an_export_without_tables_removes_those_of_the_previous_one(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    export(Project(ROOT), out, ["nt"], base_url=BASE_URL, tables=True)
    assert (out / "wpskg-table-plans.csv").is_file()
    (out / "README.md").write_text("the publisher's own file\n", encoding="utf-8")
    export(Project(ROOT), out, ["nt"], base_url=BASE_URL)
    assert not list(out.glob("wpskg-table-*"))
    assert (out / "README.md").is_file()
    assert "text/csv" not in (out / "catalog.ttl").read_text(encoding="utf-8")


def test_cli_export_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "dist"
    assert main(["export", "--project", str(ROOT), "--out", str(out), "--format", "ttl", "--tables"]) == 0
    printed = capsys.readouterr().out.split()
    assert str(out / "wpskg-table-funders.csv") in printed
    assert str(out / "wpskg-table-funders.csv-metadata.json") in printed


def test_the_example_in_the_docs_is_what_the_export_writes(exported: Path) -> None:
    """docs/export.md shows the peacekeeping table and its metadata word for word."""
    text = (ROOT / "docs" / "export.md").read_text(encoding="utf-8")
    shown_csv = text.split("```csv\n", 1)[1].split("```", 1)[0]
    shown_json = text.split("```json\n", 1)[1].split("```", 1)[0]
    written = (exported / "wpskg-table-peacekeeping.csv").read_bytes().decode("utf-8")
    assert shown_csv == written.replace("\r\n", "\n"), "update the table shown in docs/export.md"
    metadata = (exported / "wpskg-table-peacekeeping.csv-metadata.json").read_text(encoding="utf-8")
    assert json.loads(shown_json) == json.loads(metadata), "update the metadata shown in docs/export.md"


def test_the_docs_name_every_table_per_value_that_the_export_writes(exported: Path) -> None:
    """Regression: docs/export.md said funding-totals has five tables; the export writes six."""
    text = " ".join((ROOT / "docs" / "export.md").read_text(encoding="utf-8").split())
    written = sorted(p.name for p in exported.glob("wpskg-table-funding-totals-by-*.csv"))
    named = [f"wpskg-table-funding-totals-by-{by}.csv" for by in re.findall(r"…-by-([a-z-]+)\.csv", text)]
    first = re.search(r"`(wpskg-table-funding-totals-by-[a-z-]+\.csv)`", text)
    assert first is not None
    assert sorted([first.group(1), *named]) == written
    words = {5: "five", 6: "six", 7: "seven", 8: "eight"}
    assert f"`funding-totals` has {words[len(written)]}," in text
