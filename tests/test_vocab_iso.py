"""Tests for the generated ISO vocabularies, shapes and language codes (scripts/gen_vocab_iso.py)."""

from __future__ import annotations

import csv
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, RDFS, SKOS, Literal, Namespace, URIRef
from rdflib.collection import Collection

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "sources"
MENTIONS_TSV = REPO / "ontology" / "vocab" / "countries-in-sources.tsv"
COUNTRIES_TTL = REPO / "ontology" / "vocab" / "countries.ttl"
CURRENCIES_TTL = REPO / "ontology" / "vocab" / "currencies.ttl"
SHAPES_TTL = REPO / "shapes" / "iso-codes.ttl"
LANGUAGES_TXT = REPO / "src" / "wpskg" / "iso639.txt"
REGIONS_TXT = REPO / "src" / "wpskg" / "iso3166.txt"
GENERATOR = REPO / "scripts" / "gen_vocab_iso.py"
GENERATED = [
    Path("ontology/vocab/countries.ttl"),
    Path("ontology/vocab/currencies.ttl"),
    Path("shapes/iso-codes.ttl"),
    Path("src/wpskg/iso639.txt"),
    Path("src/wpskg/iso3166.txt"),
]

WPS = Namespace("https://w3id.org/wpskg/ont#")
WPSH = Namespace("https://w3id.org/wpskg/shapes#")
COUNTRY = Namespace("https://w3id.org/wpskg/vocab/country/")
CURRENCY = Namespace("https://w3id.org/wpskg/vocab/currency/")
COUNTRY_SCHEME = URIRef("https://w3id.org/wpskg/vocab/country")
CURRENCY_SCHEME = URIRef("https://w3id.org/wpskg/vocab/currency")
EU_COUNTRY = "http://publications.europa.eu/resource/authority/country/"

HAVE_PYCOUNTRY = importlib.util.find_spec("pycountry") is not None


def normalise(text: str) -> str:
    """Collapse whitespace; join words hyphenated across a line break.

    "Nieuw-\\nZeeland" in the report becomes "Nieuw-Zeeland": the hyphen is
    part of the name, only the line break is layout.
    """
    text = re.sub(r"-[ \t]*\r?\n\s*", "-", text)
    return " ".join(text.split())


def read_mentions() -> list[tuple[str, str, str]]:
    with MENTIONS_TSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows[0] == ["alpha2", "mention", "source_file"]
    return [tuple(r) for r in rows[1:] if r]  # type: ignore[misc]


def mention_lang(mention: str, source_file: str) -> str:
    if (source_file, mention) == (
        "be-nap3-final-report-2017-2021.nl.txt",
        "Syrian Arab Republic",
    ):
        return "en"
    return source_file.rsplit(".", 2)[-2]


@pytest.fixture(scope="module")
def countries() -> rdflib.Graph:
    return rdflib.Graph().parse(COUNTRIES_TTL, format="turtle")


# --- the hand-curated mention table -------------------------------------------


def test_mention_rows_well_formed() -> None:
    rows = read_mentions()
    assert rows, "no rows"
    for row in rows:
        assert len(row) == 3, row
        alpha2, mention, source_file = row
        assert re.fullmatch(r"[A-Z]{2}", alpha2), row
        assert mention and mention == mention.strip(), row
        assert (SOURCES / source_file).is_file(), row
        assert re.search(r"\.[a-z]{2}\.txt$", source_file), row  # a source text in any language
    assert len(rows) == len(set(rows)), "duplicate rows"
    assert rows == sorted(rows, key=lambda r: (r[0], r[2], r[1])), "rows not sorted"


@pytest.mark.parametrize(
    "alpha2,mention,source_file",
    read_mentions(),
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_mention_occurs_in_source(alpha2: str, mention: str, source_file: str) -> None:
    text = normalise((SOURCES / source_file).read_text(encoding="utf-8"))
    pattern = r"(?<!\w)" + re.escape(normalise(mention)) + r"(?!\w)"
    assert re.search(pattern, text), f"{mention!r} ({alpha2}) not in {source_file}"


def test_key_countries_listed() -> None:
    codes = {r[0] for r in read_mentions()}
    # focus countries, recipients and a sample of the UPR list
    for code in ("BE", "NL", "BF", "CD", "ML", "NE", "PS", "UA", "NG", "GN", "SY"):
        assert code in codes, code
    for code in ("JO", "YE", "SA", "DK", "SE", "ES", "GB", "MX", "GE", "SZ", "EC"):
        assert code in codes, code
    assert len(codes) >= 95


# --- countries.ttl ---------------------------------------------------------------


def test_countries_parse_with_pyoxigraph() -> None:
    pyoxigraph = pytest.importorskip("pyoxigraph")
    for rel in (rel for rel in GENERATED if rel.suffix == ".ttl"):
        with (REPO / rel).open("rb") as fh:
            quads = list(pyoxigraph.parse(fh, format=pyoxigraph.RdfFormat.TURTLE))
        assert quads, rel


def test_country_set_matches_mentions(countries: rdflib.Graph) -> None:
    in_graph = {str(s).removeprefix(str(COUNTRY)) for s in countries.subjects(RDF.type, WPS.Country)}
    assert in_graph == {r[0] for r in read_mentions()}


def test_country_scheme(countries: rdflib.Graph) -> None:
    assert (COUNTRY_SCHEME, RDF.type, SKOS.ConceptScheme) in countries
    assert (COUNTRY_SCHEME, RDFS.label, Literal("Countries", lang="en")) in countries
    assert (
        COUNTRY_SCHEME,
        SKOS.prefLabel,
        Literal("Countries", lang="en"),
    ) in countries
    assert countries.value(COUNTRY_SCHEME, SKOS.definition) is not None


def test_every_country_concept_complete(countries: rdflib.Graph) -> None:
    subjects = sorted(set(countries.subjects(RDF.type, WPS.Country)))
    assert subjects
    for s in subjects:
        code = str(s).removeprefix(str(COUNTRY))
        assert re.fullmatch(r"[A-Z]{2}", code), s
        assert (s, RDF.type, SKOS.Concept) in countries, s
        assert (s, SKOS.inScheme, COUNTRY_SCHEME) in countries, s
        assert (s, SKOS.notation, Literal(code)) in countries, s
        assert list(countries.objects(s, WPS.iso3166Alpha2)) == [Literal(code)], s
        alpha3 = list(countries.objects(s, WPS.iso3166Alpha3))
        assert len(alpha3) == 1 and re.fullmatch(r"[A-Z]{3}", str(alpha3[0])), s
        eu = [str(o) for o in countries.objects(s, SKOS.exactMatch)]
        assert len(eu) == 1 and eu[0].startswith(EU_COUNTRY), s
        eu_code = eu[0].removeprefix(EU_COUNTRY)
        assert eu_code == {"XK": "XKX"}.get(code, str(alpha3[0])), s
        prefs = list(countries.objects(s, SKOS.prefLabel))
        langs = sorted(p.language for p in prefs)  # type: ignore[attr-defined]
        assert langs == ["en", "fr", "nl"], (s, prefs)
        for p in prefs:
            assert str(p).strip() and ", " not in str(p), (s, p)
        en = [p for p in prefs if p.language == "en"]  # type: ignore[attr-defined]
        assert list(countries.objects(s, RDFS.label)) == en, s
        alts = set(countries.objects(s, SKOS.altLabel))
        assert not alts & set(prefs), f"{s}: altLabel equals a prefLabel"


def test_known_values(countries: rdflib.Graph) -> None:
    be = COUNTRY.BE
    assert (be, WPS.iso3166Alpha3, Literal("BEL")) in countries
    assert (be, SKOS.exactMatch, URIRef(EU_COUNTRY + "BEL")) in countries
    assert (be, SKOS.prefLabel, Literal("Belgium", lang="en")) in countries
    assert (be, SKOS.prefLabel, Literal("België", lang="nl")) in countries
    assert (be, SKOS.prefLabel, Literal("Belgique", lang="fr")) in countries
    assert (COUNTRY.PS, SKOS.exactMatch, URIRef(EU_COUNTRY + "PSE")) in countries
    assert (COUNTRY.SZ, SKOS.altLabel, Literal("Swaziland", lang="nl")) in countries
    assert (COUNTRY.EC, SKOS.altLabel, Literal("Equator", lang="nl")) in countries
    assert (COUNTRY.CD, SKOS.altLabel, Literal("RDC", lang="nl")) in countries
    assert (
        COUNTRY.SY,
        SKOS.altLabel,
        Literal("Syrian Arab Republic", lang="en"),
    ) in countries


def test_every_mention_is_a_label(countries: rdflib.Graph) -> None:
    for alpha2, mention, source_file in read_mentions():
        s = COUNTRY[alpha2]
        lit = Literal(mention, lang=mention_lang(mention, source_file))
        labels = set(countries.objects(s, SKOS.prefLabel)) | set(countries.objects(s, SKOS.altLabel))
        assert lit in labels, (alpha2, mention, source_file)


# --- currencies.ttl --------------------------------------------------------------


def test_currencies() -> None:
    g = rdflib.Graph().parse(CURRENCIES_TTL, format="turtle")
    assert (CURRENCY_SCHEME, RDF.type, SKOS.ConceptScheme) in g
    eur = CURRENCY.EUR
    assert (eur, RDF.type, WPS.Currency) in g
    assert (eur, RDF.type, SKOS.Concept) in g
    assert (eur, SKOS.notation, Literal("EUR")) in g
    assert (eur, SKOS.prefLabel, Literal("Euro", lang="en")) in g
    assert (eur, SKOS.inScheme, CURRENCY_SCHEME) in g
    subjects = set(g.subjects(RDF.type, WPS.Currency))
    assert len(subjects) >= 150
    for s in subjects:
        code = str(s).removeprefix(str(CURRENCY))
        assert re.fullmatch(r"[A-Z]{3}", code), s
        assert (s, SKOS.notation, Literal(code)) in g, s
        assert g.value(s, SKOS.prefLabel) is not None, s


# --- shapes/iso-codes.ttl --------------------------------------------------------

TEST_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix wpsh: <https://w3id.org/wpskg/shapes#> .
@prefix ex: <http://example.org/> .
ex:CodeHolder a sh:NodeShape ;
    sh:targetSubjectsOf ex:country, ex:currency ;
    sh:property [ sh:path ex:country ; sh:node wpsh:ISO3166Alpha2Code ] ,
                [ sh:path ex:currency ; sh:node wpsh:ISO4217CurrencyCode ] .
"""


def _validate(data_ttl: str) -> tuple[bool, rdflib.Graph]:
    pyshacl = pytest.importorskip("pyshacl")
    shapes = rdflib.Graph().parse(SHAPES_TTL, format="turtle")
    shapes.parse(data=TEST_SHAPES, format="turtle")
    data = rdflib.Graph().parse(data="@prefix ex: <http://example.org/> .\n" + data_ttl, format="turtle")
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes)
    return conforms, report


def _failing_values(report: rdflib.Graph) -> set[str]:
    sh = Namespace("http://www.w3.org/ns/shacl#")
    return {
        str(report.value(r, sh.value))
        for r in report.subjects(RDF.type, sh.ValidationResult)
        if report.value(r, sh.sourceConstraintComponent) == sh.NodeConstraintComponent
    }


def test_shapes_declared() -> None:
    g = rdflib.Graph().parse(SHAPES_TTL, format="turtle")
    sh = Namespace("http://www.w3.org/ns/shacl#")
    for shape, needle in (
        (WPSH.ISO3166Alpha2Code, "is not an ISO 3166-1 alpha-2 country code"),
        (WPSH.ISO4217CurrencyCode, "is not an ISO 4217 currency code"),
    ):
        assert (shape, RDF.type, sh.NodeShape) in g
        assert needle in str(g.value(shape, sh.message))
        items = list(Collection(g, g.value(shape, sh["in"])))
        assert items and all(i.datatype is None and i.language is None for i in items)
        assert len(items) == len(set(items))
    codes = Collection(g, g.value(WPSH.ISO3166Alpha2Code, sh["in"]))
    assert len(list(codes)) >= 249


def test_shape_accepts_valid_codes() -> None:
    conforms, report = _validate('ex:a ex:country "BE" ; ex:currency "EUR" .')
    assert conforms, report.serialize(format="turtle")


def test_shape_rejects_bad_codes() -> None:
    conforms, report = _validate(
        'ex:a ex:country "XX" .\nex:b ex:country "be" .\nex:c ex:country "BE" .\n'
        'ex:d ex:currency "EURO" .\nex:e ex:currency "eur" .'
    )
    assert not conforms
    assert _failing_values(report) == {"XX", "be", "EURO", "eur"}


def test_country_codes_pass_shape(countries: rdflib.Graph) -> None:
    codes = sorted(str(o) for o in countries.objects(None, WPS.iso3166Alpha2))
    data = "\n".join(f'ex:c{i} ex:country "{c}" .' for i, c in enumerate(codes))
    conforms, report = _validate(data)
    assert conforms, report.serialize(format="turtle")


# --- src/wpskg/iso639.txt ------------------------------------------------------------


def read_languages() -> dict[str, tuple[list[str], str]]:
    """iso639.txt by code: the other codes of the language, and its one-word English name."""
    rows: dict[str, tuple[list[str], str]] = {}
    for line in LANGUAGES_TXT.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        tag, _, rest = line.partition("\t")
        others, _, name = rest.partition("\t")
        assert tag not in rows, tag
        rows[tag] = (others.split(), name)
    return rows


def test_language_codes_well_formed() -> None:
    header = LANGUAGES_TXT.read_text(encoding="utf-8").splitlines()[:3]
    assert header[1] == "# GENERATED by scripts/gen_vocab_iso.py - do not edit by hand."
    assert re.fullmatch(r"# Source data: pycountry \S+\.", header[2]), header
    rows = read_languages()
    assert list(rows) == sorted(rows)
    for tag, (others, name) in rows.items():
        assert re.fullmatch(r"[a-z]{2,3}", tag), tag
        assert all(re.fullmatch(r"[a-z]{3}", o) and o not in rows for o in others), tag
        assert not name or (len(tag) == 2 and name.isalpha() and name.islower()), tag
    assert rows["en"] == (["eng"], "english")
    assert rows["nl"] == (["dut", "nld"], "dutch")
    assert rows["fr"] == (["fra", "fre"], "french")
    assert {"mul", "und", "zxx", "afa"} <= set(rows)  # special codes, and an ISO 639-5 family
    assert sum(len(t) == 2 for t in rows) >= 180 and len(rows) >= 7900


@pytest.mark.skipif(not HAVE_PYCOUNTRY, reason="pycountry (dev-time tool) not installed")
def test_language_codes_match_pycountry() -> None:
    import pycountry

    rows = read_languages()
    two = {lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")}
    three = {lang.alpha_3 for lang in pycountry.languages if not hasattr(lang, "alpha_2")}
    families = {family.alpha_3 for family in pycountry.language_families}
    assert set(rows) == two | three | families
    for lang in pycountry.languages:
        if hasattr(lang, "alpha_2"):
            assert lang.alpha_3 in rows[lang.alpha_2][0], lang
            assert getattr(lang, "bibliographic", lang.alpha_3) in rows[lang.alpha_2][0], lang


def test_region_codes_are_the_iso_3166_alpha_2_codes() -> None:
    lines = REGIONS_TXT.read_text(encoding="utf-8").splitlines()
    assert lines[1] == "# GENERATED by scripts/gen_vocab_iso.py - do not edit by hand."
    rows = [line.split("\t") for line in lines if not line.startswith("#")]
    codes = [row[0] for row in rows]
    assert codes == sorted(set(codes)) and all(re.fullmatch(r"[A-Z]{2}", c) for c in codes)
    assert all(row[1:] in ([], ["historic"]) for row in rows)
    current = {row[0] for row in rows if len(row) == 1}
    assert {"BE", "NL", "ML", "GB"} <= current and "UK" not in codes and len(current) >= 249
    assert {"YU", "SU", "ZR", "CS", "DD"} <= set(codes) - current
    if HAVE_PYCOUNTRY:
        import pycountry

        assert current == {c.alpha_2 for c in pycountry.countries}


# --- the generator ---------------------------------------------------------------


def _run_generator(out_dir: Path) -> None:
    subprocess.run(
        [sys.executable, str(GENERATOR), "--out-dir", str(out_dir)],
        check=True,
        capture_output=True,
    )


@pytest.mark.skipif(not HAVE_PYCOUNTRY, reason="pycountry (dev-time tool) not installed")
def test_generator_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    _run_generator(first)
    _run_generator(second)
    for rel in GENERATED:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel
    assert not [p for p in tmp_path.rglob("*.tmp")], "temp files left behind"


@pytest.mark.skipif(not HAVE_PYCOUNTRY, reason="pycountry (dev-time tool) not installed")
def test_committed_files_up_to_date(tmp_path: Path) -> None:
    from importlib.metadata import version

    header = COUNTRIES_TTL.read_text(encoding="utf-8").splitlines()[:5]
    if f"# Source data: pycountry {version('pycountry')}." not in header:
        pytest.skip("installed pycountry differs from the one the files were built with")
    _run_generator(tmp_path)
    for rel in GENERATED:
        assert (tmp_path / rel).read_bytes() == (REPO / rel).read_bytes(), (
            f"{rel} is stale: run python scripts/gen_vocab_iso.py"
        )
