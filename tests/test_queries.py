"""The stored queries on the real instances, checked against facts read in ``sources/``.

Each expectation quotes the sentence of the source text it comes from. The
queries run through :func:`wpskg.queries.run` (the forked worker with its time
limit); the command-line tests go through :func:`wpskg.cli.main`.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from support import in_words

from wpskg import provenance, queries, synth
from wpskg.cli import main
from wpskg.errors import InputError, ParameterError, WpskgError
from wpskg.namespaces import PREFIXES, WPS, sparql_prologue
from wpskg.project import Project
from wpskg.sparql_guard import closing, token_spans
from wpskg.store import Graph, infer, load_project, run_query

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
XSD = "http://www.w3.org/2001/XMLSchema#"
PLAN = "https://w3id.org/wpskg/id/plan/"
FUND = "https://w3id.org/wpskg/id/funding/"
ACTOR = "https://w3id.org/wpskg/id/actor/"
OBJ = "https://w3id.org/wpskg/id/objective/"
RES = "https://w3id.org/wpskg/vocab/resolution/"
COUNTRY = "https://w3id.org/wpskg/vocab/country/"

REPORT = "be-nap3-final-report-2017-2021.nl.txt"
PROFILE = "be-nap-profile-peacewomen.en.txt"
COUNTRY_PAGE = "be-nap4-country-page.en.txt"
PRESS = "be-mfa-press-2025-11-24.nl.txt"
NL_LETTER = "nl-nap4-progress-2021.nl.txt"

EXPECTED_COLUMNS = {
    "funders": [
        "funder",
        "recipient",
        "amount",
        "currency",
        "per",
        "period",
        "countries",
        "themes",
        "project",
        "source",
        "source_file",
        "quote",
        "transaction",
        "project_language",
    ],
    "funding-totals": ["group", "total", "currency", "per", "grants", "shared_grants"],
    "plans": [
        "plan",
        "country",
        "series",
        "ordinal",
        "start",
        "end",
        "adopted",
        "coordinators",
        "budget",
        "source",
        "source_file",
        "civil_society",
        "country_code",
        "adopted_source_file",
    ],
    "objectives": [
        *("plan", "number", "label_en", "label_original", "actions", "objective", "source_file"),
        "label_original_language",
    ],
    "focus-countries": ["plan", "country", "country_code"],
    "actors": ["actor", "type", "roles", "plans", "labels"],
    "resolutions": ["resolution", "symbol", "year", "topic", "referenced_by", "source", "plans"],
    "conflicts": ["subject", "property", "value", "source", "source_file", "quote", "language", "quote_en"],
    "provenance": ["claim", "value", "source", "source_file", "quote", "language", "quote_en", "value_language"],
    "peacekeeping": [
        *("country", "date", "personnel", "women", "men", "category", "source", "figure", "part_of", "country_code")
    ],
    "timeline": ["country", "plan", "series", "ordinal", "start", "end", "country_code"],
    "gaps": ["kind", "subject", "plan", "detail", "source", "source_file", "quote"],
    "plan-summary": [
        "plan",
        "country",
        "period",
        "budget",
        "objectives",
        "indicators",
        "actions",
        "fundings",
        "figures",
        "themes",
        "civil_society",
    ],
    "actions": ["action", "label_en", "label_original", "plan", "objective", "actors", "themes", "countries"],
    "figures": ["figure", "indicator", "indicator_label", "value", "qualifier", "date", "period", "plan", "quote"],
}


@pytest.fixture(scope="module")
def kg() -> Graph:
    """The shipped graph, loaded and inferred once for this module."""
    graph = load_project(Project(ROOT))
    infer(graph)
    return graph


@pytest.fixture(scope="module")
def stored() -> dict[str, queries.StoredQuery]:
    return queries.load_queries(ROOT / "queries")


def source_text(name: str) -> str:
    """A source text with its whitespace collapsed."""
    return " ".join((SOURCES / name).read_text(encoding="utf-8").split())


def in_source(name: str, phrase: str) -> bool:
    return " ".join(phrase.split()) in source_text(name)


def graph_of(turtle: str) -> Graph:
    """A small graph written in Turtle with the project's prefixes (wps:, plan:, obj:, res:, country:, ...)."""
    from wpskg import loaders

    prefixes = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items())
    graph = Graph()
    graph.add_document(loaders.load_bytes((prefixes + turtle).encode(), "t.ttl"))
    infer(graph)  # as load_project's callers do: the stored queries refuse a graph not inferred
    return graph


def rows(kg: Graph, stored: dict[str, queries.StoredQuery], name: str, **params: str) -> list[dict[str, str]]:
    """The rows of a stored query as dicts of plain text (None when unbound)."""
    run = queries.run(stored[name], kg, params)
    assert run.result.variables == stored[name].columns, "the header's columns are the SELECT's"
    return [
        {v: (None if t is None else t.value) for v, t in zip(run.result.variables, row, strict=True)}
        for row in run.result.rows
    ]


def lists_are_sorted(found: list[dict[str, str]], key: str, lists: dict[str, str]) -> int:
    """Assert that every list cell (column -> separator) is sorted; returns how many have several items."""
    several = 0
    for r in found:
        for column, separator in lists.items():
            items = (r[column] or "").split(separator)
            several += len(items) > 1
            assert items == sorted(items), (r[key], column)
    return several


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- the files


def test_every_query_ends_with_an_order_so_that_its_pages_are_stable(stored: dict[str, queries.StoredQuery]) -> None:
    assert [name for name, query in stored.items() if not query.ordered] == []


def test_pages_of_a_query_add_up_to_its_rows(kg: Graph, stored: dict[str, queries.StoredQuery]) -> None:
    whole = queries.run(stored["funders"], kg).result.rows
    assert len(whole) > 6
    pages = [queries.run(stored["funders"], kg, limit=4, offset=start).result.rows for start in range(0, len(whole), 4)]
    assert [len(p) for p in pages[:-1]] == [4] * (len(pages) - 1)
    assert [row for p in pages for row in p] == whole
    assert queries.run(stored["funders"], kg, offset=len(whole) - 2).result.rows == whole[-2:]


def test_a_page_needs_an_order_and_a_limit_within_the_row_cap(
    kg: Graph, stored: dict[str, queries.StoredQuery]
) -> None:
    unordered = queries.StoredQuery("unordered", "SELECT ?s WHERE { ?s a ?c } # ORDER BY ?s")
    with pytest.raises(ParameterError, match="'unordered' has no ORDER BY"):
        queries.run(unordered, kg, limit=2)
    assert len(queries.run(unordered, kg).result.rows) > 2  # the whole answer needs no order
    with pytest.raises(ParameterError, match="at most the row cap, 5 rows, not 6"):
        queries.run(stored["funders"], kg, limit=6, max_rows=5)
    with pytest.raises(ParameterError, match="offset is a number of rows from 0 up, not -1"):
        queries.run(stored["funders"], kg, offset=-1)


def test_cli_query_pages(capsys: pytest.CaptureFixture[str]) -> None:
    code, whole, err = cli(capsys, "query", "funders", "--format", "csv")
    assert code == 0, err
    code, page, err = cli(capsys, "query", "funders", "--format", "csv", "--limit", "2", "--offset", "3")
    assert code == 0, err
    lines = whole.splitlines()
    assert page.splitlines() == [lines[0], *lines[4:6]]
    code, _, err = cli(capsys, "query", "funders", "--limit", "0")
    assert code != 0 and "limit is a number of rows from 1 up, not 0" in err


def test_all_queries_exist_with_header_and_own_prefixes(stored: dict[str, queries.StoredQuery]) -> None:
    assert set(EXPECTED_COLUMNS) <= set(stored)
    for name, query in stored.items():
        assert query.summary and query.description, name
        for column in EXPECTED_COLUMNS.get(name, []):
            assert column in query.columns, (name, column)
        # valid SPARQL on its own, slots unfilled: every prefix it uses is declared in the file
        ox.Store().query(query.text)
        for param in query.params:
            assert param.type in queries.PARAM_TYPES
            if param.type in ("enum", "actor-type"):
                assert param.values, (name, param.name)


def test_the_declared_lists_are_the_columns_a_query_joins(stored: dict[str, queries.StoredQuery]) -> None:
    """``lists`` (the CSVW separators of wpskg.tables) names each GROUP_CONCAT column and its separator."""
    joined = re.compile(
        r'GROUP_CONCAT\(\s*(?:DISTINCT\s+)?\?\w+\s*;\s*separator\s*=\s*"([^"]*)"\s*\)\s+AS\s+\?(\w+)', re.I
    )
    for name, query in stored.items():
        found = {column: sep for sep, column in joined.findall(query.text) if column in query.columns}
        assert query.lists == found, f"queries/{name}.rq: the #+ lists do not match its GROUP_CONCAT columns"
    assert stored["funders"].lists["themes"] == ", " and stored["funders"].lists["funder"] == " | "


def unordered_lists(text: str) -> list[int]:
    """The lines of the GROUP_CONCATs in ``text`` whose group is not one subquery with an ORDER BY of its own."""
    spans = token_spans(text)
    found = []
    for i, (_, word, at) in enumerate(spans):
        if word.upper() != "GROUP_CONCAT":
            continue
        group = next(j for j in range(i, len(spans)) if spans[j][1] == "{")
        end = closing(spans, group)
        inner = group + 1
        ordered = False
        if spans[inner][1] == "{" and spans[inner + 1][1].upper() == "SELECT" and closing(spans, inner) == end - 1:
            where = next(j for j in range(inner + 2, end) if spans[j][1] == "{")
            after = spans[closing(spans, where) + 1 : end - 1]
            ordered = any(a[1].upper() == "ORDER" and b[1].upper() == "BY" for a, b in itertools.pairwise(after))
        if not ordered:
            found.append(text.count("\n", 0, at) + 1)
    return found


def test_every_list_is_joined_from_one_ordered_subquery(stored: dict[str, queries.StoredQuery]) -> None:
    """Regression: the plans of ``actors`` were sorted before a join, whose order Virtuoso did not keep
    at 700 plans; a list is sorted in the subquery that feeds its GROUP_CONCAT, and nothing is joined after."""
    for name, query in stored.items():
        assert unordered_lists(query.text) == [], f"queries/{name}.rq: a list is not joined from one ordered subquery"
    before = """SELECT ?a (GROUP_CONCAT(?id) AS ?ids) WHERE {
      { SELECT ?p ?id WHERE { ?p a <P> . BIND(STR(?p) AS ?id) } ORDER BY ?id }
      ?p <involves> ?a } GROUP BY ?a"""
    assert unordered_lists(before) == [1]


def test_a_list_that_is_not_a_column_is_refused(tmp_path: Path) -> None:
    text = "#+ summary: s\n#+ columns: [plan, themes]\n#+ lists: {theme: ', '}\nSELECT ?plan ?themes WHERE {}\n"
    (tmp_path / "q.rq").write_text(text, encoding="utf-8")
    with pytest.raises(WpskgError, match=r"q.rq: lists: 'theme' is not one of the columns \(did you mean themes\?\)"):
        queries.load_query(tmp_path / "q.rq")
    (tmp_path / "q.rq").write_text(text.replace("{theme: ', '}", "{themes: ''}"), encoding="utf-8")
    with pytest.raises(WpskgError, match="the separator of 'themes' must be a non-empty string"):
        queries.load_query(tmp_path / "q.rq")


def test_every_query_describes_each_of_its_columns(stored: dict[str, queries.StoredQuery]) -> None:
    """The descriptions go into the tables' CSVW metadata, the OpenAPI document and wpskg queries NAME."""
    for name, query in stored.items():
        assert list(query.column_descriptions) == query.columns, f"queries/{name}.rq: describe every column"
    assert "IRI" in stored["funders"].column_descriptions["funding"]


def test_table_per_must_name_an_enum_parameter(tmp_path: Path) -> None:
    head = "#+ summary: s\n#+ params:\n#+   by: {type: enum, values: [a, b], default: a}\n#+   n: {type: string}\n"
    body = "SELECT ?x WHERE { VALUES ?by { UNDEF } VALUES ?n { UNDEF } BIND(1 AS ?x) }\n"
    (tmp_path / "q.rq").write_text(head + "#+ table_per: by\n" + body, encoding="utf-8")
    assert queries.load_query(tmp_path / "q.rq").table_per == "by"
    for wrong in ("n", "bye"):
        (tmp_path / "q.rq").write_text(head + f"#+ table_per: {wrong}\n" + body, encoding="utf-8")
        with pytest.raises(WpskgError, match=f"q.rq: table_per: '{wrong}' is not an enum parameter of this query"):
            queries.load_query(tmp_path / "q.rq")


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "#+ parameters:\n#+   by: {type: string}\n",
            "q.rq:2: the #+ header has no key 'parameters' (did you mean params?)",
        ),
        ("#+ colums: [x]\n", "q.rq:2: the #+ header has no key 'colums' (did you mean columns?)"),
        (
            "#+ params:\n#+   by: {type: string, descripton: d}\n",
            "q.rq:3: parameter 'by' has no key 'descripton' (did you mean description?)",
        ),
        (
            "#+ params:\n#+   by:\n#+     type: string\n#+     requird: true\n",
            "q.rq:5: parameter 'by' has no key 'requird'",
        ),
    ],
)
def test_a_header_key_that_is_not_one_is_an_error_at_its_line(tmp_path: Path, header: str, message: str) -> None:
    """Regression: ``#+ parameters:`` (for params) and ``#+ colums:`` were ignored: the query ran with no
    parameters, or with its columns unnamed, and nothing said why."""
    body = "SELECT ?x WHERE { VALUES ?by { UNDEF } BIND(1 AS ?x) }\n"
    (tmp_path / "q.rq").write_text("#+ summary: s\n" + header + body, encoding="utf-8")
    with pytest.raises(WpskgError) as info:
        queries.load_query(tmp_path / "q.rq")
    assert f"{tmp_path / 'q.rq'}{message[4:]}" in str(info.value), str(info.value)
    assert "its keys are" in str(info.value)


def test_an_undeclared_prefix_is_named_at_its_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: pyoxigraph's "expected one of Prefix not found, ['%'], ['-' | '0' ..= '9' …" never
    named the prefix, and its place was past the end of the file."""
    path = tmp_path / "q.rq"
    path.write_text(
        "#+ summary: s\nPREFIX wps: <https://w3id.org/wpskg/ont#>\nSELECT ?s\nWHERE { ?s wpx:p ?o }\n", "utf-8"
    )
    with pytest.raises(InputError) as info:
        queries.load_query(path).check()
    assert str(info.value) == (
        f"{path}:4:12: syntax error in the query: the prefix wpx: is not declared: add PREFIX wpx: <…>"
    )
    assert main(["sparql", "SELECT ?s WHERE { ?s wps:fundr ?o }"]) == 2
    err = capsys.readouterr().err
    assert "error at 1:22: the prefix wps: is not declared: add PREFIX wps: <https://w3id.org/wpskg/ont#>" in err


def test_every_prefix_a_query_declares_is_used(stored: dict[str, queries.StoredQuery]) -> None:
    for name, query in stored.items():
        body = "\n".join(line for line in query.text.splitlines() if not line.startswith("PREFIX "))
        for prefix in re.findall(r"^PREFIX (\w*):", query.text, flags=re.MULTILINE):
            assert re.search(rf"(?<![\w:#/]){prefix}:", body), f"queries/{name}.rq declares {prefix}: and never uses it"


def test_every_query_runs_with_no_parameters_unless_one_is_required(
    kg: Graph, stored: dict[str, queries.StoredQuery]
) -> None:
    for name, query in stored.items():
        required = [p.name for p in query.params if p.required]
        if required:
            with pytest.raises(ParameterError, match=f"needs parameter '{required[0]}'"):
                rows(kg, stored, name)
        else:
            assert isinstance(rows(kg, stored, name), list)
    assert [n for n, q in stored.items() if any(p.required for p in q.params)] == ["provenance"]


# Values of each parameter type found in the shipped data, for the test below. A query
# with a parameter of a new type fails that test until its values are added here.
SAMPLES = {
    "country": ["BE", "ML", "NL", "Burkina Faso"],
    "theme": ["gbv", "crsv", "participation"],
    "year": ["2019", "2021"],
    "plan": ["be-wps-nap-3", "nl-wps-nap-4", "be-wps-nap-4"],
    "indicator": ["un-peacekeeping-personnel", "event-participants", "nap-signatories"],
    "actor": ["be-igvm", "UN Women", "belgium"],
}


#: Columns that are empty in the whole answer and say how a row matched a parameter.
PARAMETER_COLUMNS = {("funders", "year"): "year_from"}


def test_every_filter_narrows_its_query_and_finds_something(kg: Graph, stored: dict[str, queries.StoredQuery]) -> None:
    # Each optional parameter is a gate in the query's text (docs/queries.md): a branch
    # that only runs when the parameter is given. For a filter (no default) the rows it
    # gives must be rows of the whole answer, as they are there (the same lists), some
    # value must find rows and some must leave rows out. A choice (a default) must find
    # rows for each of its values.
    for name, query in stored.items():
        for param in (p for p in query.params if not p.required):
            values = list(param.values) or SAMPLES.get(param.type)
            assert values, f"add sample values of type {param.type!r} ({name}: {param.name}) to SAMPLES"
            answers = {value: rows(kg, stored, name, **{param.name: value}) for value in values}
            where = f"{name} --param {param.name}="
            if param.default is not None:
                assert all(answers.values()), f"{where}{[v for v, a in answers.items() if not a]}: no rows"
                continue
            whole = rows(kg, stored, name)
            shows = PARAMETER_COLUMNS.get((name, param.name))  # a column that says how the row matched
            if shows:
                assert {row[shows] for a in answers.values() for row in a} - {None}, f"{where}: {shows} is empty"
                answers = {v: [{**row, shows: None} for row in a] for v, a in answers.items()}
            for value, answer in answers.items():
                extra = [row for row in answer if row not in whole]
                assert not extra, f"{where}{value} gives rows that the whole answer does not have: {extra[:2]}"
            assert any(answers.values()), f"{where}{values}: no value finds any row"
            assert any(len(a) < len(whole) for a in answers.values()), f"{where}{values}: nothing filtered"


# --------------------------------------------------------------------------- funders


def test_funders_gbv_in_mali(kg: Graph, stored: dict[str, queries.StoredQuery]) -> None:
    # "Handicap International in Mali ('Projet de lutte contre les violences basées sur le genre dans le
    # contexte COVID au Mali' - 950.000 EUR) en Plan International Belgium in Burkina Faso (…) en Mali
    # ('Répondre aux besoins critiques … dans les communautés de Kayes' - 1.000.000 EUR)"
    assert in_source(REPORT, "Handicap International in Mali")
    found = rows(kg, stored, "funders", country="ML", theme="gbv")
    by_recipient = {(r["recipient"], r["amount"]): r for r in found}
    hi = by_recipient[("Handicap International", "950000")]
    assert hi["currency"] == "EUR" and hi["countries"] == "ML" and hi["funder"] == "Belgium"
    assert hi["project"] == "Projet de lutte contre les violences basées sur le genre dans le contexte COVID au Mali"
    assert hi["source_file"] == REPORT and in_source(REPORT, hi["quote"].split(" | ")[0])
    plan = by_recipient[("Plan International Belgium", "1000000")]
    assert "Kayes" in plan["project"] and plan["countries"] == "ML"
    # Plan International's Burkina Faso project is not in Mali.
    assert not any(r["project"] and "Burkina Faso" in r["project"] and "Plan" in r["recipient"] for r in found)
    for r in found:
        assert "ML" in r["countries"].split(", ")
        assert "gbv" in r["themes"].split(", ") or "crsv" in r["themes"].split(", ")


def test_funders_grant_to_several_countries_appears_once_with_all(kg: Graph, stored: dict) -> None:
    # "… het project van het Belgische Rode Kruis ('… in Burkina Faso, Mali, Niger, Burundi en Rwanda')
    # met een vastlegging van 7.320.000 EUR"
    assert in_source(REPORT, "multisectorale bijstand in Burkina Faso, Mali, Niger, Burundi en Rwanda")
    red_cross = [r for r in rows(kg, stored, "funders") if r["recipient"] == "Belgian Red Cross"]
    assert len(red_cross) == 1
    assert red_cross[0]["countries"] == "BF, BI, ML, NE, RW"
    assert red_cross[0]["amount"] == "7320000"


def test_funders_theme_includes_narrower_themes(kg: Graph, stored: dict) -> None:
    # "België heeft het Global Survivors Fund gefinancierd met 800.000 EUR" (conflict-related sexual violence)
    assert in_source(REPORT, "België heeft het Global Survivors Fund gefinancierd met 800.000 EUR")
    gbv = {r["funding"] for r in rows(kg, stored, "funders", theme="gbv")}
    crsv = {r["funding"] for r in rows(kg, stored, "funders", theme="crsv")}
    assert FUND + "be-global-survivors-fund" in crsv
    assert crsv <= gbv and crsv


def test_funders_by_a_funder(kg: Graph, stored: dict) -> None:
    """Regression: "what does the Netherlands fund?" could not be asked: funders had no funder
    parameter. funded_by finds a funder's own fundings and its departments' (ministry audit, session
    29: an Irish department's fundings were not Ireland's), and a department's are its own."""
    assert in_source(REPORT, "Ontwikkelingssamenwerking een oproep tot het indienen van projecten")
    dutch = rows(kg, stored, "funders", funded_by="netherlands")
    assert [(r["funding"], r["funder"]) for r in dutch] == [(FUND + "nl-pbf-contribution", "Netherlands")]
    dgd = {r["funding"]: r["funder"] for r in rows(kg, stored, "funders", funded_by="be-development-cooperation")}
    assert dgd == {FUND + "be-development-cooperation-call-for-projects-2021": "Belgian Development Cooperation"}
    belgian = rows(kg, stored, "funders", funded_by="belgium")
    assert belgian and all("Belgium" in r["funder"].split(" | ") for r in belgian)
    assert FUND + "be-development-cooperation-call-for-projects-2021" not in {r["funding"] for r in belgian}
    # Belgian Development Cooperation is part of the FPS Foreign Affairs (org:subOrganizationOf),
    # so the ministry's fundings hold its department's, under the department's name.
    ministry = {r["funding"]: r["funder"] for r in rows(kg, stored, "funders", funded_by="be-fps-foreign-affairs")}
    assert ministry[FUND + "be-development-cooperation-call-for-projects-2021"] == "Belgian Development Cooperation"
    whole = rows(kg, stored, "funders")
    assert len(belgian) < len(whole)
    both = rows(kg, stored, "funders", funded_by="belgium", country="ML")
    assert both and {r["funding"] for r in both} < {r["funding"] for r in belgian}


def test_funders_year_and_country_name(kg: Graph, stored: dict) -> None:
    # "België heeft een geoormerkte bijdrage van 2.000.000 EUR toegezegd voor … UNICEF (2021-2022)":
    # the only funding whose own period reaches 2022 (the rest fall in NAP III, 2017-2021); and the
    # Dutch contribution to the Peacebuilding Fund, which gives no year, through its plan, NAP IV,
    # whose period has a start (2021) and no end.
    assert in_source(REPORT, "ten gunste van UNICEF (2021-2022)")
    in_2022 = {r["funding"]: r for r in rows(kg, stored, "funders", year="2022")}
    assert set(in_2022) == {FUND + "be-unicef-mrm-2021-2022", FUND + "nl-pbf-contribution"}
    unicef = in_2022[FUND + "be-unicef-mrm-2021-2022"]
    assert unicef["period"] == "2021/2022" and unicef["amount"] == "2000000"
    assert unicef["year_from"] == "funding" and in_2022[FUND + "nl-pbf-contribution"]["year_from"] == "plan"
    # Regression (researcher audit, session 31): NAP IV's period has no end, so the contribution
    # matched 2099 and every year after 2021. It now matches up to the year its source, the letter
    # of 9 November 2022, was issued.
    for year, expected in (("2021", True), ("2023", False), ("2099", False)):
        found = {r["funding"] for r in rows(kg, stored, "funders", year=year)}
        assert (FUND + "nl-pbf-contribution" in found) is expected, year
    # Regression: a funding that gives no date matched a year through its plan's period, and
    # nothing said so. "UNICEF met 15.000.000 EUR per jaar" names no year; NAP III is 2017-2021.
    in_2019 = {r["funding"].rsplit("/", 1)[-1]: r["year_from"] for r in rows(kg, stored, "funders", year="2019")}
    assert in_2019["be-unicef-core"] == "plan"
    # "voor een bedrag van 324.219,9 EUR (2019-2021)"
    assert in_2019["be-femwise-africa-custodians-for-peace"] == "funding"
    assert all(r["year_from"] is None for r in rows(kg, stored, "funders"))
    by_name = rows(kg, stored, "funders", country="mali")
    assert by_name == rows(kg, stored, "funders", country="ML")


@pytest.mark.parametrize("params", [{}, {"country": "ML"}, {"theme": "gbv"}], ids=["all", "country=ML", "theme=gbv"])
def test_funders_lists_are_sorted(kg: Graph, stored: dict, params: dict[str, str]) -> None:
    """The lists rely on the engine keeping a sorted subquery's order within each group."""
    lists = {"funder": " | ", "recipient": " | ", "period": " | ", "countries": ", ", "themes": ", ", "quote": " | "}
    found = rows(kg, stored, "funders", **params)
    assert found
    assert lists_are_sorted(found, "funding", lists) > 0, "some list has more than one item, so the order is tested"


def test_funders_mark_yearly_contributions(kg: Graph, stored: dict) -> None:
    """Regression: "UNICEF met 15.000.000 EUR per jaar" came as 15000000 EUR like a one-off grant."""
    assert in_source(REPORT, "UNICEF met 15.000.000 EUR per jaar")
    found = {r["funding"].rsplit("/", 1)[-1]: r for r in rows(kg, stored, "funders")}
    yearly = {f for f, r in found.items() if r["per"] == "year"}
    assert "be-unicef-core" in yearly and found["be-unicef-core"]["amount"] == "15000000"
    recurring = kg.select(
        "SELECT ?f WHERE { ?f <https://w3id.org/wpskg/ont#recurrence> <https://w3id.org/wpskg/vocab/recurrence/yearly> }"
    )
    assert yearly == {r["f"].value.rsplit("/", 1)[-1] for r in recurring}
    assert all(r["per"] is None for f, r in found.items() if f not in yearly)


def test_funders_parts_name_their_whole(kg: Graph, stored: dict) -> None:
    # "… Multi-Partner Trust Fund met een bijdrage van 300.000 EUR, waarvan 150.000 EUR voor VN Actie …
    # en 150.000 EUR voor het VN-team experten …"
    assert in_source(REPORT, "met een bijdrage van 300.000 EUR, waarvan 150.000 EUR voor VN Actie")
    crsv = {r["funding"]: r for r in rows(kg, stored, "funders", theme="crsv")}
    whole = crsv[FUND + "be-crsv-mptf"]
    parts = [r for r in crsv.values() if r["part_of"] == whole["funding"]]
    assert whole["amount"] == "300000" and whole["part_of"] is None
    assert sorted(r["amount"] for r in parts) == ["150000", "150000"]


def test_funders_give_the_iati_transaction_type_a_source_states(kg: Graph, stored: dict) -> None:
    """The commitments of the final report ("vastlegging", "legde … vast", "toegezegd", "verbintenis")
    are IATI transaction type 2, and a funding whose source does not say has none."""
    found = rows(kg, stored, "funders")
    typed = {r["funding"]: r for r in found if r["transaction"]}
    assert {r["transaction"] for r in typed.values()} == {"2 Outgoing Commitment"}
    stated = {r["f"].value for r in kg.select(f"SELECT ?f WHERE {{ ?f <{WPS}transactionType> ?t }}")}
    assert set(typed) == stated and len(stated) >= 4
    for r in typed.values():
        assert re.search(r"vastlegging|legde .* vast|toegezegd|verbintenis", r["quote"]), r["funding"]
        assert in_source(REPORT, r["quote"].split(" | ")[0])


# --------------------------------------------------------------------------- funding-totals

# Every amount the final report on NAP III gives for a funding, as written there.
REPORT_AMOUNTS = {
    "4 miljoen euro per jaar": "4000000",
    "9 miljoen euro per jaar": "9000000",
    "UNICEF met 15.000.000 EUR per jaar": "15000000",
    "UNAIDS (3.000.000 EUR per jaar)": "3000000",
    "6.311.964,8 EUR": "6311964.8",
    "324.219,9 EUR": "324219.9",
    "bijdrage van 500.000 EUR": "500000",
    "75.000 EUR": "75000",
    "bijdrage van 2.000.000 EUR toegezegd": "2000000",
    "150.000 EUR toegekend": "150000",
    "bijdrage van 300.000 EUR": "300000",
    "5 miljoen euro": "5000000",
    "1.500.000 EUR": "1500000",
    "7.320.000 EUR": "7320000",
    "7.820.000": "7820000",
    "met 8.000.000 EUR": "8000000",
    "5.340.000 EUR": "5340000",
    "950.000 EUR": "950000",
    "Burkina Faso' - 1.000.000 EUR": "1000000",
    "de Kayes' - 1.000.000 EUR": "1000000",
    "800.000 EUR": "800000",
}


#: A ceiling of the report, in no total (schema:maxValue).
REPORT_CEILING = ("UNFPA-bijdragen tot 2.000.000 EUR per jaar", "2000000")


def test_funding_totals_by_funder_add_up_to_the_report(kg: Graph, stored: dict) -> None:
    text = source_text(REPORT).replace("’", "'").replace("‘", "'")
    for phrase in [*REPORT_AMOUNTS, REPORT_CEILING[0]]:
        assert phrase in text, phrase
    grand = sum(Decimal(v) for v in REPORT_AMOUNTS.values())
    assert grand == Decimal("79391184.7")
    totals = {(r["group"], r["per"]): r for r in rows(kg, stored, "funding-totals", by="funder")}
    # The 2021 call for projects (6.311.964,8 EUR) is Belgian Development Cooperation's; the rest Belgium's.
    assert Decimal(totals[("Belgian Development Cooperation", None)]["total"]) == Decimal("6311964.8")
    # Regression: the yearly contributions ("per jaar") were added to the one-off grants in one total.
    yearly = {phrase: amount for phrase, amount in REPORT_AMOUNTS.items() if "per jaar" in phrase}
    assert len(yearly) == 4
    assert Decimal(totals[("Belgium", "year")]["total"]) == sum(Decimal(v) for v in yearly.values())
    assert int(totals[("Belgium", "year")]["grants"]) == len(yearly)
    once = totals[("Belgium", None)]
    assert Decimal(once["total"]) == grand - Decimal("6311964.8") - sum(Decimal(v) for v in yearly.values())
    assert int(once["grants"]) == len(REPORT_AMOUNTS) - 1 - len(yearly)
    assert once["currency"] == "EUR"
    assert all(r["shared_grants"] == "0" for r in totals.values())


def test_funding_totals_by_country_keeps_shared_grants_apart(kg: Graph, stored: dict) -> None:
    mali = {r["group"]: r for r in rows(kg, stored, "funding-totals", by="country")}["ML"]
    # Mali alone: Handicap International 950.000 + Plan International (Kayes) 1.000.000;
    # shared with other countries: Red Cross 7.320.000, UNHCR 8.000.000, Médecins du Monde 5.340.000.
    assert Decimal(mali["total"]) == Decimal("1950000")
    assert mali["grants"] == "2" and mali["shared_grants"] == "3"
    assert Decimal(mali["shared_total"]) == Decimal("20660000")


@pytest.mark.parametrize("by", ["country", "theme", "funder", "recipient", "plan"])
def test_funding_totals_count_every_grant_once(kg: Graph, stored: dict, by: str) -> None:
    # A funding whose source gives no amount is in no total (funders lists it).
    funders = [r for r in funder_rows(kg, stored) if r["part_of"] is None and r["amount"] is not None]
    grand = sum(Decimal(r["amount"]) for r in funders)
    groups = rows(kg, stored, "funding-totals", by=by)
    exclusive = sum(Decimal(r["total"]) for r in groups)
    # every shared grant is shared by at least two groups; count its amount once
    shared = [r for r in funders if len(set(_groups_of(r, by))) > 1]
    assert exclusive + sum(Decimal(r["amount"]) for r in shared) == grand
    assert sum(int(r["grants"]) for r in groups) == len(funders) - len(shared)
    assert len({(r["group"], r["currency"], r["per"]) for r in groups}) == len(groups)


@pytest.mark.parametrize("by", ["country", "theme", "funder", "recipient", "plan"])
def test_funding_totals_groups_match_the_fundings(kg: Graph, stored: dict, by: str) -> None:
    assert_groups_match_the_fundings(kg, stored, by)


@pytest.mark.parametrize("by", ["country", "theme", "funder", "recipient", "plan"])
def test_funding_totals_group_a_funding_without_key_as_none(project: Project, stored: dict, by: str) -> None:
    # The shipped fundings all have a theme; take the keys of this kind from one of them.
    g = load_project(project)
    infer(g)  # wps:inPlan
    prop = {
        "country": "wps:recipientCountry",
        "theme": "wps:theme",
        "funder": "schema:funder",
        "recipient": "wps:recipient",
        "plan": "wps:inPlan",
    }[by]
    g.store.update(sparql_prologue() + f"DELETE WHERE {{ fund:be-crsv-mptf {prop} ?key }}")
    groups = assert_groups_match_the_fundings(g, stored, by)
    assert "(none)" in groups


def assert_groups_match_the_fundings(g: Graph, stored: dict, by: str) -> set[str]:
    """Each group's grants and shared grants are those counted from the funders rows; the groups found."""
    keys = [
        set(_groups_of(r, by))
        for r in funder_rows(g, stored)
        if r["part_of"] is None and r["amount"] is not None  # no amount, no total
    ]
    expected = {
        group: (sum(1 for k in keys if k == {group}), sum(1 for k in keys if group in k and len(k) > 1))
        for group in set().union(*keys)
    }
    found: dict[str, tuple[int, int]] = {}
    for r in rows(g, stored, "funding-totals", by=by):
        grants, shared = found.get(r["group"], (0, 0))
        found[r["group"]] = (grants + int(r["grants"]), shared + int(r["shared_grants"]))
    assert found == expected
    return set(found)


def funder_rows(g: Graph, stored: dict) -> list[dict[str, str]]:
    """The rows of funders, each with the short ids of its fundings' plans (wps:inPlan) as "plans"."""
    found = g.select(f"SELECT ?f ?p WHERE {{ ?f <{WPS}inPlan> ?p }}")
    plans: dict[str, list[str]] = {}
    for r in found:
        plans.setdefault(r["f"].value, []).append(r["p"].value.removeprefix(PLAN))
    return [{**r, "plans": ", ".join(sorted(plans.get(r["funding"], [])))} for r in rows(g, stored, "funders")]


def _groups_of(row: dict[str, str], by: str) -> list[str]:
    value = {
        "country": row["countries"],
        "theme": row["themes"],
        "funder": row["funder"],
        "recipient": row["recipient"],
        "plan": row["plans"],
    }[by]
    if not value:
        return ["(none)"]
    return value.split(", ") if by in ("country", "theme", "plan") else value.split(" | ")


def test_funding_totals_by_plan_add_up_to_the_report(kg: Graph, stored: dict) -> None:
    """Every funding the final report on NAP III gives an amount for is in NAP III: its totals are the report's."""
    totals = {(r["group"], r["per"]): Decimal(r["total"]) for r in rows(kg, stored, "funding-totals", by="plan")}
    yearly = sum(Decimal(v) for phrase, v in REPORT_AMOUNTS.items() if "per jaar" in phrase)
    assert totals[("be-wps-nap-3", "year")] == yearly
    assert totals[("be-wps-nap-3", None)] + yearly == sum(Decimal(v) for v in REPORT_AMOUNTS.values())


# --------------------------------------------------------------------------- plans


def test_plans_show_disagreeing_periods_as_rows_with_their_own_source(kg: Graph, stored: dict) -> None:
    # PeaceWomen: "implemented for the period 2008-2012 and 2013-2016"; final report: "een eerste (2009-2012)"
    assert in_source(PROFILE, "implemented for the period 2008-2012 and 2013-2016")
    assert in_source(REPORT, "Na de uitvoering van een eerste (2009-2012) en tweede NAP (2013-2016)")
    nap1 = [r for r in rows(kg, stored, "plans", country="BE") if r["plan"] == PLAN + "be-wps-nap-1"]
    assert sorted((r["start"], r["end"], r["source_file"]) for r in nap1) == [
        ("2008", "2012", PROFILE),
        ("2009", "2012", REPORT),
    ]
    # Regression (researcher audit, session 31): both rows say adopted 2008, which only the profile
    # gives ("two other NAPs adopted in 2008 and 2013"); the report's row credited the report alone.
    assert in_source(PROFILE, "two other NAPs adopted in 2008 and 2013")
    assert {(r["adopted"], r["adopted_source_file"]) for r in nap1} == {("2008", PROFILE)}
    nap3 = [r for r in rows(kg, stored, "plans", country="BE") if r["plan"] == PLAN + "be-wps-nap-3"]
    # "Belgium adopted its most recent National Action Plan (NAP) in 2017": the profile alone
    assert [(r["adopted"], r["adopted_source_file"]) for r in nap3] == [("2017", PROFILE)]


def test_presenting_a_plan_to_the_council_of_ministers_is_not_its_adoption(kg: Graph) -> None:
    """Regression: "voorgesteld op de Ministerraad" (presented) was curated as wps:adopted "2017-07"."""
    assert in_source(REPORT, "voorgesteld op de Ministerraad")
    adopted = kg.select(f"SELECT ?d WHERE {{ <{PLAN}be-wps-nap-3> <https://w3id.org/wpskg/ont#adopted> ?d }}")
    assert [r["d"].value for r in adopted] == ["2017"]
    presented = kg.select(
        "SELECT ?date WHERE { <https://w3id.org/wpskg/id/action/be-wps-nap-3-presented-council-of-ministers> "
        "<https://w3id.org/wpskg/ont#date> ?date ; <https://w3id.org/wpskg/ont#inPlan> ?plan }"
    )
    assert [r["date"].value for r in presented] == ["2017-07"]


def test_plans_nap3_facts(kg: Graph, stored: dict) -> None:
    # "Belgium adopted its most recent National Action Plan (NAP) in 2017 for the period 2017-2021";
    # "does not include an allocated budget"; "In juli 2017 werd het derde … NAP voorgesteld op de Ministerraad";
    # coordinated by "the Institute for the Equality of Women and Men and the FPS Foreign Affairs"
    assert in_source(PROFILE, "does not include an allocated budget")
    assert in_source(REPORT, "In juli 2017 werd het derde Belgisch Nationaal Actieplan")
    (nap3,) = [r for r in rows(kg, stored, "plans") if r["plan"] == PLAN + "be-wps-nap-3"]
    assert (nap3["country"], nap3["ordinal"], nap3["start"], nap3["end"]) == ("Belgium", "3", "2017", "2021")
    # Regression: plans named countries in English only, where funders and figures give codes: no key to join on.
    assert nap3["country_code"] == "BE"
    for name in ("plan-summary", "timeline"):
        assert {(r["country"], r["country_code"]) for r in rows(kg, stored, name, country="NL")} == {
            ("Netherlands", "NL")
        }
    assert nap3["adopted"] == "2017"  # the profile's; the report only says when it was presented
    assert nap3["budget"] == "no"
    assert "Institute for the Equality of Women and Men" in nap3["coordinators"]
    assert "FPS Foreign Affairs" in nap3["coordinators"]
    assert set(nap3["source_file"].split(" | ")) == {PROFILE, REPORT, COUNTRY_PAGE}


def test_plans_say_whether_civil_society_took_part(kg: Graph, stored: dict) -> None:
    """civil_society: yes or no as a source says (wps:civilSocietyInvolved), else unknown, in plans and plan-summary."""
    # "The drafting of the third NAP (2017-2021) was discussed by civil society at a consultation meeting."
    assert in_source(COUNTRY_PAGE, "was discussed by civil society at a consultation meeting")
    # "WO=MEN ... draagt in die hoedanigheid zorg voor de inbreng van de ruim 60 maatschappelijke
    # organisaties/medeondertekenaars van het NAP-IV"
    assert in_source(NL_LETTER, "draagt in die hoedanigheid zorg voor de inbreng van de ruim 60 maatschappelijke")
    involved = ox.NamedNode(WPS + "civilSocietyInvolved")
    said = {q.subject.value: q.object.value for q in kg.store.quads_for_pattern(None, involved, None)}
    assert said == {PLAN + "be-wps-nap-3": "true", PLAN + "nl-wps-nap-4": "true"}
    for name in ("plans", "plan-summary"):
        found = {(r["plan"], r["civil_society"]) for r in rows(kg, stored, name)}
        assert {c for p, c in found if p in said} == {"yes"}, name
        assert {c for p, c in found if p not in said} == {"unknown"}, name
    # A source that says no: "no" (Graph built by hand).
    graph = graph_of("plan:xx-nap-1 a wps:Plan ; wps:civilSocietyInvolved false .")
    for name in ("plans", "plan-summary"):
        assert [r["civil_society"] for r in rows(graph, stored, name)] == ["no"], name


def test_plans_types_and_countries(kg: Graph, stored: dict) -> None:
    # "Het NAP ter bestrijding van alle vormen van gendergerelateerd geweld 2015-2019 en het NAP ter
    # bestrijding van gendergerelateerd geweld 2021-2025"; "het 6de Nationaal Actieplan"
    assert in_source(REPORT, "gendergerelateerd geweld 2015-2019 en het NAP ter bestrijding")
    assert in_source(PRESS, "het 6de Nationaal Actieplan")
    gbv = rows(kg, stored, "plans", type="gbv")
    assert {r["plan"] for r in gbv} == {
        PLAN + "be-gbv-nap-2015-2019",
        PLAN + "be-gbv-nap-2021-2025",
        PLAN + "be-gbv-nap-6",
    }
    assert {(r["start"], r["end"]) for r in gbv} == {("2015", "2019"), ("2021", "2025"), (None, None)}
    # "Het eerste NAP werd in 2005 door Denemarken gelanceerd. Het eerste Nederlandse NAP trad in 2008 in werking."
    assert in_source(NL_LETTER, "Het eerste NAP werd in 2005 door Denemarken gelanceerd")
    nl = rows(kg, stored, "plans", country="Netherlands", type="wps")
    assert [r["plan"] for r in nl] == [PLAN + f"nl-wps-nap-{n}" for n in (1, 2, 3, 4)]
    # "trad in werking" is came into force: the start of NAP I's period, not its adoption; and "het
    # eerste jaar van implementatie van NAP-IV in 2021" starts NAP-IV's.
    assert in_source(NL_LETTER, "over het eerste jaar van implementatie van NAP-IV in 2021")
    assert (nl[0]["start"], nl[0]["end"], nl[0]["adopted"]) == ("2008", None, None)
    assert (nl[3]["start"], nl[3]["end"]) == ("2021", None) and {r["country"] for r in nl} == {"Netherlands"}
    assert rows(kg, stored, "plans", country="DK")[0]["adopted"] == "2005"
    assert not any(r["plan"].startswith(PLAN + "be-gbv") for r in rows(kg, stored, "plans", type="wps"))


@pytest.mark.parametrize(
    "params",
    [{"type": "wps"}, {"type": "gbv"}, {"type": "any"}, {"country": "BE", "type": "gbv"}, {"country": "NL"}],
    ids=["wps", "gbv", "any", "BE-gbv", "NL"],
)
def test_plans_filters_keep_each_plans_own_lists(kg: Graph, stored: dict, params: dict[str, str]) -> None:
    """The country and type gates of the coordinator and source lists change which rows, never a row."""
    cls = {"wps": "WPSNationalActionPlan", "gbv": "GBVActionPlan", "any": "Plan"}[params.get("type", "any")]
    country = (
        f"; wps:planCountry <https://w3id.org/wpskg/vocab/country/{params['country']}>" if "country" in params else ""
    )
    wanted = {r["p"].value for r in kg.select(f"{sparql_prologue()} SELECT ?p WHERE {{ ?p a wps:{cls} {country} }}")}
    everything = rows(kg, stored, "plans")
    expected = [r for r in everything if r["plan"] in wanted]
    assert expected and all(r["source"] for r in expected)  # (the GBV plans have no coordinator in the sources)
    assert rows(kg, stored, "plans", **params) == expected


# --------------------------------------------------------------------------- plan-summary


def count_in_plans(kg: Graph, pattern: str) -> dict[str, int]:
    """How many distinct ?x each plan has, for a pattern that binds ?x and ?plan."""
    found = kg.select(
        f"{sparql_prologue()} SELECT ?plan (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }} GROUP BY ?plan"
    )
    return {r["plan"].value: int(r["n"].value) for r in found}


def test_plan_summary_counts_what_each_plan_holds(kg: Graph, stored: dict) -> None:
    """Each count against the same count made another way, for every plan; themes and budget too."""
    found = {r["plan"]: r for r in rows(kg, stored, "plan-summary")}
    plans = {r["p"].value for r in kg.select(f"SELECT ?p WHERE {{ ?p a <{WPS}Plan> }}")}
    assert set(found) == plans
    expected = {
        "objectives": count_in_plans(kg, "?x wps:objectiveOf ?plan"),
        "indicators": count_in_plans(kg, "?o wps:objectiveOf ?plan ; wps:hasIndicator ?x"),
        "actions": count_in_plans(kg, "?x a wps:Action ; wps:underPlan|wps:underObjective/wps:objectiveOf ?plan"),
        "fundings": count_in_plans(kg, "?x a wps:Funding ; wps:underPlan|wps:underObjective/wps:objectiveOf ?plan"),
        "figures": count_in_plans(
            kg, "?x a wps:ReportedFigure ; wps:underPlan|wps:underObjective/wps:objectiveOf ?plan"
        ),
    }
    for column, counts in expected.items():
        assert {p: int(r[column]) for p, r in found.items()} == {p: counts.get(p, 0) for p in plans}, column
    nap3 = found[PLAN + "be-wps-nap-3"]
    # "Each objective has corresponding goals, actions, indicators, and responsible parties, but does not
    # include an allocated budget."
    assert nap3["budget"] == "no" and nap3["country"] == "Belgium" and nap3["period"] == "2017/2021"
    assert int(nap3["actions"]) > 100 and int(nap3["fundings"]) > 20
    assert {"gbv", "crsv", "participation"} <= set(nap3["themes"].split(", "))
    assert nap3["themes"].split(", ") == sorted(nap3["themes"].split(", "))
    # two sources, two periods (2008-2012 in the PeaceWomen profile, 2009-2012 in the final report)
    assert found[PLAN + "be-wps-nap-1"]["period"] == "2008/2012 | 2009/2012"
    assert found[PLAN + "dk-wps-nap-1"]["actions"] == "0" and found[PLAN + "dk-wps-nap-1"]["themes"] is None


@pytest.mark.parametrize("theme", ["crsv", "gbv"])
def test_plan_summary_for_one_theme_is_the_plans_that_act_on_it(kg: Graph, stored: dict, theme: str) -> None:
    """A plan with an action or funding on the theme or a narrower one, with all of its themes."""
    narrower = {
        r["n"].value
        for r in kg.select(
            f"{sparql_prologue()} SELECT ?n WHERE {{ ?t skos:broader* theme:{theme} ; skos:notation ?n }}"
        )
    }
    assert theme in narrower and ("crsv" in narrower) == (theme in ("gbv", "crsv"))
    everything = rows(kg, stored, "plan-summary")
    expected = [r for r in everything if narrower & set((r["themes"] or "").split(", "))]
    assert expected
    assert rows(kg, stored, "plan-summary", theme=theme) == expected


def test_plan_summary_for_one_country_is_its_rows_of_the_whole(kg: Graph, stored: dict) -> None:
    everything = rows(kg, stored, "plan-summary")
    dutch = rows(kg, stored, "plan-summary", country="Nederland")
    assert dutch == [r for r in everything if r["country"] == "Netherlands"]
    assert {r["plan"] for r in dutch} == {PLAN + f"nl-wps-nap-{n}" for n in range(1, 5)}


# --------------------------------------------------------------------------- objectives


def test_objectives_of_belgian_nap3(kg: Graph, stored: dict) -> None:
    # "De zes doelstellingen van het NAP waren: 1. Bevorderen van … 3. Strijden tegen alle vormen van geweld
    # ten aanzien van vrouwen en meisjes, in het bijzonder seksueel geweld; …"
    found = rows(kg, stored, "objectives", plan="be-wps-nap-3")
    assert [r["number"] for r in found] == ["1", "2", "3", "4", "5", "6"]
    third = found[2]
    assert third["label_original"] == (
        "Strijden tegen alle vormen van geweld ten aanzien van vrouwen en meisjes, in het bijzonder seksueel geweld"
    )
    assert in_source(REPORT, "Strijden tegen alle vormen van geweld ten aanzien van vrouwen en meisjes, in")
    # One English name (the final report's, translated); the country page's own English wording is
    # a skos:altLabel. Regression: both were rdfs:label @en, and label_en joined them.
    assert third["label_en"] == "Combating all forms of violence against women and girls, in particular sexual violence"
    alt = kg.select(
        "SELECT ?l WHERE { <https://w3id.org/wpskg/id/objective/be-wps-nap-3-3> "
        "<http://www.w3.org/2004/02/skos/core#altLabel> ?l }"
    )
    said = "To fight against all forms of violence against women and girls, and specifically sexual violence"
    assert [(r["l"].value, r["l"].language) for r in alt] == [(said, "en")]
    assert in_source(PROFILE, "to fight against all forms of violence against women and girls, and specifically")
    assert all(int(r["actions"]) > 0 for r in found)


def test_objectives_count_actions_and_accept_every_plan_spelling(kg: Graph, stored: dict) -> None:
    found = rows(kg, stored, "objectives", plan="be-wps-nap-3")
    action = ox.NamedNode("https://w3id.org/wpskg/ont#Action")
    under = ox.NamedNode("https://w3id.org/wpskg/ont#underObjective")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    for r in found:
        actions = {
            q.subject
            for q in kg.store.quads_for_pattern(None, under, ox.NamedNode(r["objective"]))
            if ox.Quad(q.subject, rdf_type, action) in kg.store
        }
        assert int(r["actions"]) == len(actions)
    assert rows(kg, stored, "objectives", plan="plan:be-wps-nap-3") == found
    assert rows(kg, stored, "objectives", plan=PLAN + "be-wps-nap-3") == found


def test_objectives_of_dutch_nap4(kg: Graph, stored: dict) -> None:
    # "– Participatie; – Preventie; – Bescherming; – Noodhulp, wederopbouw en herstel; … WPS-mainstreaming"
    found = rows(kg, stored, "objectives", plan="nl-wps-nap-4")
    assert [r["label_original"] for r in found] == [
        "Participatie",
        "Preventie",
        "Bescherming",
        "Noodhulp, wederopbouw en herstel",
        "WPS-mainstreaming",
    ]
    for label in ("Participatie;", "Preventie;", "Bescherming;", "Noodhulp, wederopbouw en herstel;"):
        assert in_source(NL_LETTER, label)
    # Regression (researcher audit, session 31): "what are the Netherlands' objectives?" could not
    # be asked by country, and the answer named no source.
    by_country = rows(kg, stored, "objectives", country="NL")
    assert {r["objective"] for r in by_country} == {r["objective"] for r in found}
    assert {r["source_file"] for r in found} == {NL_LETTER}
    assert not {r["objective"] for r in rows(kg, stored, "objectives", country="BE")} & {r["objective"] for r in found}


# --------------------------------------------------------------------------- focus-countries


def test_focus_countries(kg: Graph, stored: dict) -> None:
    # "verdiept op drie focuslanden, met name Burkina Faso, de Democratische Republiek Congo en Mali"
    assert in_source(REPORT, "drie focuslanden, met name Burkina Faso, de Democratische Republiek Congo en Mali")
    nap3 = rows(kg, stored, "focus-countries", plan="be-wps-nap-3")
    assert [r["country_code"] for r in nap3] == ["BF", "CD", "ML"]
    assert nap3[2]["country"] == "Mali"
    # "particularly in Burkina Faso, the Democratic Republic of Congo, Mali and Niger"
    assert in_source(COUNTRY_PAGE, "particularly in Burkina Faso, the Democratic Republic of Congo, Mali and Niger")
    nap4 = rows(kg, stored, "focus-countries", plan="be-wps-nap-4")
    assert [r["country_code"] for r in nap4] == ["BF", "CD", "ML", "NE"]
    niger = rows(kg, stored, "focus-countries", country="Niger")
    assert [(r["plan"], r["country_code"]) for r in niger] == [(PLAN + "be-wps-nap-4", "NE")]


# --------------------------------------------------------------------------- actors


def test_actors_coordinators(kg: Graph, stored: dict) -> None:
    # NL: "Het Ministerie van Buitenlandse Zaken is interdepartementaal coördinator van het NAP-IV. WO=MEN,
    # Dutch genderplatform, is mede coördinator"; BE: "De coördinatie … werd verzekerd door het … (IGVM) en de
    # FOD Buitenlandse Zaken"
    assert in_source(NL_LETTER, "WO=MEN, Dutch genderplatform, is mede coördinator van het NAP-IV")
    coordinators = {r["actor"]: r for r in rows(kg, stored, "actors", role="coordinator")}
    assert set(coordinators) == {ACTOR + a for a in ("be-igvm", "be-fps-foreign-affairs", "nl-mfa", "wo-men")}
    igvm = coordinators[ACTOR + "be-igvm"]
    assert igvm["type"] == "government" and "be-wps-nap-3" in igvm["plans"].split(", ")
    assert "coordinator" in igvm["roles"].split(", ")
    assert "Instituut voor de gelijkheid van vrouwen en mannen @nl" in igvm["labels"].split(" | ")
    assert coordinators[ACTOR + "wo-men"]["type"] == "civil-society"
    assert "nl-wps-nap-4" in coordinators[ACTOR + "wo-men"]["plans"]


def test_actors_by_type_and_role(kg: Graph, stored: dict) -> None:
    # "Ons land steunde ook het Conflict-Related Sexual Violence Multi-Partner Trust Fund …": Belgium funds.
    states = rows(kg, stored, "actors", type="state", role="funder")
    # the Netherlands funds the UN Peacebuilding Fund, with no amount in the source
    assert [r["actor"] for r in states] == [ACTOR + "belgium", ACTOR + "netherlands"]
    assert {r["type"] for r in rows(kg, stored, "actors", type="multilateral")} == {"multilateral"}
    recipients = {r["actor"] for r in rows(kg, stored, "actors", role="recipient")}
    assert {ACTOR + "handicap-international", ACTOR + "unhcr", ACTOR + "un-women"} <= recipients
    everyone = rows(kg, stored, "actors")
    assert len(everyone) == len({r["actor"] for r in everyone})
    # Each list is sorted (the query relies on the engine keeping the order of a sorted subquery).
    lists_are_sorted(everyone, "actor", {"roles": ", ", "plans": ", ", "labels": " | "})
    assert any(len(r["plans"].split(", ")) > 2 for r in everyone if r.get("plans"))


# --------------------------------------------------------------------------- resolutions


def test_resolutions(kg: Graph, stored: dict) -> None:
    found = {r["resolution"]: r for r in rows(kg, stored, "resolutions")}
    # "In 2000 werd de VN Veiligheidsraad (VNVR) Resolutie 1325 … aangenomen."
    assert in_source(NL_LETTER, "In 2000 werd de VN Veiligheidsraad (VNVR) Resolutie 1325")
    r1325 = found[RES + "1325"]
    assert (r1325["symbol"], r1325["year"]) == ("S/RES/1325 (2000)", "2000")
    assert "plan:be-wps-nap-4" in r1325["referenced_by"].split(", ")
    # Regression: Belgium's first three WPS plans did not refer to 1325. "Om de concrete uitvoering
    # van resolutie 1325 ... riep de VNVR in 2004 alle lidstaten op om ... een eigen Nationaal
    # Actieplan (NAP) uit te werken. ... Na de uitvoering van een eerste (2009-2012) en tweede NAP
    # (2013-2016), voerde België in de periode 2017-2021 een derde Nationaal Actieplan uit."
    assert in_source(REPORT, "voerde België in de periode 2017-2021 een derde Nationaal Actieplan uit")
    for n in (1, 2, 3):
        assert f"plan:be-wps-nap-{n}" in r1325["referenced_by"].split(", ")
    # "Ons land heeft daarbij mee onderhandeld aan de twee meest recente opvolgresoluties van VNVR
    # resolutie 1325 (S/RES/2467 en S/RES/2493)"
    assert in_source(REPORT, "mee onderhandeld aan de twee meest recente opvolgresoluties")
    for number in ("2467", "2493", "2538"):
        row = found[RES + number]
        assert "actor:belgium" in row["referenced_by"].split(", ")
        assert row["source"] == "Final report on the third National Action Plan on Women, Peace and Security 2017-2021"
    # "In juni 2024 nam de Mensenrechtenraad op Belgisch initiatief een resolutie aan"
    hrc = found[RES + "hrc-2024-06-digital-violence"]
    assert hrc["year"] == "2024" and hrc["source"] == "Foreign Affairs says no to violence against women and girls"
    assert in_source(PRESS, "In juni 2024 nam de Mensenrechtenraad op Belgisch initiatief een resolutie aan")


def test_resolutions_name_the_plans_that_take_them_up(kg: Graph, stored: dict) -> None:
    """plans: the plans that refer to a resolution themselves or through their objectives, actions, fundings."""
    found = {r["resolution"]: r for r in rows(kg, stored, "resolutions")}
    # Through an action of NAP III: "Ons land heeft daarbij mee onderhandeld aan de twee meest
    # recente opvolgresoluties van VNVR resolutie 1325 (S/RES/2467 en S/RES/2493)"
    assert in_source(REPORT, "mee onderhandeld aan de twee meest recente opvolgresoluties")
    assert found[RES + "2467"]["plans"] == "plan:be-wps-nap-3"
    assert found[RES + "1820"]["plans"] is None
    expected: dict[str, set[str]] = {}
    for r in kg.select(
        "PREFIX wps: <https://w3id.org/wpskg/ont#> SELECT ?res ?plan WHERE { { ?plan wps:referencesResolution ?res ;"
        " a wps:Plan } UNION { ?x wps:referencesResolution ?res ; wps:inPlan|wps:objectiveOf ?plan } }"
    ):
        expected.setdefault(r["res"].value, set()).add("plan:" + r["plan"].value.removeprefix(PLAN))
    assert expected[RES + "1325"] >= {f"plan:be-wps-nap-{n}" for n in (1, 2, 3, 4)} | {"plan:nl-wps-nap-4"}
    for res, row in found.items():
        names = row["plans"].split(", ") if row["plans"] else []
        assert names == sorted(expected.get(res, ())), res


def test_resolutions_plans_through_an_objective_and_outside_the_plan_namespace(stored: dict) -> None:
    """An objective's reference counts for its plan; a plan IRI of another data project is written in full."""
    other = "https://example.org/plan/x"
    graph = graph_of(f"""res:2467 a wps:Resolution .
        obj:xx-nap-1-1 wps:referencesResolution res:2467 ; wps:objectiveOf plan:xx-nap-1 .
        <{other}> a wps:Plan ; wps:referencesResolution res:2467 .""")
    (row,) = rows(graph, stored, "resolutions")
    assert row["plans"] == f"{other}, plan:xx-nap-1"


# --------------------------------------------------------------------------- conflicts


def test_conflicts_list_each_disputed_value_with_its_source(kg: Graph, stored: dict) -> None:
    found = [
        (
            r["subject"].rsplit("/", 1)[-1],
            r["property"].rsplit("#", 1)[-1].rsplit("/", 1)[-1],
            r["value"].rsplit("/", 1)[-1],
            r["source_file"],
        )
        for r in rows(kg, stored, "conflicts")
    ]
    # Belgium's NAP I: 2008-2012 (PeaceWomen) against 2009-2012 (final report)
    assert ("be-wps-nap-1", "temporal", "2008-2012", PROFILE) in found
    assert ("be-wps-nap-1", "temporal", "2009-2012", REPORT) in found
    # Regression: "riep de VNVR in 2004 alle lidstaten op" and "riep de VNVR in 2002 op om nationale
    # actieplannen" were one call with two years; they are two calls (DOMAIN.md: "In 2002 and 2004").
    assert in_source(REPORT, "riep de VNVR in 2004 alle lidstaten op")
    assert in_source(NL_LETTER, "riep de VNVR in 2002 op om nationale actieplannen")
    assert not any(s.startswith("unsc-call-for-naps") for s, *_ in found)
    years = kg.select(
        "SELECT ?call ?year WHERE { ?call <https://w3id.org/wpskg/ont#year> ?year "
        'FILTER(STRSTARTS(STR(?call), "https://w3id.org/wpskg/id/action/unsc-call-for-naps")) }'
    )
    assert sorted((r["call"].value.rsplit("/", 1)[-1], r["year"].value) for r in years) == [
        ("unsc-call-for-naps-2002", "2002"),
        ("unsc-call-for-naps-2004", "2004"),
    ]
    assert not any(s == "be-wps-nap-3" for s, *_ in found)
    assert all(source for *_, source in found), "every disputed value has the claim that gives it"


def test_conflicts_runs_on_rdflib_with_a_value_that_no_claim_gives(project: Project, stored: dict) -> None:
    """Regression: ORDER BY STR(?quote) made rdflib (the benchmark's baseline) fail with a TypeError
    when a disputed value had no claim, so no quote; the keys of the order are always bound now."""
    g = load_project(project)
    g.add_quads(
        [
            ox.Quad(
                ox.NamedNode(PLAN + "be-wps-nap-1"),
                ox.NamedNode("http://purl.org/dc/terms/temporal"),
                ox.NamedNode("https://w3id.org/wpskg/id/period/2013-2016"),
            )
        ]
    )
    infer(g)
    local = rows(g, stored, "conflicts")
    assert any(r["quote"] is None and r["value"].endswith("/2013-2016") for r in local)
    found = g.to_rdflib().query(queries.bind(stored["conflicts"], g, {}))
    assert [str(r[0]) for r in found] == [r["subject"] for r in local]


def test_conflicts_give_each_value_its_quote(kg: Graph, stored: dict) -> None:
    """Each disputed value comes with the exact quote that gives it, in its language, and the quote's
    English translation when it is not in English, so that a reader can judge the disagreement."""
    run = queries.run(stored["conflicts"], kg)
    at = {v: i for i, v in enumerate(run.result.variables)}
    assert run.result.rows
    for r in run.result.rows:
        quote, language, english = r[at["quote"]], r[at["language"]], r[at["quote_en"]]
        source_file = r[at["source_file"]].value
        assert isinstance(quote, ox.Literal) and quote.language == language.value
        assert in_source(source_file, quote.value), quote
        value = r[at["value"]].value.rsplit("/", 1)[-1]
        assert value.split("-")[0] in quote.value, (value, quote)  # the quote gives this value
        if language.value == "en":
            assert english is None
        else:
            assert english is not None and english.value and english.value != quote.value
    by_file = {r[at["source_file"]].value: r[at["quote"]].value for r in run.result.rows}
    assert by_file[REPORT] == "Na de uitvoering van een eerste (2009-2012) en tweede NAP (2013-2016)"


# --------------------------------------------------------------------------- provenance


def test_provenance_gives_the_language_of_a_value_in_words(kg: Graph, stored: dict) -> None:
    """Regression (researcher audit, session 31): a CSV or JSON answer gave "Participatie" and
    "Participation" with the quote's language (nl) beside both, and no way to tell them apart."""
    found = rows(kg, stored, "provenance", subject="obj:nl-wps-nap-4-1")
    labels = {r["value"]: r["value_language"] for r in found if r["property"].endswith("#label")}
    assert labels == {"Participatie": "nl", "Participation": "en"}, labels
    assert {r["language"] for r in found} == {"nl"}
    assert all(not r["value_language"] for r in found if r["value"].startswith("https://")), found


@pytest.mark.parametrize(
    ("name", "params", "texts", "tags"),
    [
        ("objectives", {"country": "NL"}, "label_original", "label_original_language"),
        ("actions", {"country": "ML"}, "label_original", "label_original_language"),
        ("funders", {"country": "ML"}, "project", "project_language"),
    ],
)
def test_the_language_of_each_wording_is_given_in_its_order(
    kg: Graph, stored: dict, name: str, params: dict[str, str], texts: str, tags: str
) -> None:
    """Regression (researcher audit, session 31): CSV and JSON answers joined the wordings in the
    sources' languages and dropped their tags, so a Dutch and a French wording looked alike."""
    subject = {"objectives": "objective", "actions": "action", "funders": "funding"}[name]
    found = rows(kg, stored, name, **params)
    checked = 0
    for r in found:
        said, languages = r[texts].split(" | ") if r[texts] else [], r[tags].split(" | ") if r[tags] else []
        assert len(said) == len(languages), r
        held = {
            (o["o"].value, o["o"].language)
            for o in kg.select(f"SELECT ?o WHERE {{ <{r[subject]}> ?p ?o FILTER(isLITERAL(?o)) }}")
        }
        for text, tag in zip(said, languages, strict=True):
            assert (text, tag or None) in held, (text, tag, r)
            checked += 1
    assert checked > 1, found


def test_the_languages_of_several_wordings_line_up_with_them(stored: dict) -> None:
    """Session 32's review: no shipped answer has two wordings in other languages, so the order of
    the tags was never checked; here the alphabetical order of the wordings is not that of their tags."""
    graph = graph_of(
        """plan:xx-nap-1 a wps:Plan .
        obj:xx-nap-1-1 a wps:Objective ; wps:objectiveOf plan:xx-nap-1 ;
            rdfs:label "Protection"@en , "Zorg"@nl , "Aide"@fr , "Ayuda"@es .
        act:xx-1 a wps:Action ; wps:underPlan plan:xx-nap-1 ; rdfs:label "Help"@en , "Wachten"@nl , "Attendre"@fr .
        fund:xx-1 a wps:Funding ; wps:projectTitle "Zeta"@nl , "Alpha"@fr , "Beta" ."""
    )
    objective = rows(graph, stored, "objectives")[0]
    assert (objective["label_original"], objective["label_original_language"]) == (
        "Aide | Ayuda | Zorg",
        "fr | es | nl",
    )
    action = rows(graph, stored, "actions")[0]
    assert (action["label_original"], action["label_original_language"]) == ("Attendre | Wachten", "fr | nl")
    funding = rows(graph, stored, "funders")[0]
    assert (funding["project"], funding["project_language"]) == ("Alpha | Beta | Zeta", "fr |  | nl")


def test_provenance_of_a_plan(kg: Graph, stored: dict) -> None:
    found = rows(kg, stored, "provenance", subject="be-wps-nap-1")
    assert {r["subject"] for r in found} == {PLAN + "be-wps-nap-1"}
    assert {(r["value"].rsplit("/", 1)[-1], r["source_file"]) for r in found if r["property"].endswith("temporal")} == {
        ("2008-2012", PROFILE),
        ("2009-2012", REPORT),
    }
    for r in found:
        assert in_source(r["source_file"], r["quote"]), r["quote"]
    assert rows(kg, stored, "provenance", subject="plan:be-wps-nap-1") == found
    assert rows(kg, stored, "provenance", subject=PLAN + "be-wps-nap-1") == found


def test_provenance_keeps_the_quotes_language_and_gives_its_translation(kg: Graph, stored: dict) -> None:
    """Regression: the quote came as a plain string (its @nl lost in every format) and without the
    English translation the graph holds, so an English reader could not check a Dutch quote."""
    run = queries.run(stored["provenance"], kg, {"subject": "be-wps-nap-1"})
    at = {v: i for i, v in enumerate(run.result.variables)}
    dutch = [r for r in run.result.rows if r[at["source_file"]].value == REPORT]
    assert dutch
    for r in dutch:
        quote, language, english = r[at["quote"]], r[at["language"]], r[at["quote_en"]]
        assert isinstance(quote, ox.Literal) and quote.language == "nl" and language.value == "nl"
        translation = kg.select(
            f"SELECT ?en WHERE {{ VALUES ?q {{ {quote} }} ?c <{WPS}quote> ?q ; <{WPS}quoteTranslation> ?en }}"
        )
        assert english.value == translation[0]["en"].value
    english_rows = [r for r in run.result.rows if r[at["source_file"]].value == PROFILE]
    assert english_rows and all(r[at["quote_en"]] is None and r[at["language"]].value == "en" for r in english_rows)


def test_provenance_pairs_a_claim_with_the_values_it_names(stored: dict) -> None:
    """Regression: two claims on the themes of one plan were each listed as the source of every
    theme (a quote on disarmament as the source of gender mainstreaming). A claim that names values
    of a property supports those; one that names none of them supports all of its values."""
    from wpskg import loaders

    graph = Graph()
    graph.add_document(loaders.load(ROOT / "ontology" / "wpskg.ttl"))
    turtle = """
    @prefix wps: <https://w3id.org/wpskg/ont#> . @prefix ex: <https://example.org/> .
    @prefix prov: <http://www.w3.org/ns/prov#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ex:plan a wps:Plan ; wps:theme ex:disarmament , ex:mainstreaming ; rdfs:label "Plan"@en .
    ex:a a wps:Claim ; wps:claimSubject ex:plan ; wps:claimProperty wps:theme , rdfs:label ;
        wps:claimValue ex:disarmament ; prov:wasDerivedFrom ex:doc ; wps:quote "on disarmament"@en .
    ex:b a wps:Claim ; wps:claimSubject ex:plan ; wps:claimProperty wps:theme ;
        wps:claimValue ex:mainstreaming ; prov:wasDerivedFrom ex:doc ; wps:quote "on mainstreaming"@en .
    ex:c a wps:Claim ; wps:claimSubject ex:plan ; wps:claimProperty wps:theme ;
        prov:wasDerivedFrom ex:doc ; wps:quote "on both"@en .
    """
    graph.add_document(loaders.load_bytes(turtle.encode(), "t.ttl"))
    infer(graph)
    found = {
        (r["claim"].rsplit("/", 1)[-1], r["property"].rsplit("#", 1)[-1], r["value"].rsplit("/", 1)[-1])
        for r in rows(graph, stored, "provenance", subject="https://example.org/plan")
    }
    assert found == {
        ("a", "theme", "disarmament"),
        ("a", "label", "Plan"),  # it names no label, so it supports the one there is
        ("b", "theme", "mainstreaming"),
        ("c", "theme", "disarmament"),
        ("c", "theme", "mainstreaming"),
    }


def test_provenance_of_the_belgian_nap_iii_themes_pairs_each_quote_with_its_theme(kg: Graph, stored: dict) -> None:
    """Regression: the disarmament quote was listed as the source of gender mainstreaming too."""
    found = {
        (r["claim"].rsplit("/", 1)[-1], r["value"].rsplit("/", 1)[-1])
        for r in rows(kg, stored, "provenance", subject="be-wps-nap-3")
        if r["property"].endswith("#theme")
    }
    assert ("be-profile-nap3-disarmament", "disarmament") in found
    assert ("be-profile-nap2-nap3-mainstreaming", "mainstreaming") in found
    assert ("be-profile-nap3-disarmament", "mainstreaming") not in found
    assert ("be-profile-nap2-nap3-mainstreaming", "disarmament") not in found


def test_provenance_by_label_ignores_case(kg: Graph, stored: dict) -> None:
    # "België heeft het Global Survivors Fund gefinancierd met 800.000 EUR."
    by_label = rows(kg, stored, "provenance", subject="global survivors fund")
    assert by_label and {r["subject"] for r in by_label} == {ACTOR + "global-survivors-fund"}
    funding = rows(kg, stored, "provenance", subject="fund:be-global-survivors-fund")
    amount = [r for r in funding if r["property"] == "https://schema.org/amount"]
    assert [r["value"] for r in amount] == ["800000"]
    assert "800.000 EUR" in amount[0]["quote"] and in_source(REPORT, amount[0]["quote"])
    with pytest.raises(ParameterError, match="nothing in the graph is named 'no such thing'"):
        rows(kg, stored, "provenance", subject="no such thing")


def test_provenance_needs_a_subject(kg: Graph, stored: dict) -> None:
    with pytest.raises(ParameterError, match="needs parameter 'subject'"):
        rows(kg, stored, "provenance")


def test_provenance_label_as_written_or_ignoring_case(kg: Graph, stored: dict) -> None:
    resolver = queries.Resolver(kg)
    # "Global Survivors Fund" is an English label as written; the lower-cased form is found by the slower scan.
    assert resolver.subjects("Global Survivors Fund") == resolver.subjects("GLOBAL SURVIVORS FUND")
    assert resolver.subjects("Global Survivors Fund") == [ACTOR + "global-survivors-fund"]
    # a local id is looked up in every namespace of the prefix table
    assert resolver.subjects("be-crsv-mptf") == [FUND + "be-crsv-mptf"]
    # a full IRI or a prefixed name is taken as it is when it is the subject of a triple; a typo is an
    # error, not an empty answer (the resolver of --endpoint looks on the endpoint)
    assert resolver.subjects("fund:be-crsv-mptf") == resolver.subjects(FUND + "be-crsv-mptf") == [FUND + "be-crsv-mptf"]
    for typo in ("fund:be-crsv-mtpf", FUND + "be-crsv-mtpf"):
        with pytest.raises(ParameterError, match=f"nothing in the graph is named '{re.escape(typo)}'"):
            resolver.subjects(typo)
    # a subject without claims is a subject: its answer is empty
    country = "https://w3id.org/wpskg/vocab/country/ML"
    assert rows(kg, stored, "provenance", subject=country) == []


# --------------------------------------------------------------------------- peacekeeping


def test_peacekeeping_belgium_2023(kg: Graph, stored: dict) -> None:
    # "As of May 2023, Belgium contributed 5 peacekeeping personnel (4 staff officers and 1 mission expert),
    # all of whom were male. The total had increased to 6 personnel in July 2023, but this reference does
    # not disaggregate by gender."
    assert in_source(COUNTRY_PAGE, "As of May 2023, Belgium contributed 5 peacekeeping personnel (4 staff officers")
    found = rows(kg, stored, "peacekeeping", country="BE")
    table = [(r["date"], r["personnel"], r["women"], r["men"], r["category"]) for r in found]
    assert table == [
        ("2023-05", "5", "0", "5", None),
        ("2023-05", "1", "0", "1", "mission expert"),
        ("2023-05", "4", "0", "4", "staff officer"),
        ("2023-07", "6", None, None, None),
    ]
    assert {r["source"] for r in found} == {"Country page on Belgium's NAP 4 (2022–2026)"}
    # Regression: the parts sat beside their total with nothing to tell them apart (a sum gave 10, not 5).
    total = FIG + "be-peacekeeping-2023-05"
    assert [(r["figure"] == total, r["part_of"]) for r in found] == [
        (True, None),
        (False, total),
        (False, total),
        (False, None),
    ]
    assert sum(int(r["personnel"]) for r in found if r["date"] == "2023-05" and not r["part_of"]) == 5
    assert rows(kg, stored, "peacekeeping", country="NL") == []
    # Regression: without a country the rows did not say whose personnel they count.
    assert {r["country"] for r in found} == {"Belgium"}
    assert rows(kg, stored, "peacekeeping") == found


# --------------------------------------------------------------------------- figures

FIG = "https://w3id.org/wpskg/id/figure/"
IND = "https://w3id.org/wpskg/id/indicator/"


def test_figures_of_belgiums_third_plan(kg: Graph, stored: dict) -> None:
    found = {r["figure"][len(FIG) :]: r for r in rows(kg, stored, "figures", plan="be-wps-nap-3")}
    # Four figures under objective 3 (its plan is NAP III), one under objective 6.
    assert set(found) == {
        "be-nap3-burundi-community-leaders-trained",
        "be-nap3-drc-survivors-psychological-support",
        "be-nap3-drc-judicial-steps",
        "be-nap3-drc-medical-staff-trained",
        "be-nap3-mid-term-review-participants",
    }
    assert {r["plan"] for r in found.values()} == {PLAN + "be-wps-nap-3"}
    # "hebben meer dan 5.000 overlevenden van seksueel geweld psychologische steun gekregen"
    assert in_source(REPORT, "hebben meer dan 5.000 overlevenden van seksueel geweld psychologische steun gekregen")
    survivors = found["be-nap3-drc-survivors-psychological-support"]
    assert (survivors["value"], survivors["qualifier"], survivors["countries"]) == ("5000", "at least", "CD")
    assert survivors["period"] == "2017/2021" and survivors["date"] is None
    # "Aan dit evenement namen een 80-tal personen deel"
    assert in_source(REPORT, "Aan dit evenement namen een 80-tal personen deel")
    review = found["be-nap3-mid-term-review-participants"]
    assert (review["value"], review["qualifier"], review["date"], review["period"]) == ("80", "about", "2019", None)
    assert review["category"].startswith("participants from civil society")
    judicial = found["be-nap3-drc-judicial-steps"]
    assert (judicial["value"], judicial["qualifier"], judicial["reported_by"]) == ("1978", None, "Belgium")
    assert judicial["source_file"] == REPORT
    for r in found.values():  # every quote is in its source text
        for quote in r["quote"].split(" | "):
            assert in_source(r["source_file"], quote), quote


def test_figures_of_one_indicator_are_the_peacekeeping_figures(kg: Graph, stored: dict) -> None:
    found = rows(kg, stored, "figures", indicator="un-peacekeeping-personnel")
    assert {r["indicator"] for r in found} == {IND + "un-peacekeeping-personnel"}
    peacekeeping = rows(kg, stored, "peacekeeping")
    assert sorted((r["value"], r["date"], r["category"]) for r in found) == sorted(
        (r["personnel"], r["date"], r["category"]) for r in peacekeeping
    )
    assert {r["countries"] for r in found} == {"BE"}
    assert sorted((r["figure"], r["part_of"]) for r in found) == sorted(
        (r["figure"], r["part_of"]) for r in peacekeeping
    )
    # The same indicator by its prefixed name or IRI; a country narrows, a plan with none finds none.
    assert rows(kg, stored, "figures", indicator="ind:un-peacekeeping-personnel") == found
    assert rows(kg, stored, "figures", indicator=IND + "un-peacekeeping-personnel", country="NL") == []
    assert len(rows(kg, stored, "figures", country="CD")) == 3


def test_figures_answer_every_figure_once(kg: Graph, stored: dict) -> None:
    found = rows(kg, stored, "figures")
    ids = [r["figure"] for r in found]
    assert (
        len(ids)
        == len(set(ids))
        == len(kg.select("SELECT ?f WHERE { ?f a <https://w3id.org/wpskg/ont#ReportedFigure> }"))
    )
    # "de ruim 60 maatschappelijke organisaties/medeondertekenaars": a lower bound
    assert in_source(NL_LETTER, "de ruim 60 maatschappelijke organisaties/medeondertekenaars")
    signatories = next(r for r in found if r["figure"].endswith("/nl-wps-nap-4-signatories"))
    assert (signatories["value"], signatories["qualifier"]) == ("60", "at least")
    assert signatories["plan"] == PLAN + "nl-wps-nap-4" and signatories["date"] == "2022-11-09"


def test_an_unknown_indicator_lists_the_valid_ones(kg: Graph, stored: dict) -> None:
    with pytest.raises(ParameterError, match=r"unknown indicator 'peace' .* Valid indicators: .*un-peacekeeping"):
        queries.run(stored["figures"], kg, {"indicator": "peace"})
    with pytest.raises(ParameterError, match="unknown indicator 'plan:be-wps-nap-3'"):
        queries.run(stored["figures"], kg, {"indicator": "plan:be-wps-nap-3"})


# --------------------------------------------------------------------------- actions

ACT = "https://w3id.org/wpskg/id/action/"


def test_actions_against_gbv_in_mali(kg: Graph, stored: dict) -> None:
    found = rows(kg, stored, "actions", country="ML", theme="gbv")
    advocacy = next(r for r in found if r["action"] == ACT + "be-wps-nap-3-mali-gbv-draft-law-advocacy")
    assert advocacy["label_en"] == "Advocacy in Mali for adoption of the draft law on gender-based violence"
    assert advocacy["label_original"].startswith("Pleidooi in Mali voor de aanneming")
    # under objective 3 of NAP III: its plan is the objective's
    assert (advocacy["plan"], advocacy["objective"]) == (PLAN + "be-wps-nap-3", OBJ + "be-wps-nap-3-3")
    assert (advocacy["actors"], advocacy["themes"], advocacy["countries"]) == ("Belgium (responsible)", "gbv", "ML")
    assert advocacy["source_file"] == REPORT
    assert in_source(REPORT, advocacy["quote"])
    assert all("ML" in r["countries"].split(", ") for r in found)
    assert all({"gbv", "crsv"} & set(r["themes"].split(", ")) for r in found)  # gbv finds crsv too


def test_actions_of_an_actor_in_any_role_by_id_or_label(kg: Graph, stored: dict) -> None:
    found = rows(kg, stored, "actions", actor="UN Women")
    campaign = next(r for r in found if r["action"] == ACT + "be-embassies-un-women-campaign-2025")
    # a partner here, and the actions list every actor with its role
    assert campaign["actors"] == (
        "FPS Foreign Affairs, Foreign Trade and Development Cooperation (responsible) | UN Women (partner)"
    )
    assert (campaign["date"], campaign["plan"], campaign["objective"]) == ("2025", None, None)
    assert all("UN Women (" in r["actors"] for r in found)
    assert rows(kg, stored, "actions", actor="un-women") == found == rows(kg, stored, "actions", actor="actor:un-women")


def test_actions_of_a_plan_directly_or_through_an_objective(kg: Graph, stored: dict) -> None:
    found = rows(kg, stored, "actions", plan="be-wps-nap-3")
    assert {r["plan"] for r in found} == {PLAN + "be-wps-nap-3"}
    objectives = {r["objective"] for r in found}
    assert None in objectives and OBJ + "be-wps-nap-3-3" in objectives  # both ways to the plan
    every = rows(kg, stored, "actions")
    assert [r for r in every if r["plan"] == PLAN + "be-wps-nap-3"] == found
    ids = [r["action"] for r in every]
    assert len(ids) == len(set(ids)) == len(kg.select("SELECT ?a WHERE { ?a a <https://w3id.org/wpskg/ont#Action> }"))
    # The quotes are the sources' words (up to line-break hyphens, as the curation checks read them).
    texts = {f: (SOURCES / f).read_text(encoding="utf-8") for f in {REPORT, PROFILE, COUNTRY_PAGE, PRESS, NL_LETTER}}
    for r in every:
        for quote in r["quote"].split(" | ") if r["quote"] else []:
            files = r["source_file"].split(" | ")
            assert any(provenance.quote_in_text(quote, texts[f]) for f in files), (r["action"], quote)


def test_an_unknown_actor_lists_the_valid_ones(kg: Graph, stored: dict) -> None:
    with pytest.raises(
        ParameterError, match=r"unknown actor 'UN Woman' .* short id or label. Valid actors: un-women, "
    ):
        queries.run(stored["actions"], kg, {"actor": "UN Woman"})


def test_an_unknown_actor_with_no_near_match_still_lists_some(kg: Graph, stored: dict) -> None:
    """Regression: the list of valid actors was "… (99 in all)", with no actor in it."""
    with pytest.raises(ParameterError) as info:
        queries.run(stored["actions"], kg, {"actor": "Ministry of Magic"})
    listed = str(info.value).split("Valid actors: ", 1)[1].split(", …", 1)[0].split(", ")
    assert len(listed) == 3 and all(re.fullmatch(r"[a-z0-9-]+", a) for a in listed), listed


def test_a_plan_short_id_in_capitals_is_the_plan(kg: Graph, stored: dict) -> None:
    """Regression: NL-WPS-NAP-4 was refused, though countries, themes and labels ignore case."""
    assert rows(kg, stored, "gaps", plan="NL-WPS-NAP-4") == rows(kg, stored, "gaps", plan="nl-wps-nap-4") != []
    with pytest.raises(ParameterError, match="unknown plan 'NL-WPS-NAP-40'"):
        queries.run(stored["gaps"], kg, {"plan": "NL-WPS-NAP-40"})


def test_a_short_id_names_a_plan_of_another_namespace(stored: dict) -> None:
    """Regression: a ministry's own plan (https://data.example.ie/id/plan/ie-wps-nap-4) was refused by its
    short id, with "Valid plans:" listing that very plan by its IRI."""
    graph = graph_of(
        "<https://data.example.ie/id/plan/ie-wps-nap-4> a wps:Plan ; "
        'rdfs:label "Ireland NAP 4"@en ; wps:planCountry country:BE ; wps:hasBudget true .\n'
        "<https://data.example.ie/id/plan/ie-wps-nap-3> a wps:Plan ; "
        'rdfs:label "Ireland NAP 3"@en ; wps:planCountry country:BE .\n'
        'country:BE a wps:Country ; skos:notation "BE" ; skos:prefLabel "Belgium"@en .\n'
    )
    found = rows(graph, stored, "plans", country="BE")
    assert {r["plan"] for r in found} == {"https://data.example.ie/id/plan/ie-wps-nap-4",
                                          "https://data.example.ie/id/plan/ie-wps-nap-3"}  # fmt: skip
    gaps = queries.run(stored["gaps"], graph, {"plan": "ie-wps-nap-4"}).text
    assert "<https://data.example.ie/id/plan/ie-wps-nap-4>" in gaps and "ie-wps-nap-3>" not in gaps
    with pytest.raises(ParameterError, match="unknown plan 'ie-wps-nap-5'"):
        queries.run(stored["gaps"], graph, {"plan": "ie-wps-nap-5"})
    # as written or in any case; one short id of two namespaces is named as such, not "unknown"
    two = graph_of(
        "<https://data.example.ie/id/plan/IE-NAP-4> a wps:Plan .\n"
        "<https://data.example.ie/id/plan/nap-1> a wps:Plan .\n<https://data.example.ni/id/plan/nap-1> a wps:Plan .\n"
    )
    assert "<https://data.example.ie/id/plan/IE-NAP-4>" in queries.run(stored["gaps"], two, {"plan": "IE-NAP-4"}).text
    assert "<https://data.example.ie/id/plan/IE-NAP-4>" in queries.run(stored["gaps"], two, {"plan": "ie-nap-4"}).text
    with pytest.raises(ParameterError, match=r"'nap-1' .* is the short id of 2 plans: https://data.example.ie/"):
        queries.run(stored["gaps"], two, {"plan": "nap-1"})


# --------------------------------------------------------------------------- timeline


def test_timeline_of_belgium(kg: Graph, stored: dict) -> None:
    found = rows(kg, stored, "timeline", country="Belgium")
    wps = [(r["plan"].rsplit("/", 1)[-1], r["start"], r["end"]) for r in found if r["series"].endswith("be-wps-nap")]
    assert wps == [
        ("be-wps-nap-1", "2008", "2012"),
        ("be-wps-nap-1", "2009", "2012"),
        ("be-wps-nap-2", "2013", "2016"),
        ("be-wps-nap-3", "2017", "2021"),
        ("be-wps-nap-4", "2022", "2026"),
    ]
    # "Belgium adopted their fourth National Action Plan in 2022 for the period 2022-2026."
    assert in_source(COUNTRY_PAGE, "fourth National Action Plan in 2022 for the period 2022-2026")
    assert {r["country"] for r in found} == {"Belgium"}


def test_timeline_orders_a_series_by_the_plans_numbers(kg: Graph, stored: dict) -> None:
    """Regression: the Dutch NAPs came as 1, 4, 2, 3, since NAP II and III have no period in the sources."""
    found = rows(kg, stored, "timeline", country="NL")
    nap = [
        (r["plan"].rsplit("/", 1)[-1], r["ordinal"], r["start"]) for r in found if r["series"].endswith("nl-wps-nap")
    ]
    assert nap == [
        ("nl-wps-nap-1", "1", "2008"),
        ("nl-wps-nap-2", "2", None),
        ("nl-wps-nap-3", "3", None),
        ("nl-wps-nap-4", "4", "2021"),
    ]


# --------------------------------------------------------------------------- gaps


def test_gaps(kg: Graph, stored: dict) -> None:
    found = rows(kg, stored, "gaps")
    kinds = {}
    for r in found:
        kinds.setdefault(r["kind"], set()).add(r["subject"])
    # "Each objective has corresponding goals, actions, indicators, and responsible parties, but does not
    # include an allocated budget."
    assert kinds["plan-no-budget"] == {PLAN + "be-wps-nap-3"}
    assert PLAN + "be-wps-nap-3" not in kinds["plan-budget-unknown"]
    # "het 6de Nationaal Actieplan" and the Dutch NAP II and III are named with no period; Belgium's
    # NAP III has one: "voerde België in de periode 2017-2021 een derde Nationaal Actieplan uit"
    assert in_source(PRESS, "het 6de Nationaal Actieplan")
    assert {PLAN + "be-gbv-nap-6", PLAN + "nl-wps-nap-2", PLAN + "nl-wps-nap-3"} <= kinds["plan-period-unknown"]
    assert PLAN + "be-wps-nap-3" not in kinds["plan-period-unknown"]
    temporal = ox.NamedNode("http://purl.org/dc/terms/temporal")
    for plan in kinds["plan-period-unknown"]:
        assert not list(kg.store.quads_for_pattern(ox.NamedNode(plan), temporal, None))
    assert {OBJ + f"be-wps-nap-3-{n}" for n in range(1, 7)} <= kinds["objective-no-indicator"]
    # "met een bijdrage van 300.000 EUR": to a trust fund, with no country
    assert FUND + "be-crsv-mptf" in kinds["funding-no-recipient-country"]
    assert FUND + "be-handicap-international-gbv-covid-mali" not in kinds["funding-no-recipient-country"]
    # Regression: "via kernbijdragen, UN Women met 4 miljoen euro per jaar" was a gap; a core
    # contribution goes to the organisation's budget and has no country to find.
    core = {
        r["f"].value
        for r in kg.select(
            "SELECT ?f WHERE { ?f <https://w3id.org/wpskg/ont#fundingModality> "
            "<https://w3id.org/wpskg/vocab/funding-modality/core> }"
        )
    }
    assert FUND + "be-un-women-core" in core and len(core) >= 4
    assert not core & kinds["funding-no-recipient-country"]
    details = {r["subject"]: r["detail"] for r in found}
    assert details[FUND + "be-crsv-mptf"] == "300000 EUR to Conflict-Related Sexual Violence Multi-Partner Trust Fund"
    # Regression: a funding with no exact amount had an empty detail (or its label)
    assert details[FUND + "be-unfpa-earmarked"] == "up to 2000000 EUR to United Nations Population Fund"
    no_country = {r["subject"]: r["detail"] for r in found if r["kind"] == "funding-no-recipient-country"}
    assert no_country[FUND + "be-she-decides"] == "no amount to She Decides"
    responsible = ox.NamedNode("https://w3id.org/wpskg/ont#responsibleActor")
    for action in kinds["action-no-responsible-actor"]:
        assert not list(kg.store.quads_for_pattern(ox.NamedNode(action), responsible, None))


def test_the_gaps_a_source_states_come_with_its_source_and_quote(kg: Graph, stored: dict) -> None:
    """plan-no-budget and funding-no-amount are what a source says: each row names it and quotes it."""
    found = rows(kg, stored, "gaps")
    stated = [r for r in found if r["kind"] in ("plan-no-budget", "funding-no-amount")]
    assert {r["kind"] for r in stated} == {"plan-no-budget", "funding-no-amount"}
    for r in stated:
        files, quotes = r["source_file"].split(" | "), r["quote"].split(" | ")
        assert len(files) == len(r["source"].split(" | "))
        for q in quotes:
            assert any(in_source(f, q) for f in files), q
    (nap3,) = [r for r in stated if r["kind"] == "plan-no-budget"]
    assert nap3["source_file"] == PROFILE
    assert nap3["quote"].endswith("but does not include an allocated budget.")
    pbf = [r for r in stated if r["subject"] == FUND + "nl-pbf-contribution"]
    assert [r["source_file"] for r in pbf] == [NL_LETTER]
    # a kind that no source states has no source, even for a subject that has one of another kind
    assert all(r["source"] is None and r["quote"] is None for r in found if r not in stated)
    assert any(r["subject"] == FUND + "nl-pbf-contribution" for r in found if r not in stated)


def test_gaps_name_their_plan(kg: Graph, stored: dict) -> None:
    """A gap's plan: the plan itself, an objective's plan, an action's or funding's plan; none for an action in none."""
    plan_of = {r["subject"]: r["plan"] for r in rows(kg, stored, "gaps")}
    assert plan_of[PLAN + "be-wps-nap-3"] == PLAN + "be-wps-nap-3"
    assert plan_of[OBJ + "be-wps-nap-3-1"] == PLAN + "be-wps-nap-3"
    assert plan_of[ACT + "be-wps-nap-3-guinea-srhr-study"] == PLAN + "be-wps-nap-3"
    assert plan_of[FUND + "nl-pbf-contribution"] == PLAN + "nl-wps-nap-4"
    in_plan = ox.NamedNode("https://w3id.org/wpskg/ont#inPlan")
    for subject, plan in plan_of.items():
        if subject.startswith((ACT, FUND)):
            linked = [q.object.value for q in kg.store.quads_for_pattern(ox.NamedNode(subject), in_plan, None)]
            assert linked == ([plan] if plan else []), subject


def test_a_gap_in_no_plan_has_no_plan_and_no_country(stored: dict) -> None:
    """An action in no plan is a gap with an empty plan, and a plan or country parameter leaves it out."""
    ns = "https://example.org/"
    graph = graph_of(f"""plan:xx-nap-1 a wps:Plan ; wps:planCountry country:NL .
        <{ns}in-plan> a wps:Action ; wps:inPlan plan:xx-nap-1 .
        <{ns}in-none> a wps:Action .""")
    everything = {(r["subject"], r["plan"]) for r in rows(graph, stored, "gaps", kind="action-no-responsible-actor")}
    assert everything == {(ns + "in-plan", PLAN + "xx-nap-1"), (ns + "in-none", None)}
    scoped = [
        (r["subject"], r["plan"])
        for r in rows(graph, stored, "gaps", kind="action-no-responsible-actor", plan="xx-nap-1")
    ]
    assert scoped == [(ns + "in-plan", PLAN + "xx-nap-1")]
    query = stored["gaps"]
    bound = query.bind({"kind": ['"action-no-responsible-actor"'], "country": [f"<{COUNTRY}NL>"]})
    found = [row[1].value for row in run_query(graph, bound).rows]
    assert found == [ns + "in-plan"]


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "plan-no-budget"},
        {"kind": "objective-no-indicator"},
        {"plan": "be-wps-nap-3"},
        {"plan": "Netherlands NAP-IV 1325"},
        {"country": "NL"},
        {"country": "België", "kind": "action-no-responsible-actor"},
        {"plan": "be-wps-nap-3", "kind": "plan-no-budget"},
        {"country": "BE", "kind": "funding-no-amount"},
        {"country": "NL", "kind": "objective-no-indicator"},
    ],
    ids=lambda p: "-".join(f"{k}={v}" for k, v in p.items()),
)
def test_gaps_parameters_pick_the_rows_of_the_whole_answer(kg: Graph, stored: dict, params: dict) -> None:
    """Each parameter keeps exactly the rows of the whole answer that it names, and some."""
    country_of = {
        r["plan"].value: r["country"].value
        for r in kg.select("SELECT ?plan ?country WHERE { ?plan <https://w3id.org/wpskg/ont#planCountry> ?country }")
    }
    plans = {
        "be-wps-nap-3": PLAN + "be-wps-nap-3",
        "Netherlands NAP-IV 1325": PLAN + "nl-wps-nap-4",
    }
    countries = {"NL": COUNTRY + "NL", "België": COUNTRY + "BE", "BE": COUNTRY + "BE"}

    def wanted(r: dict) -> bool:
        return (
            r["kind"] == params.get("kind", r["kind"])
            and ("plan" not in params or r["plan"] == plans[params["plan"]])
            and ("country" not in params or country_of.get(r["plan"]) == countries[params["country"]])
        )

    expected = [r for r in rows(kg, stored, "gaps") if wanted(r)]
    assert expected
    assert rows(kg, stored, "gaps", **params) == expected


# --------------------------------------------------------------------------- parameters and errors


def test_unknown_values_list_the_valid_ones(kg: Graph, stored: dict) -> None:
    with pytest.raises(ParameterError, match=r"Valid codes: .*\bML\b"):
        queries.bind(stored["funders"], kg, {"country": "Atlantis"})
    with pytest.raises(ParameterError, match=r"valid themes: .*\bcrsv\b.*\bgbv\b"):
        queries.bind(stored["funders"], kg, {"theme": "violence"})
    with pytest.raises(ParameterError, match=r"Valid plans: .*\bbe-wps-nap-3\b"):
        queries.bind(stored["objectives"], kg, {"plan": "be-wps-nap-9"})
    with pytest.raises(ParameterError, match=r"one of country, theme, funder, funder-country, recipient"):
        queries.bind(stored["funding-totals"], kg, {"by": "continent"})
    with pytest.raises(ParameterError, match=r"one of wps, gbv, any"):
        queries.bind(stored["plans"], kg, {"type": "1325"})
    with pytest.raises(ParameterError, match=r"has no parameter 'colour'"):
        queries.bind(stored["plans"], kg, {"colour": "red"})


def test_unknown_plan_in_a_large_graph_names_the_nearest_not_all(project: Project, stored: dict) -> None:
    """Regression: at 1000 plans the error listed every plan, 20,000 characters."""
    g = Graph()
    g.load_files(project.ontology_files, project)
    g.add_quads(ox.parse(synth.synthesize(40, seed=1)[0].encode(), format=ox.RdfFormat.TURTLE))
    infer(g)
    plans = [p.value for (p,) in g.store.query("SELECT ?p WHERE { ?p a <https://w3id.org/wpskg/ont#Plan> }")]
    short = sorted(p.rsplit("/", 1)[1] for p in plans)
    wanted = short[0] + "9"
    with pytest.raises(ParameterError) as err:
        queries.bind(stored["objectives"], g, {"plan": wanted})
    message = str(err.value)
    listed = message.split("Valid plans: ", 1)[1]
    assert short[0] in listed and f"({len(short)} in all)" in listed
    assert sum(s in listed.split(", ") for s in short) <= 3, message
    assert len(message) < 400, message


def test_country_names_and_codes_ignore_case(kg: Graph, stored: dict) -> None:
    expected = queries.bind(stored["plans"], kg, {"country": "BE"})
    for spelling in ("be", "Belgium", "BELGIUM", " belgium "):
        assert queries.bind(stored["plans"], kg, {"country": spelling}) == expected


def test_country_codes_and_names_in_the_sources_languages(kg: Graph, stored: dict) -> None:
    """Regression: only English names and two-letter codes were taken; "België", "Belgique",
    "Nederland" and "MLI" were unknown countries."""
    for country, spellings in {"BE": ("België", "belgique", "BEL"), "NL": ("Nederland",), "ML": ("MLI",)}.items():
        expected = queries.bind(stored["plans"], kg, {"country": country})
        for spelling in spellings:
            assert queries.bind(stored["plans"], kg, {"country": spelling}) == expected, spelling


def test_a_misspelt_country_names_the_nearest(kg: Graph, stored: dict) -> None:
    """Regression: a misspelt name gave a list of 101 codes and no name."""
    with pytest.raises(ParameterError, match=r"Did you mean Mali \(ML\)\?"):
        queries.bind(stored["funders"], kg, {"country": "Maly"})
    with pytest.raises(ParameterError, match=r"Did you mean Netherlands \(NL\)\?"):
        queries.bind(stored["funders"], kg, {"country": "Nederlnd"})
    with pytest.raises(ParameterError) as err:
        queries.bind(stored["funders"], kg, {"country": "xx"})
    assert "Did you mean" not in str(err.value)
    # Regression (researcher audit, session 31): a word of a longer name had no suggestion.
    with pytest.raises(ParameterError, match=r"Did you mean Democratic Republic of the Congo \(CD\)\?"):
        queries.bind(stored["funders"], kg, {"country": "Congo"})


def test_cli_unknown_country_exits_2_and_lists_codes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "query", "funders", "--param", "country=Atlantis")
    assert code == 2 and out == ""
    assert "no country 'Atlantis' in the graph" in err
    assert re.search(r"Valid codes: .*\bBE\b.*\bML\b", err)
    assert "Traceback" not in err


def test_cli_unknown_plan_and_theme_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "query", "objectives", "--param", "plan=be-wps-nap-42")
    assert code == 2 and "be-wps-nap-3" in err
    code, _, err = cli(capsys, "query", "funders", "--param", "theme=nope")
    assert code == 2 and "gbv" in err


# --------------------------------------------------------------------------- output formats


def test_csv_and_json_keep_amounts_exact(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "query", "funding-totals", "--param", "by=funder", "--format", "csv")
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out)))
    totals = {(r["group"], r["per"]): r["total"] for r in table}
    # "6.311.964,8 EUR" exactly: neither 6311964.800000001 nor 6.3119648e6
    assert totals[("Belgian Development Cooperation", "")] == "6311964.8"
    assert totals[("Belgium", "")] == "42079219.9"
    assert totals[("Belgium", "year")] == "31000000"  # 4 + 9 + 15 + 3 million a year; "tot 2.000.000" is a ceiling
    code, out, _ = cli(capsys, "query", "funders", "--param", "country=ML", "--param", "theme=gbv", "--format", "json")
    assert code == 0
    objects = json.loads(out)
    assert isinstance(objects, list) and objects
    columns = queries.load_queries(ROOT / "queries")["funders"].columns
    assert all(list(o) == columns for o in objects)
    hi = next(o for o in objects if o["recipient"] == "Handicap International")
    assert hi["amount"] == "950000" and isinstance(hi["amount"], str)
    assert hi["period"] is None


def test_sparql_json_is_standard(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "query", "peacekeeping", "--param", "country=BE", "--format", "sparql-json")
    assert code == 0
    doc = json.loads(out)
    assert doc["head"]["vars"] == [
        "country",
        "date",
        "personnel",
        "women",
        "men",
        "category",
        "source",
        "figure",
        "part_of",
        "country_code",
    ]
    first = doc["results"]["bindings"][0]
    assert first["figure"]["type"] == "uri" and "part_of" not in first
    assert first["personnel"] == {"type": "literal", "value": "5", "datatype": XSD + "integer"}
    assert first["date"]["datatype"] == XSD + "gYearMonth"
    assert "category" not in first  # unbound cells are left out
    assert first["source"]["type"] == "literal" and "datatype" not in first["source"]


def test_table_wraps_long_text(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    # funders' 17 columns do not fit in 100 characters: each row is a record, a line per column
    code, out, _ = cli(capsys, "query", "funders", "--param", "country=ML", "--param", "theme=gbv")
    assert code == 0
    lines = out.splitlines()
    assert [line[:7] for line in lines if line.startswith("-[ ")] == [f"-[ {n} ]-" for n in range(1, 6)]
    assert lines[1].startswith("funding ") and lines[-1] == "(5 rows)"
    assert len(lines) > 5 * 18, "long quotes and titles wrap over several lines"
    assert all(len(line) <= 100 for line in lines)
    assert "| 950000" in out and "| Handicap International" in out
    # a narrow answer stays a table
    code, out, _ = cli(capsys, "query", "funding-totals", "--param", "by=theme")
    assert out.splitlines()[0].startswith("group ") and set(out.splitlines()[1]) <= {"-", "+"}


def test_a_query_file_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    (tmp_path / "latin1.rq").write_bytes("SELECT * WHERE { ?s ?p 'café' }".encode("latin-1"))
    with pytest.raises(InputError, match=f"^{tmp_path / 'latin1.rq'}:1:28: not valid UTF-8 \\(byte 0xe9\\)"):
        queries.load_queries(tmp_path)


def test_every_stored_query_passes_its_own_check(stored: dict[str, queries.StoredQuery]) -> None:
    for query in stored.values():
        query.check()


def test_a_funding_whose_source_gives_no_amount_is_listed_but_in_no_total(kg: Graph, stored: dict) -> None:
    """Regression: contributions the sources give without an amount ("Nederland droeg ook
    substantieel bij aan het VN Peacebuilding Fund") were curated as actions only, so the
    Netherlands was never a funder."""
    funders = {r["funding"]: r for r in rows(kg, stored, "funders")}
    pbf = funders[FUND + "nl-pbf-contribution"]
    assert (pbf["funder"], pbf["recipient"], pbf["amount"], pbf["currency"]) == (
        "Netherlands",
        "UN Peacebuilding Fund",
        None,
        None,
    )
    assert pbf["quote"].startswith("Nederland droeg ook substantieel bij aan het VN Peacebuilding Fund")
    # Belgian Development Cooperation's grants to UN Women projects in seven countries, Mali among them
    mali = {r["funding"] for r in rows(kg, stored, "funders", country="ML")}
    assert FUND + "be-un-women-projects" in mali
    unstated = {r["subject"] for r in rows(kg, stored, "gaps") if r["kind"] == "funding-no-amount"}
    assert FUND + "nl-pbf-contribution" in unstated
    assert unstated == {f for f, r in funders.items() if r["amount"] is None and r["max_amount"] is None}
    assert "Netherlands" not in {r["group"] for r in rows(kg, stored, "funding-totals", by="funder")}


def test_a_ceiling_is_max_amount_and_in_no_total(kg: Graph, stored: dict) -> None:
    """Regression: "UNFPA-bijdragen tot 2.000.000 EUR per jaar" was an exact amount in funders and
    in Belgium's yearly total; it is a ceiling (schema:maxValue)."""
    funders = {r["funding"]: r for r in rows(kg, stored, "funders")}
    unfpa = funders[FUND + "be-unfpa-earmarked"]
    assert (unfpa["amount"], Decimal(unfpa["max_amount"]), unfpa["currency"], unfpa["per"]) == (
        None,
        Decimal("2000000"),
        "EUR",
        "year",
    )
    assert "tot 2.000.000 EUR per jaar" in unfpa["quote"]
    ceilings = {f for f, r in funders.items() if r["max_amount"] is not None}
    assert ceilings == {FUND + "be-unfpa-earmarked"}
    assert all(r["amount"] is not None for f, r in funders.items() if f not in ceilings and r["currency"])
    by_recipient = {(r["group"], r["per"]) for r in rows(kg, stored, "funding-totals", by="recipient")}
    assert ("UNFPA", "year") not in by_recipient
    claimed = rows(kg, stored, "provenance", subject="fund:be-unfpa-earmarked")
    amounts = [r["value"] for r in claimed if r["property"] == "https://schema.org/amount"]
    assert [Decimal(a) for a in amounts] == [Decimal("2000000")]


def test_provenance_lists_a_claim_on_several_subjects_with_each_subjects_own_properties(
    kg: Graph, stored: dict
) -> None:
    """Regression: a claim on a plan and its objectives gave the plan rows for the objectives'
    properties (skos:notation, wps:objectiveOf) with an empty value."""
    found = rows(kg, stored, "provenance", subject="plan:be-wps-nap-3")
    claims = {r["claim"] for r in found}
    assert "https://w3id.org/wpskg/id/claim/be-nap4-page-nap3-objectives" in claims
    assert [r["property"] for r in found if r["value"] is None] == []
    objective = rows(kg, stored, "provenance", subject="obj:be-wps-nap-3-1")
    notations = {r["value"] for r in objective if r["property"] == "http://www.w3.org/2004/02/skos/core#notation"}
    assert notations == {"1"}


def test_funding_totals_by_funder_country_adds_a_state_and_its_agencies(kg: Graph, stored: dict) -> None:
    """Regression: Belgium and Belgian Development Cooperation were two funders that no grouping
    added up; by=funder-country groups the funders by the country they act for."""
    acting_for_be = {
        r["l"].value
        for r in kg.select(
            sparql_prologue() + "SELECT ?l WHERE { ?f schema:funder ?a . ?a wps:actsFor country:BE ; rdfs:label ?l "
            'FILTER(LANG(?l) = "en") }'
        )
    }
    assert {"Belgium", "Belgian Development Cooperation"} <= acting_for_be
    by_funder = rows(kg, stored, "funding-totals", by="funder")
    by_country = {
        (r["group"], r["currency"], r["per"]): r for r in rows(kg, stored, "funding-totals", by="funder-country")
    }
    for key in {(r["currency"], r["per"]) for r in by_funder if r["group"] in acting_for_be}:
        funders = [r for r in by_funder if r["group"] in acting_for_be and (r["currency"], r["per"]) == key]
        be = by_country[("BE", *key)]
        assert Decimal(be["total"]) == sum(Decimal(r["total"]) for r in funders)
        assert int(be["grants"]) == sum(int(r["grants"]) for r in funders)


def test_funding_totals_by_funder_country_shares_a_grant_of_two_countries(project: Project, stored: dict) -> None:
    g = load_project(project)
    # A grant co-funded by Belgium and the Netherlands, and one by Belgium and a UN fund.
    g.store.update(
        sparql_prologue() + "INSERT DATA { fund:be-crsv-mptf schema:funder actor:netherlands . "
        "fund:be-global-survivors-fund schema:funder actor:un-peacebuilding-fund . }"
    )
    infer(g)
    found = {(r["group"], r["per"]): r for r in rows(g, stored, "funding-totals", by="funder-country")}
    assert int(found[("NL", None)]["shared_grants"]) == 1
    assert Decimal(found[("NL", None)]["shared_total"]) == Decimal("300000")
    assert int(found[("(none)", None)]["shared_grants"]) == 1
    assert int(found[("BE", None)]["shared_grants"]) == 2
    assert Decimal(found[("BE", None)]["shared_total"]) == Decimal("300000") + Decimal("800000")


# --------------------------------------------------------------------------- docs/queries.md


def doc_samples() -> list[tuple[str, list[str]]]:
    """Each ``$ wpskg query …`` sample of docs/queries.md: its command and the lines shown."""
    text = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```\n(\$ wpskg query [^\n]*\n.*?)```", text, re.S):
        for sample in re.split(r"\n(?=\$ )", block.rstrip("\n")):
            command, *shown = sample.split("\n")
            found.append((command[2:], shown))
    return found


DOC_SAMPLES = doc_samples()


@pytest.mark.parametrize("command, shown", DOC_SAMPLES, ids=[c for c, _ in DOC_SAMPLES])
def test_the_samples_of_docs_queries_md_are_what_wpskg_says(
    command: str, shown: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each line shown is a line of the output, where "…" stands for text left out (the rest of a
    cut line, the middle of a list, an IRI's namespace, or rows)."""
    monkeypatch.setenv("COLUMNS", "120")  # tables wrap at the terminal's width
    args = [a.strip('"') for a in re.findall(r'"[^"]*"|\S+', command)][1:]
    code = main([*args, "--project", str(ROOT)])
    out, err = capsys.readouterr()
    said = (out + err).splitlines()
    assert shown
    for line in shown:
        pattern = re.compile(".*".join(re.escape(part) for part in line.split("…")))
        assert any(pattern.fullmatch(s) for s in said), line
    assert (code == 0) == (not err), err


def test_the_readme_names_every_stored_query(stored: dict) -> None:
    """The README's list of the stored queries is the queries/ folder, and says how many there are."""
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    sentence = re.search(r"`queries/` holds (\w+) named, parameterised queries: ([^.]*)\.", readme)
    assert sentence, "the README's sentence that lists the stored queries"
    named = set(re.findall(r"`([a-z-]+)`", sentence.group(2)))
    assert named == set(stored)
    assert sentence.group(1) == in_words(len(stored))


def test_a_period_without_an_end_covers_the_years_from_its_start_to_the_report(
    project: Project, graph: Graph, stored: dict[str, queries.StoredQuery], tmp_path: Path
) -> None:
    """Regression: funders with year= left out fundings whose plan's period has a start and no end
    (the Netherlands' fourth NAP, "from 2021"), and actions, figures and funders printed no period
    for such a period. Regression (researcher audit, session 31): such a period then covered every
    year after its start, 2099 too; it covers them up to the issue of the funding's source (2022)."""
    nl_pbf = "https://w3id.org/wpskg/id/funding/nl-pbf-contribution"
    period = graph.select(
        "PREFIX dcat: <http://www.w3.org/ns/dcat#> SELECT ?s WHERE { <https://w3id.org/wpskg/id/period/from-2021> "
        "dcat:startDate ?s FILTER NOT EXISTS { <https://w3id.org/wpskg/id/period/from-2021> dcat:endDate ?e } }"
    )
    assert [r["s"].value for r in period] == ["2021"]  # the case: a start and no end
    for year, expected in (("2020", []), ("2021", ["plan"]), ("2022", ["plan"]), ("2024", [])):
        found = [r["year_from"] for r in rows(graph, stored, "funders", year=year) if r["funding"] == nl_pbf]
        assert found == expected, year
    extra = tmp_path / "open.ttl"
    extra.write_text(
        "@prefix wps: <https://w3id.org/wpskg/ont#> . @prefix dct: <http://purl.org/dc/terms/> .\n"
        "@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<urn:x:period> dcat:endDate '2019'^^xsd:gYear .\n"
        "<urn:x:action> a wps:Action ; rdfs:label 'x'@en ; dct:temporal <https://w3id.org/wpskg/id/period/from-2021> .\n"
        "<urn:x:figure> a wps:ReportedFigure ; wps:indicator <urn:x:indicator> ; wps:value 1 ; dct:temporal <urn:x:period> .\n"
        "<urn:x:funding> a wps:Funding ; dct:temporal <urn:x:period> .\n",
        encoding="utf-8",
    )
    kg = load_project(project, extra=[extra])
    infer(kg)
    assert {r["action"]: r["period"] for r in rows(kg, stored, "actions")}["urn:x:action"] == "2021/"
    assert {r["figure"]: r["period"] for r in rows(kg, stored, "figures")}["urn:x:figure"] == "/2019"
    funders = {r["funding"]: r for r in rows(kg, stored, "funders")}
    assert funders["urn:x:funding"]["period"] == "/2019"
    assert [r["funding"] for r in rows(kg, stored, "funders", year="2019")].count("urn:x:funding") == 1
    assert "urn:x:funding" not in [r["funding"] for r in rows(kg, stored, "funders", year="2020")]


def test_a_graph_that_was_not_inferred_is_refused(project: Project) -> None:
    """Regression: ``load_project`` then ``run_query`` (as the package docstring lists them) gave
    0 funders of GBV work in Mali, 0 plans and 38 gaps of 54, with no word: the queries read
    what ``infer`` adds."""
    stored = queries.load_queries(project.query_dir)["plans"]
    graph = load_project(project)
    with pytest.raises(queries.QueryError, match=r"not been inferred.*wpskg.infer\(graph\)"):
        queries.run(stored, graph)
    infer(graph)
    plans = {row[0] for row in graph.store.query("SELECT DISTINCT ?p WHERE { ?p a <https://w3id.org/wpskg/ont#Plan> }")}
    assert {row[0].value for row in queries.run(stored, graph).result.rows} == {p.value for p in plans}
    graph.add_quads([])  # nothing new: still inferred
    assert queries.run(stored, graph).result.rows
    new = ox.Quad(
        ox.NamedNode("https://example.org/p"), ox.NamedNode(WPS + "planCountry"), ox.NamedNode("https://example.org/c")
    )
    graph.add_quads([new])  # a triple added after inference: infer again
    with pytest.raises(queries.QueryError, match="not been inferred"):
        queries.run(stored, graph)


def test_parameters_from_python_may_be_numbers_not_other_objects(graph: Graph, project: Project) -> None:
    stored = queries.load_queries(project.query_dir)["funders"]
    by_number = queries.run(stored, graph, {"year": 2021}).result.rows  # type: ignore[dict-item]
    assert by_number and by_number == queries.run(stored, graph, {"year": "2021"}).result.rows
    with pytest.raises(ParameterError, match=r"parameter 'year' takes text, not float 2021\.0"):
        queries.run(stored, graph, {"year": 2021.0})  # type: ignore[dict-item]


def test_a_missing_folder_of_queries_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="nowhere: no such folder of stored queries"):
        queries.load_queries(tmp_path / "nowhere")


def test_a_query_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    """Regression: a BOM before ``#+ summary`` gave "syntax error … expected CONSTRUCT" at 1:10, and
    ``wpskg queries`` listed the query with no summary and no parameters."""
    text = (ROOT / "queries" / "plans.rq").read_text(encoding="utf-8")
    (tmp_path / "plans.rq").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (stored,) = queries.load_queries(tmp_path).values()
    assert stored.summary == queries.load_query(ROOT / "queries" / "plans.rq").summary != ""
    assert [p.name for p in stored.params] == [p.name for p in queries.load_query(ROOT / "queries" / "plans.rq").params]


@pytest.mark.parametrize(
    "given",
    ["gbv", "GBV", "VBG", "Violences basées sur le genre", "gendergerelateerd geweld", "violences basees sur le genre"],
)
def test_a_theme_by_its_notation_or_a_name_in_any_language(graph: Graph, given: str) -> None:
    """Regression: themes took their notation only, though countries, plans and actors take names,
    and themes.ttl names each in English, Dutch and French."""
    assert queries.Resolver(graph).theme(given) == "https://w3id.org/wpskg/vocab/theme/gbv"


def test_an_unknown_theme_lists_the_notations(graph: Graph, project: Project) -> None:
    stored = queries.load_queries(project.query_dir)["funders"]
    with pytest.raises(ParameterError, match=r"unknown theme 'nope'.*crsv, .*gbv.*name in English, Dutch or French"):
        queries.run(stored, graph, {"theme": "nope"})


def test_an_endpoint_with_no_countries_says_where_the_data_may_be() -> None:
    """Regression: a store whose default graph is empty gave "one of the 0 countries the sources
    name. Valid codes: " (nothing)."""
    resolver = queries.Resolver(lambda query: [], "the data of http://127.0.0.1:7879/query")
    with pytest.raises(ParameterError, match=r"has no countries at all .*default-graph-uri"):
        resolver.resolve(queries.Param("country", "country"), "ML")


def test_no_description_splits_a_word_at_a_hyphen() -> None:
    """Regression (researcher audit, session 31): gaps' description broke "action-no-" at a line end,
    and the folded text read "action-no- responsible-actor", which cannot be copied as a kind."""
    split = {
        name: found
        for name, q in queries.load_queries(ROOT / "queries").items()
        if (found := re.findall(r"\w+- \w+", q.prose_for(examples=True)))
    }
    assert not split, split


def test_a_period_without_an_end_and_a_source_without_a_date_covers_every_year_from_its_start(
    project_copy: Project, stored: dict[str, queries.StoredQuery]
) -> None:
    """Review: with the open end bounded by the issue of the funding's sources, a funding whose
    sources give no issue date matched no year at all, not even its plan's first."""
    facts = project_copy.root / "instances" / "nl-nap4-progress-2021.nl" / "facts.ttl"
    text = facts.read_text(encoding="utf-8")
    assert text.count('    dct:issued "2022-11-09"^^xsd:date ;\n') == 1
    facts.write_text(text.replace('    dct:issued "2022-11-09"^^xsd:date ;\n', ""), encoding="utf-8")
    kg = load_project(project_copy)
    infer(kg)
    nl_pbf = "https://w3id.org/wpskg/id/funding/nl-pbf-contribution"
    for year in ("2021", "2030"):
        assert nl_pbf in {r["funding"] for r in rows(kg, stored, "funders", year=year)}, year
