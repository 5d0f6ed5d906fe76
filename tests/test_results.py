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
    table = results.to_table(VARIABLES, ROWS, width=50)
    cells = [line.split(" | ")[1].strip() for line in table.splitlines()[2:-1] if " | " in line]
    assert "Handicap" in cells and not any(c.startswith("Handicap ") and c != "Handicap International" for c in cells)
    assert table.rstrip().endswith("(2 rows)")


def test_csv_keeps_every_digit_and_leaves_unbound_cells_empty() -> None:
    rows = list(csv.reader(io.StringIO(results.render(VARIABLES, ROWS, "csv"))))
    assert rows[0] == VARIABLES
    assert rows[1][2] == "6311964.80" and rows[2][1:] == ["", "", ""]


def test_sparql_json_keeps_language_tags_and_datatypes() -> None:
    bindings = json.loads(results.render(VARIABLES, ROWS, "sparql-json"))["results"]["bindings"]
    assert bindings[0]["title"] == {"type": "literal", "value": "Vrouwen, Vrede en Veiligheid", "xml:lang": "nl"}
    assert bindings[0]["amount"]["datatype"] == "http://www.w3.org/2001/XMLSchema#decimal"
    assert bindings[1] == {"actor": {"type": "uri", "value": "https://example.org/x"}}
