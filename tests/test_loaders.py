"""The safe loaders: strict parsing with positions, refusals, limits, and a fuzz of all four formats."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import fuzz_module

from wpskg import loaders
from wpskg.errors import InputError
from wpskg.loaders import BASE_IRI, MAX_BYTES, load, load_bytes
from wpskg.loaders import jsonld as jsonld_loader
from wpskg.loaders import rdfxml as rdfxml_loader
from wpskg.loaders._common import MAX_IRI, MAX_LITERAL

ROOT = Path(__file__).resolve().parent.parent
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_OPEN = f'<rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:e="http://e/">'


def refused(data: str | bytes, name: str) -> str:
    """The message of the InputError that loading ``data`` as ``name`` raises."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with pytest.raises(InputError) as info:
        load_bytes(raw, name)
    return str(info.value)


# --------------------------------------------------------------------------- the four formats

SAME_TRIPLE = {
    "x.ttl": '@prefix e: <http://e/> .\ne:a e:p "01"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
    "x.nt": '<http://e/a> <http://e/p> "01"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
    "x.jsonld": json.dumps({"@id": "http://e/a", "http://e/p": {"@value": "01", "@type": XSD + "integer"}}),
    "x.rdf": f'{RDF_OPEN}<rdf:Description rdf:about="http://e/a"><e:p rdf:datatype="{XSD}integer">01</e:p>'
    "</rdf:Description></rdf:RDF>",
}


@pytest.mark.parametrize("name", list(SAME_TRIPLE))
def test_each_format_loads_the_same_triple_with_its_lexical_form(name: str) -> None:
    doc = load_bytes(SAME_TRIPLE[name].encode(), name)
    assert [q.triple for q in doc.quads] == [
        ox.Triple(
            ox.NamedNode("http://e/a"),
            ox.NamedNode("http://e/p"),
            ox.Literal("01", datatype=ox.NamedNode(XSD + "integer")),
        )
    ]


def test_format_is_chosen_by_extension() -> None:
    assert loaders.loader_for("a/B.TTL") is loaders.turtle and loaders.loader_for("x.json") is jsonld_loader
    assert "unknown RDF file extension '.n3'" in refused("", "x.n3")


def test_utf8_byte_order_mark_is_accepted_and_lines_are_kept() -> None:
    message = refused(b"\xef\xbb\xbf<http://e/a> <http://e/p> <http://e/o> .\n<http://e/a> <http://e/p> .", "x.ttl")
    assert message.startswith("x.ttl:2:")


def test_not_utf8_names_its_line() -> None:
    assert refused(b'<http://e/a> <http://e/p> "x" .\n"\xff"', "x.nt").startswith(
        "x.nt:2:2: not valid UTF-8 (byte 0xff)"
    )


# --------------------------------------------------------------------------- strict syntax, with positions


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('@prefix e: <http://e/> .\n"lit" e:p e:o .', "x.ttl:2:1:"),  # a literal subject
        ("@prefix e: <http://e/> .\ne:a e:p <http://e/a b> .", "x.ttl:2:9:"),  # an IRI with a space
        ('@prefix e: <http://e/> .\ne:a e:p "x"@en^^e:dt .', "x.ttl:2:"),  # a language tag and a datatype
        ("@prefix e: <http://e/> .\n\ne:a e:p e:o", "x.ttl:3:"),  # no final dot
    ],
)
def test_invalid_turtle_is_an_error_with_file_line_and_column(text: str, where: str) -> None:
    assert refused(text, "x.ttl").startswith(where)


def test_malformed_json_and_xml_report_line_and_column() -> None:
    assert refused('{\n  "@id": "http://e/a",\n  "http://e/p": }', "x.jsonld").startswith(
        "x.jsonld:3:17: malformed JSON"
    )
    assert refused(f"{RDF_OPEN}\n<rdf:Description>\n</rdf:RDF>", "x.rdf").startswith("x.rdf:3:3: malformed XML")


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        (
            "x.ttl",
            "@prefix e: <http://e/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\n"
            'e:a e:p "2024-02-30"^^xsd:date .',
            4,
        ),
        (
            "x.ttl",
            "@prefix e: <http://e/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
            "e:a e:q 1 ;\n    e:p '2024-02-30'^^xsd:date .",
            4,
        ),
        ("x.nt", '<http://e/a> <http://e/p> "x" .\n<http://e/a> <http://e/p> "6.311.964,8"^^<' + XSD + "decimal> .", 2),
        (
            "x.jsonld",
            '{\n "@id": "http://e/a",\n "http://e/p": {"@value": "2024-02-30", "@type": "' + XSD + 'date"}\n}',
            3,
        ),
        (
            "x.rdf",
            f'{RDF_OPEN}\n<rdf:Description rdf:about="http://e/a">\n<e:p rdf:datatype="{XSD}gYear">21</e:p>\n'
            "</rdf:Description></rdf:RDF>",
            3,
        ),
    ],
)
def test_ill_typed_literal_is_an_error_with_file_and_line(name: str, text: str, line: int) -> None:
    message = refused(text, name)
    assert message.startswith(f"{name}:{line}: ill-typed literal"), message


def test_huge_integer_is_checked_without_crashing() -> None:
    digits = "9" * 5000
    assert "ill-typed" in refused(f'<http://e/a> <http://e/p> "{digits}"^^<{XSD}int> .', "x.nt")
    doc = load_bytes(f'<http://e/a> <http://e/p> "{digits}"^^<{XSD}integer> .'.encode(), "x.nt")
    assert doc.quads[0].object.value == digits


# --------------------------------------------------------------------------- what to write instead

TTL_HEAD = "@prefix e: <http://e/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"


@pytest.mark.parametrize(
    ("name", "text", "where", "hint"),
    [
        (
            "x.ttl",
            TTL_HEAD + 'e:a e:amount [ e:value 1.000.000,50 ; e:currency "EUR" ] .',
            "x.ttl:3:29: ",
            ': 1.000.000,50 is a number in European notation, which Turtle does not read: write it as "1000000.50"^^xsd:decimal',
        ),
        (
            "x.ttl",
            TTL_HEAD + 'e:a e:p "x" ;\n    e:amount 2.500.000 .',
            "x.ttl:4:19: ",
            ': 2.500.000 is a number in European notation, which Turtle does not read: write it as 2500000, or "2500000.00"^^xsd:decimal for an amount',
        ),
        (
            "x.nt",
            "<http://e/a> <http://e/p> 6.311.964,8 .",
            "x.nt:1:27: ",
            f': 6.311.964,8 is a number in European notation, which N-Triples does not read: write it as "6311964.8"^^<{XSD}decimal>',
        ),
        (
            "x.ttl",
            TTL_HEAD + 'e:a e:amount "1.000.000,50"^^xsd:decimal .',
            "x.ttl:3: ",
            ': write it as "1000000.50"^^xsd:decimal',
        ),
        (
            "x.nt",
            '<http://e/a> <http://e/p> "1.000.000,50"^^<' + XSD + "decimal> .",
            "x.nt:1: ",
            ': write it as "1000000.50"^^xsd:decimal',
        ),
    ],
    ids=["decimal-comma", "thousands", "n-triples", "quoted", "quoted-n-triples"],
)
def test_a_number_in_european_notation_gets_the_decimal_to_write(name: str, text: str, where: str, hint: str) -> None:
    """Regression (curator audit): ``1.000.000,50`` was a parse error (``.000 is not a valid subject``)
    that did not say how to write the number."""
    message = refused(text, name)
    assert message.startswith(where) and message.endswith(hint), message


@pytest.mark.parametrize(
    ("text", "where", "hint"),
    [
        (
            "e:a e:label “Vrede en veiligheid”@nl .",
            "x.ttl:3:13: ",
            '“ is a typographic quote: use straight double quotes ("): write "Vrede en veiligheid"',
        ),
        (
            "e:a e:label ‘Vrede’ .",
            "x.ttl:3:13: ",
            '‘ is a typographic quote: use straight double quotes ("): write "Vrede"',
        ),
        (
            "e:a e:p e:b ; e:label „Vrede“@de .",
            "x.ttl:3:23: ",
            '„ is a typographic quote: use straight double quotes ("): write "Vrede"',
        ),
        (
            "e:a e:label “it’s”@en .",
            "x.ttl:3:13: ",
            '“ is a typographic quote: use straight double quotes ("): write "it’s"',
        ),
        (
            'e:a e:label "Vrede”@nl ;\n    e:p e:b .',
            "x.ttl:3:",
            'the literal ends with a typographic quote ”: use straight double quotes (")',
        ),
        ('e:a e:label “Vrede" .', "x.ttl:3:13: ", '“ is a typographic quote: use straight double quotes (")'),
    ],
    ids=["double", "single", "low", "apostrophe-inside", "closed-only", "opened-only"],
)
def test_a_literal_in_typographic_quotes_is_an_error_that_asks_for_straight_ones(
    text: str, where: str, hint: str
) -> None:
    """Regression (curator audit): ``“Vrede”`` only said that '“' cannot begin a prefixed name."""
    message = refused(TTL_HEAD + text, "x.ttl")
    assert message.startswith(where) and message.endswith(hint), message


@pytest.mark.parametrize(
    ("literal", "hint"),
    [
        ('"2019-06"^^xsd:date', ': write it as "2019-06"^^xsd:gYearMonth, or a full date "2019-06-DD"^^xsd:date'),
        ('"2019"^^xsd:date', ': write it as "2019"^^xsd:gYear, or a full date "2019-MM-DD"^^xsd:date'),
        ('"2019-6-1"^^xsd:date', ': write it as "2019-06-01"^^xsd:date'),
        ('"16/12/2021"^^xsd:date', ': write it as "2021-12-16"^^xsd:date'),
        ('"2019-06-01"^^xsd:gYearMonth', ': write it as "2019-06-01"^^xsd:date, or "2019-06"^^xsd:gYearMonth'),
        ('"2019"^^xsd:gYearMonth', ': write it as "2019"^^xsd:gYear, or a full date "2019-MM-DD"^^xsd:date'),
        ('"2019-06"^^xsd:gYear', ': write it as "2019-06"^^xsd:gYearMonth'),
    ],
    ids=["month-as-date", "year-as-date", "unpadded", "day-first", "day-as-month", "year-as-month", "month-as-year"],
)
def test_a_date_in_the_form_of_another_datatype_gets_the_literal_to_write(literal: str, hint: str) -> None:
    """Regression (curator audit): ``"2019-06"^^xsd:date`` was an ill-typed literal with no word of
    ``xsd:gYearMonth``."""
    message = refused(TTL_HEAD + f"e:a e:p e:b ;\n    e:date {literal} .", "x.ttl")
    assert message == f"x.ttl:4: ill-typed literal {literal}{hint}"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("x.ttl", TTL_HEAD + 'e:a e:date "2024-02-30"^^xsd:date .'),  # no such day
        ("x.ttl", TTL_HEAD + 'e:a e:date "03/04/2021"^^xsd:date .'),  # 3 April or March 4
        ("x.ttl", TTL_HEAD + 'e:a e:amount "1,000"^^xsd:decimal .'),  # a thousand, or one
        ("x.ttl", TTL_HEAD + "e:a e:amount 2019.06.01 ."),  # a number of no notation
        ("x.ttl", TTL_HEAD + 'e:a e:label "1.000.000,50 .'),  # in a string left open
        ("x.ttl", TTL_HEAD + 'e:a e:label "“Vrede”"@nl e:b .'),  # typographic quotes inside a literal
        ("x.jsonld", '{"@id": "http://e/a",\n "http://e/p": {"@value": "x", "@type": "http://e/t"}, 1.000.000,50}'),
    ],
)
def test_a_parse_error_that_is_not_one_of_these_mistakes_gets_no_hint(name: str, text: str) -> None:
    message = refused(text, name)
    assert "write" not in message and "typographic" not in message and "European" not in message, message


def test_a_literal_with_typographic_quotes_inside_straight_ones_loads() -> None:
    doc = load_bytes((TTL_HEAD + 'e:a e:label "De „Vrede“ en ‘veiligheid’"@nl .').encode(), "x.ttl")
    assert doc.quads[0].object.value == "De „Vrede“ en ‘veiligheid’"


# --------------------------------------------------------------------------- refused structures


def test_relative_iris_resolve_against_the_fixed_base() -> None:
    for name, text in {
        "x.ttl": "<a> <p> <#b> .",
        "x.jsonld": '{"@id": "a", "http://e/p": {"@id": "#b"}}',
        "x.rdf": f'{RDF_OPEN}<rdf:Description rdf:about="a"><e:p rdf:resource="#b"/></rdf:Description></rdf:RDF>',
    }.items():
        iris = {t.value for q in load_bytes(text.encode(), name).quads for t in (q.subject, q.object)}
        assert iris == {BASE_IRI + "a", BASE_IRI + "#b"}, (name, iris)


def test_file_iris_are_refused_with_their_line() -> None:
    assert refused(
        "<http://e/a> <http://e/p> <http://e/o> .\n<file:///etc/passwd> <http://e/p> 1 .", "x.ttl"
    ).startswith("x.ttl:2: file: IRI <file:///etc/passwd> is refused")
    assert "file: IRI" in refused("@base <file:///home/me/> .\n<a> <http://e/p> 1 .", "x.ttl")
    assert "file: IRI" in refused(
        f'{RDF_OPEN}<rdf:Description rdf:about="x" xml:base="file:///tmp/"><e:p>1</e:p></rdf:Description></rdf:RDF>',
        "x.rdf",
    )


def test_named_graphs_are_refused_whatever_the_object() -> None:
    doc = {"@id": "http://e/g", "@graph": [{"@id": "http://e/a", "http://e/p": {"@id": "http://e/o"}}]}
    assert "named graphs are not allowed" in refused(json.dumps(doc), "x.jsonld")


def test_rdf12_triple_terms_and_directions_are_refused() -> None:
    assert "triple terms" in refused(
        "<http://e/a> <http://e/p> <<( <http://e/a> <http://e/p> <http://e/o> )>> .", "x.ttl"
    )
    assert "triple terms" in refused("<< <http://e/a> <http://e/p> <http://e/o> >> <http://e/q> 1 .", "x.ttl")
    assert "base directions" in refused('<http://e/a> <http://e/p> "x"@ar--rtl .', "x.ttl")


def test_size_limits() -> None:
    with pytest.raises(InputError, match="over the limit of 10"):
        load_bytes(b"<http://e/a> <http://e/p> 1 .", "x.ttl", max_bytes=10)
    assert f"over the limit of {MAX_LITERAL}" in refused(
        f'<http://e/a> <http://e/p> "{"x" * (MAX_LITERAL + 1)}" .', "x.nt"
    )
    assert f"over the limit of {MAX_IRI}" in refused(f"<http://e/{'x' * MAX_IRI}> <http://e/p> 1 .", "x.ttl")
    assert MAX_BYTES >= 10 * 1024 * 1024


def test_oversized_file_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.ttl"
    path.write_bytes(b"#" * 2048)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a file over the limit"))
    with pytest.raises(InputError, match=r"big\.ttl: file is 2048 bytes, over the limit of 1024"):
        load(path, max_bytes=1024)


def test_expansion_is_bounded() -> None:
    prefix = "http://e/" + "x" * 8000
    text = f"@prefix p: <{prefix}> .\np: p: p: " + ", p: " * 50_000 + "."
    start = time.perf_counter()
    assert "outgrow the file" in refused(text, "x.ttl")
    assert time.perf_counter() - start < 5


# --------------------------------------------------------------------------- JSON-LD


def test_shipped_context_is_used_offline() -> None:
    doc = {"@context": jsonld_loader.CONTEXT_IRI, "@id": "plan:be-wps-nap-3", "@type": "wps:Plan"}
    quads = load_bytes(json.dumps(doc).encode(), "x.jsonld").quads
    assert [q.object.value for q in quads] == ["https://w3id.org/wpskg/ont#Plan"]


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"@context": "http://127.0.0.1:9/ctx.jsonld", "@id": "http://e/a"}, "remote JSON-LD context"),
        ({"@context": ["file:///etc/passwd"], "@id": "http://e/a"}, "remote JSON-LD context"),
        (
            {"@context": {"t": {"@id": "http://e/t", "@context": "http://127.0.0.1:9/c"}}, "@id": "http://e/a"},
            "remote JSON-LD context",
        ),
        (
            {"@id": "http://e/a", "http://e/p": {"@context": "http://127.0.0.1:9/c", "@id": "http://e/b"}},
            "remote JSON-LD context",
        ),
        ({"@context": {"@import": "http://127.0.0.1:9/c"}, "@id": "http://e/a"}, "@import"),
    ],
)
def test_jsonld_contexts_outside_the_shipped_ones_are_refused(doc: dict, message: str) -> None:
    assert message in refused(json.dumps(doc), "x.jsonld")


def test_jsonld_must_be_strict_json() -> None:
    assert "duplicate JSON key '@context'" in refused(
        '{"@context": "https://w3id.org/wpskg/context.jsonld", "@context": "http://evil/", "@id": "http://e/a"}',
        "x.jsonld",
    )
    assert "NaN is not JSON" in refused('{"@id": "http://e/a", "http://e/p": NaN}', "x.jsonld")
    assert "malformed JSON" in refused('{"@id": "http://e/a", "http://e/p": ' + "1" * 5000 + "}", "x.jsonld")


def test_deeply_nested_jsonld_is_refused_before_pyoxigraph_overflows_its_stack() -> None:
    depth = jsonld_loader.MAX_DEPTH + 1
    doc = '{"@id": "http://e/a", "http://e/p": ' + '{"http://e/p": ' * depth + '"x"' + "}" * depth + "}"
    assert "nested more than" in refused(doc, "x.jsonld")
    ok = '{"@id": "http://e/a", "http://e/p": ' + '{"http://e/p": ' * 150 + '"x"' + "}" * 150 + "}"
    assert len(load_bytes(ok.encode(), "x.jsonld").quads) == 151


@pytest.mark.parametrize(
    ("doc", "where", "tag"),
    [
        # a value object, a default language in the context, a key of a language map (shipped context)
        ('{"@id": "http://e/a",\n "http://e/p": {"@value": "x", "@language": "en_GB"}}', "x.jsonld:2:45", "en_GB"),
        ('{"@context": {"@language": "fr_BE"},\n "@id": "http://e/a", "http://e/p": "x"}', "x.jsonld:1:28", "fr_BE"),
        (
            '{"@context": "https://w3id.org/wpskg/context.jsonld", "@id": "http://e/a",\n'
            ' "label": {"en": "ok",\n  "nl_BE": "x"}}',
            "x.jsonld:3:3",
            "nl_BE",
        ),
        (
            '{"@context": {"l": {"@id": "http://e/l", "@container": ["@language", "@set"]}},\n'
            ' "@id": "http://e/a", "l": {"e n": "x"}}',
            "x.jsonld:2:29",
            "e n",
        ),
    ],
)
def test_jsonld_language_tag_that_pyoxigraph_would_drop_is_an_error_at_its_line(doc: str, where: str, tag: str) -> None:
    """Regression: pyoxigraph dropped the statement of a malformed tag silently (``"@language": "en_GB"``)."""
    message = refused(doc, "x.jsonld")
    assert message.startswith(f"{where}: the language tag {tag!r} is not well-formed BCP 47")
    if "_" in tag:
        assert message.endswith(f"did you mean {tag.replace('_', '-')!r}?")


def test_jsonld_well_formed_language_tags_and_map_keys_load() -> None:
    doc = {
        "@context": jsonld_loader.CONTEXT_IRI,
        "@id": "http://e/a",
        "label": {"en-GB": "x", "@none": "y"},
        "rdfs:comment": {"@value": "z", "@language": "nl-BE"},
    }
    literals = sorted(str(q.object) for q in load_bytes(json.dumps(doc).encode(), "x.jsonld").quads)
    assert literals == ['"x"@en-gb', '"y"', '"z"@nl-be']


# --------------------------------------------------------------------------- RDF/XML


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE r [<!ENTITY a "aaaa">]>',
        '<!DOCTYPE rdf:RDF SYSTEM "file:///etc/passwd">',
        "<!doctype r>",
        '<?xml version="1.0"?>\n<!-- a comment -->\n<!DOCTYPE r [\n<!ENTITY x SYSTEM "http://127.0.0.1:9/">]>',
    ],
)
def test_rdfxml_dtds_are_refused(prolog: str) -> None:
    assert "DOCTYPE or entity declarations is refused" in refused(f"{prolog}\n{RDF_OPEN}</rdf:RDF>", "x.rdf")


def test_rdfxml_must_be_utf8_and_shallow() -> None:
    assert "encoding 'UTF-16' is refused" in refused(
        f'<?xml version="1.0" encoding="UTF-16"?>{RDF_OPEN}</rdf:RDF>', "x.rdf"
    )
    depth = rdfxml_loader.MAX_DEPTH
    deep = RDF_OPEN + '<rdf:Description rdf:about="http://e/a"><e:p>' * depth + "x" + "</e:p></rdf:Description>" * depth
    assert "nested more than" in refused(deep + "</rdf:RDF>", "x.rdf")


def test_rdfxml_malformed_language_tag_names_its_line_and_the_tag_it_likely_means() -> None:
    """Regression: pyoxigraph reports a bad ``xml:lang`` without a position."""
    doc = f'{RDF_OPEN}\n<rdf:Description rdf:about="http://e/a">\n  <e:p xml:lang="en_GB">x</e:p>\n</rdf:Description></rdf:RDF>'
    message = refused(doc, "x.rdf")
    assert message.startswith("x.rdf:3:18: ")
    assert "'en_gb'" in message and message.endswith('did you mean xml:lang="en-GB"?')


# --------------------------------------------------------------------------- fuzz


@pytest.fixture(scope="module")
def rec():
    """A loopback server that counts requests: the remote contexts and imports of the fuzz point at it."""
    with fuzz_module().recorder() as recorder:
        yield recorder


@settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_fuzzed_documents_load_or_fail_cleanly_without_fetching(rec, data: st.DataObject) -> None:
    fuzz = fuzz_module()
    content, ext = data.draw(fuzz.loader_inputs(rec.url, fuzz.sentinel_file().as_uri()))
    fuzz.loader_target(content, ext, rec)


STATEMENTS = """@prefix ex: <http://e/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
ex:a a ex:T ;
    ex:p ex:b ,
        ex:c ;
    ex:q "x" ;
    <http://e/r> "y" ;
    ex:p ex:d .
ex:e ex:q "z" ; ex:t "w" .
"""


@pytest.mark.parametrize(
    ("predicate", "value", "line"),
    [
        ("http://e/q", None, 6),
        ("http://e/p", None, 4),
        ("http://e/p", "http://e/c", 5),  # an object on the list's next line
        ("http://e/p", "http://e/d", 8),  # the predicate given a second time
        ("http://e/r", "y", 7),  # written as a full IRI
        ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://e/T", 3),  # written as `a`
        ("http://e/s", None, None),  # not given: the caller keeps the subject's line
        ("http://e/q", "z", 6),  # a value not written: the predicate's line
        ("http://e/t", None, None),  # given to the next subject only
    ],
)
def test_statement_line_finds_the_line_of_a_subjects_statement(
    predicate: str, value: str | None, line: int | None
) -> None:
    assert loaders.statement_line(STATEMENTS, 3, predicate, value) == line


def test_statement_line_reads_n_triples() -> None:
    nt = '<http://e/a> <http://e/p> "1" .\n<http://e/a> <http://e/q> "2" .\n<http://e/b> <http://e/q> "3" .\n'
    assert loaders.statement_line(nt, 1, "http://e/q") == 2
    assert loaders.statement_line(nt, 1, "http://e/q", "3") == 2  # not the next subject's line


_CONTEXT = '{"wps": "https://w3id.org/wpskg/ont#", "act": "https://w3id.org/wpskg/id/action/"}'


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (
            '"@id": "act:a",\n"responsibleActor": {"@id": "act:b"}',
            3,
            "'responsibleActor' is not a term of the @context",
        ),
        ('"@Id": "act:a",\n"wps:responsibleActor": {"@id": "act:b"}', 2, "did you mean '@id'?"),
        (
            '"@id": "acts:a",\n"wps:responsibleActor": {"@id": "act:b"}',
            2,
            "the prefix acts:, which no @context defines",
        ),
        ('"@id": "act:a",\n"wpz:responsibleActor": {"@id": "act:b"}', 3, "the prefix wpz: of 'wpz:responsibleActor'"),
    ],
    ids=["unprefixed-term", "keyword-case", "undefined-id-prefix", "undefined-key-prefix"],
)
def test_jsonld_that_a_processor_would_drop_is_an_error_at_its_line(body: str, line: int, message: str) -> None:
    """Regression (curator audit, session 31): "responsibleActor" without its prefix, "@Id" and an
    undefined prefix were dropped by JSON-LD without a word, and validate passed."""
    text = '{"@context": ' + _CONTEXT + ",\n" + body + "}"
    with pytest.raises(loaders.InputError) as error:
        loaders.load_bytes(text.encode(), "x.jsonld")
    assert error.value.location is not None and error.value.location.line == line, str(error.value)
    assert message in error.value.message, str(error.value)


def test_jsonld_with_a_language_map_and_full_iris_is_read() -> None:
    text = json.dumps(
        {
            "@context": [
                json.loads(_CONTEXT),
                {"label": {"@id": "http://www.w3.org/2000/01/rdf-schema#label", "@container": "@language"}},
            ],
            "@id": "act:a",
            "label": {"en": "A", "nl": "Een"},
            "https://schema.org/name": "A",
            "wps:responsibleActor": {"@id": "https://w3id.org/wpskg/id/actor/b"},
        }
    )
    assert len(loaders.load_bytes(text.encode(), "x.jsonld").quads) == 4


def test_a_key_used_again_is_reported_at_each_of_its_lines() -> None:
    """Review: three node objects with "responsibleActor" gave three errors at the first one's line."""
    nodes = ",\n".join(f'{{"@id": "act:{i}",\n"responsibleActor": {{"@id": "act:b"}}}}' for i in range(3))
    text = '{"@context": ' + _CONTEXT + ',\n"@graph": [\n' + nodes + "]}"
    with pytest.raises(loaders.InputError) as error:
        loaders.load_bytes(text.encode(), "x.jsonld")
    lines = [e.location.line for e in getattr(error.value, "errors", [error.value])]
    assert lines == [4, 6, 8], str(error.value)


def dropped(context: dict | list, body: str) -> list[InputError]:
    """The errors of a JSON-LD document whose first line is ``context`` and whose next lines are ``body``."""
    text = '{"@context": ' + json.dumps(context) + ",\n" + body + "}"
    with pytest.raises(InputError) as error:
        load_bytes(text.encode(), "x.jsonld")
    return getattr(error.value, "errors", [error.value])


_WPS = {"wps": "https://w3id.org/wpskg/ont#", "act": "https://w3id.org/wpskg/id/action/"}


@pytest.mark.parametrize(
    ("context", "fate"),
    [
        (_WPS, "its value is dropped"),
        (
            {**_WPS, "@vocab": "https://w3id.org/wpskg/ont#"},
            "@vocab reads it as the property <https://w3id.org/wpskg/ont#{}>",
        ),
    ],
    ids=["dropped", "vocab-property"],
)
def test_jsonld_id_and_type_without_at_are_errors_that_name_the_keyword(context: dict, fate: str) -> None:
    """Regression (curator audit): "id": "act:a" was dropped with a hint to write wps:id, and with an
    @vocab it became a property wps:id of a blank node, and validate passed."""
    errors = dropped(context, '"id": "act:a",\n"type": "wps:Action"')
    assert [str(e) for e in errors] == [
        f"x.jsonld:{line}:1: '{key}' is not a JSON-LD keyword and no @context aliases it to '@{key}', so "
        f"{fate.format(key)} instead of being the node's @{key}: did you mean '@{key}'?"
        for line, key in [(2, "id"), (3, "type")]
    ]


def test_jsonld_id_and_type_aliased_as_schema_orgs_context_does_are_read() -> None:
    context = {"@vocab": "https://schema.org/", "id": "@id", "type": "@type", **_WPS}
    text = json.dumps({"@context": context, "id": "act:a", "type": "wps:Action", "funder": {"id": "act:b"}})
    triples = sorted(str(q.triple) for q in load_bytes(text.encode(), "x.jsonld").quads)
    assert triples == [
        "<https://w3id.org/wpskg/id/action/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/wpskg/ont#Action>",
        "<https://w3id.org/wpskg/id/action/a> <https://schema.org/funder> <https://w3id.org/wpskg/id/action/b>",
    ]
    # An alias of @id is checked as @id is.
    assert "the prefix acts:, which no @context defines" in str(dropped(context, '"id": "acts:a"')[0])


@pytest.mark.parametrize("null", [None, {"@id": None}], ids=["null", "id-null"])
def test_jsonld_term_set_to_null_is_an_error_at_each_use(null: object) -> None:
    """Regression (curator audit): "label": null in a context dropped every label, and validate passed."""
    context = [jsonld_loader.CONTEXT_IRI, {"label": null}]
    errors = dropped(
        context, '"@id": "act:a",\n"label": {"en": "A"},\n"wps:part": {"@id": "act:b",\n"label": {"en": "B"}}'
    )
    assert [str(e) for e in errors] == [
        f"x.jsonld:{line}:{column}: the @context sets the term 'label' to null, so every value of 'label' is dropped: "
        "remove the null definition, or write the property with its prefix"
        for line, column in [(3, 1), (5, 1)]
    ]


def test_jsonld_term_set_to_null_in_a_nodes_own_context_reaches_only_that_node() -> None:
    context = {**_WPS, "label": "http://www.w3.org/2000/01/rdf-schema#label"}
    text = json.dumps(
        {"@context": context, "@id": "act:a", "label": "A", "wps:part": {"@context": {"label": None}, "@id": "act:b"}}
    )
    assert len(load_bytes(text.encode(), "x.jsonld").quads) == 2
    # and it does reach that node (session 32's review: the test never used the term there)
    inner = {"@context": {"label": None}, "@id": "act:b", "label": "B"}
    text = json.dumps({"@context": context, "@id": "act:a", "label": "A", "wps:part": inner})
    with pytest.raises(InputError, match="the @context sets the term 'label' to null"):
        load_bytes(text.encode(), "x.jsonld")


@pytest.mark.parametrize(
    ("context", "key", "meant"),
    [
        (jsonld_loader.CONTEXT_IRI, "funder", "(schema:funder)"),
        (jsonld_loader.CONTEXT_IRI, "prefLabel", "(skos:prefLabel)"),
        (jsonld_loader.CONTEXT_IRI, "name", "(schema:name or foaf:name)"),
        (_WPS, "funder", "(https://schema.org/funder)"),
        (_WPS, "responsibleActor", "(wps:responsibleActor)"),
        # session 32's review: wpskg's own terms come first, and XSD's datatypes are no properties
        (jsonld_loader.CONTEXT_IRI, "recipient", "(wps:recipient or schema:recipient)"),
        (jsonld_loader.CONTEXT_IRI, "date", "(wps:date or dct:date)"),
        (_WPS, "fundingg", "(wps:fundingg, …)"),
    ],
)
def test_jsonld_unprefixed_term_of_a_known_vocabulary_is_given_its_prefix(
    context: object, key: str, meant: str
) -> None:
    """Curator audit: "funder" was told to be written wps:funder or rdfs:funder."""
    [error] = dropped(context, f'"@id": "act:a",\n"{key}": "x"')
    assert str(error) == (
        f"x.jsonld:3:1: {key!r} is not a term of the @context, so its value is dropped: write it with the prefix of "
        f"its vocabulary {meant}, or define it in the @context"
    )


@pytest.mark.parametrize(("value", "hinted"), [("“Vrede”", True), ("'Vrede'", False)])
def test_jsonld_typographic_quotes_are_named(value: str, hinted: bool) -> None:
    """Regression (session 32's hint helper): a JSON-LD value in typographic quotes gave only
    "malformed JSON: Expecting value", where Turtle names the quote."""
    text = (
        '{"@context": {"rdfs": "http://www.w3.org/2000/01/rdf-schema#"},\n "@id": "https://x.org/a", "rdfs:label": '
        + value
        + "}"
    )
    with pytest.raises(InputError) as error:
        loaders.load_bytes(text.encode(), "a.jsonld")
    assert str(error.value).startswith("a.jsonld:2:42: malformed JSON: Expecting value"), str(error.value)
    assert ("typographic quote: JSON writes strings in straight quotes" in str(error.value)) is hinted


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ('"@type": "wpz:Plan"', "the @type 'wpz:Plan' uses the prefix wpz:, which no @context defines"),
        ('"@type": "Plan"', "the @type 'Plan' is not a term of the @context, so it is read as an IRI relative"),
        ('"dct:date": {"@value": "2019", "@type": "xsd:gYear"}', "the @type 'xsd:gYear' uses the prefix xsd:"),
        ('"@type": "wps:Plan"', None),
        ('"@type": ["wps:Plan", "https://schema.org/Thing"]', None),
    ],
)
def test_jsonld_a_type_no_context_defines_is_an_error_at_its_line(typed: str, said: str | None) -> None:
    """Regression (session 32's JSON-LD helper): an undefined prefix in an @type value (of a node or
    of a value object) passed without a word: the type, or the datatype, named nothing."""
    text = (
        '{"@context": {"wps": "https://w3id.org/wpskg/ont#", "dct": "http://purl.org/dc/terms/"},\n'
        f' "@id": "https://x.org/a",\n {typed}}}'
    )
    if said is None:
        assert loaders.load_bytes(text.encode(), "a.jsonld").quads
        return
    with pytest.raises(InputError) as error:
        loaders.load_bytes(text.encode(), "a.jsonld")
    assert str(error.value).startswith("a.jsonld:3:") and said in str(error.value), str(error.value)


def test_jsonld_a_date_hint_is_written_as_json_ld() -> None:
    """Session 32's review: the hint for an ill-typed date in a JSON-LD file was written in Turtle
    ("2019-06"^^xsd:gYearMonth), which the file cannot hold."""
    text = (
        '{"@context": {"dct": "http://purl.org/dc/terms/", "xsd": "http://www.w3.org/2001/XMLSchema#"},\n'
        ' "@id": "https://x.org/a", "dct:date": {"@value": "2019-06", "@type": "xsd:date"}}'
    )
    with pytest.raises(InputError) as error:
        loaders.load_bytes(text.encode(), "a.jsonld")
    assert str(error.value).endswith(
        'write it as {"@value": "2019-06", "@type": "xsd:gYearMonth"}, or a full date '
        '{"@value": "2019-06-DD", "@type": "xsd:date"}'
    ), str(error.value)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (
            '[\n  {"@context": {"ex": "https://example.org/", "label": "http://www.w3.org/2000/01/rdf-schema#label"},\n'
            '   "@id": "ex:a", "label": "A"},\n  {"@context": {"ex": "https://example.org/"},\n'
            '   "@id": "ex:b", "label": "B"}\n]',
            "x.jsonld:5:19: 'label' is not a term",
        ),
        (
            '{\n  "@context": {"ex": "https://example.org/", "Thing": {"@id": "ex:Thing", "@context": {"name": "ex:name"}}},\n'
            '  "@id": "ex:a",\n  "@type": "Thing",\n  "name": "A",\n  "ex:child": {"@id": "ex:b", "name": "B"}\n}',
            "x.jsonld:6:31: 'name' is not a term",
        ),
    ],
)
def test_jsonld_a_key_is_placed_where_it_is_dropped_not_where_it_is_first_written(text: str, where: str) -> None:
    """Regression (session 32's review): with a node's own or a type-scoped context, the error was put
    at the first use of the key outside a @context, which was the valid one (lines 3 and 5)."""
    with pytest.raises(InputError) as error:
        load_bytes(text.encode(), "x.jsonld")
    assert str(error.value).startswith(where), str(error.value)
