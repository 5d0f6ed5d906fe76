"""Query results as text: the terminal table, CSV, JSON and SPARQL JSON."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox

from wpskg import results

ROWS = [
    (
        ox.NamedNode("https://w3id.org/wpskg/id/actor/handicap-international"),
        ox.Literal("Handicap International"),
        ox.Literal("6311964.80", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
        ox.Literal("Vrouwen, Vrede en Veiligheid", language="nl"),
    ),
    (ox.NamedNode("https://example.org/x"), None, None, None),
]
VARIABLES = ["actor", "name", "amount", "title"]


def test_the_table_breaks_lines_between_words() -> None:
    """Regression: a narrow column cut 'Handicap International' into 'Handicap Int' and 'ernational'."""
    table = results.to_table(VARIABLES, ROWS, width=80)  # (at 50 the row is a record: see below)
    cells = [line.split(" | ")[1].strip() for line in table.splitlines()[2:-1] if " | " in line]
    assert "Handicap" in cells and not any(c.startswith("Handicap ") and c != "Handicap International" for c in cells)
    assert table.rstrip().endswith("(2 rows)")


def test_a_column_gives_way_only_down_to_its_longest_word_while_another_can() -> None:
    """Regression: the widest column gave way first, so gaps' kind column printed
    'funding-no-recipient-countr' and 'y' on two lines while its detail column had room to spare."""
    kind = "funding-no-recipient-country"
    row = (
        ox.Literal(kind),
        ox.NamedNode("https://w3id.org/wpskg/id/action/be-wps-nap-3-gender-counterterrorism-asylum"),
        ox.NamedNode("https://w3id.org/wpskg/id/plan/be-gbv-nap-2021-2025"),
        ox.Literal("300000 EUR to Conflict-Related Sexual Violence Multi-Partner Trust Fund"),
    )
    columns = ["kind", "subject", "plan", "detail"]
    table = results.to_table(columns, [row], width=120)
    lines = table.splitlines()
    assert lines[2].startswith(kind + " | "), table
    assert all(len(line) <= 120 for line in lines)
    # with too little room for every word, the row is a record: no word is cut, no line too long
    narrow = results.to_table(columns, [row], width=60)
    assert narrow.splitlines()[:3] == [
        "-[ 1 ]" + "-" * 54,
        f"kind    | {kind}",
        "subject | act:be-wps-nap-3-gender-counterterrorism-asylum",
    ]
    detail = [line.split(" | ", 1)[1] for line in narrow.splitlines()[4:-1]]
    assert " ".join(detail) == "300000 EUR to Conflict-Related Sexual Violence Multi-Partner Trust Fund"
    assert all(len(line) <= 60 for line in narrow.splitlines())


def test_a_wide_answer_is_shown_as_records_with_every_word_whole() -> None:
    """Regression: 13 columns at 120 characters (the actions query) cut IRIs and words into slivers."""
    columns = [f"column_{i}" for i in range(13)]
    row = [ox.Literal(f"value {i} Vrouwen, Vrede en Veiligheid") for i in range(13)]
    table = results.to_table(columns, [row, row], width=120)
    lines = table.splitlines()
    assert lines[0].startswith("-[ 1 ]---") and lines[-1] == "(2 rows)"
    assert sum(1 for line in lines if line.startswith("column_0 ")) == 2
    assert all(len(line) <= 120 for line in lines)
    words = {w for line in lines if " | " in line for w in line.split(" | ", 1)[1].split()}
    assert {"Vrouwen,", "Vrede", "Veiligheid"} <= words
    # no rows: the columns are still named
    assert results.to_table(columns, [], width=120).splitlines()[0].startswith("column_0 | column_1 |")
    # the same answer in few columns stays a table
    assert results.to_table(columns[:3], [row[:3]], width=120).splitlines()[1].startswith("---")


def test_csv_keeps_every_digit_and_leaves_unbound_cells_empty() -> None:
    rows = list(csv.reader(io.StringIO(results.render(VARIABLES, ROWS, "csv"))))
    assert rows[0] == VARIABLES
    assert rows[1][2] == "6311964.80" and rows[2][1:] == ["", "", ""]


def test_sparql_json_keeps_language_tags_and_datatypes() -> None:
    bindings = json.loads(results.render(VARIABLES, ROWS, "sparql-json"))["results"]["bindings"]
    assert bindings[0]["title"] == {"type": "literal", "value": "Vrouwen, Vrede en Veiligheid", "xml:lang": "nl"}
    assert bindings[0]["amount"]["datatype"] == "http://www.w3.org/2001/XMLSchema#decimal"
    assert bindings[1] == {"actor": {"type": "uri", "value": "https://example.org/x"}}


def test_a_table_of_no_columns() -> None:
    """Regression: ``wpskg sparql 'SELECT * WHERE { }'`` crashed the table format (max() of nothing)."""
    assert results.to_table([], [[]]) == "(no columns)\n(1 row)\n"
    assert results.to_table([], []) == "(no columns)\n(0 rows)\n"


def test_control_characters_of_the_data_do_not_reach_the_terminal() -> None:
    """Regression: a label with ESC sequences cleared the screen and retitled the terminal."""
    rows = [[ox.Literal("Foo\x1b[2J\x1b]0;pwned\x07")]]
    table = results.to_table(["label"], rows)
    assert "\x1b" not in table and "\x07" not in table and "Foo\\x1b[2J\\x1b]0;pwned\\x07" in table
    assert "\x1b" in results.to_csv(["label"], rows)  # the data itself, in a data format, is exact
