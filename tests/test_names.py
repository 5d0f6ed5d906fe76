"""``wpskg.names``: a name as typed against a name in the data (case, NFC/NFD, apostrophes, accents)."""

from __future__ import annotations

import unicodedata

import pyoxigraph as ox
import pytest

from wpskg import names
from wpskg.countries import Names
from wpskg.errors import ParameterError
from wpskg.queries import Param, Resolver
from wpskg.store import Graph

COUNTRY = "https://w3id.org/wpskg/vocab/country/"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_keys() -> None:
    assert names.key(" Côte  d’Ivoire") == names.key("CÔTE D'IVOIRE") == names.key(nfd("côte d‘ivoire"))
    assert names.key("België") != names.key("Belgie")
    assert names.bare("België") == names.bare("BELGIE") == "belgie"
    assert names.spellings("Belgie") == ["Belgie"]


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("Côte d’Ivoire", "CI"),  # typographic apostrophe, as French writes it
        ("COTE D'IVOIRE", "CI"),  # upper case without its accent, as French often writes it
        ("cote d'ivoire", "CI"),
        ("Belgie", "BE"),  # the common ASCII spelling
        (nfd("België"), "BE"),  # decomposed, as a Mac or a PDF gives it
        ("Ivoorkust", "CI"),
        ("civ", "CI"),
    ],
)
def test_a_country_in_any_spelling(graph: Graph, given: str, code: str) -> None:
    """Regression: these were "no country … Did you mean Côte d'Ivoire (CI)?", which quotes what the
    user typed back at them."""
    assert Resolver(graph).country(given) == COUNTRY + code


def test_a_name_without_accents_that_names_two_countries_is_not_guessed() -> None:
    graph = Graph()
    turtle = f"""@prefix wps: <https://w3id.org/wpskg/ont#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    <{COUNTRY}XA> a wps:Country ; skos:notation "XA" ; skos:prefLabel "Alphä"@en .
    <{COUNTRY}XB> a wps:Country ; skos:notation "XB" ; skos:prefLabel "Älpha"@en ."""
    graph.add_quads(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))
    resolver = Resolver(graph)
    assert resolver.country("ALPHÄ") == COUNTRY + "XA" and resolver.country("älpha") == COUNTRY + "XB"
    assert resolver.country("Alpha") is None
    with pytest.raises(ParameterError, match="no country 'Alpha'"):
        resolver.resolve(Param("country", "country"), "Alpha")


def test_a_label_with_a_typographic_apostrophe_or_decomposed_is_found(graph: Graph) -> None:
    """Regression: "…à l'Egard des Femmes" (a straight apostrophe) named nothing, as the label has ’."""
    resolver = Resolver(graph)
    (observatory,) = resolver.subjects("Observatoire National de la Violence à l’Egard des Femmes")
    assert resolver.subjects("Observatoire National de la Violence à l'Egard des Femmes") == [observatory]
    assert resolver.subjects(nfd("OBSERVATOIRE NATIONAL DE LA VIOLENCE À L'EGARD DES FEMMES")) == [observatory]
    (msf,) = resolver.subjects("Médecins du Monde")
    assert resolver.subjects(nfd("Médecins du Monde")) == [msf]


def test_a_quote_names_a_country_with_either_apostrophe() -> None:
    """Regression: "Côte d’Ivoire" in a French quote was not read as naming CI, a false warning."""
    found = Names({COUNTRY + "CI": ["Côte d'Ivoire"], COUNTRY + "ML": ["Mali"]})
    assert found.named("Médecins du Monde en Côte d’Ivoire et au Mali") == {COUNTRY + "CI", COUNTRY + "ML"}


def test_a_label_found_ignoring_case_as_before() -> None:
    """Regression (this session): the name key (case-folded, one space) made "straße" and a label
    with two spaces unfindable, which LCASE had found."""
    graph = Graph()
    turtle = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    <https://example.org/a> rdfs:label "Straße der Frauen"@en . <https://example.org/b> rdfs:label "Centre  for Peace"@en ."""
    graph.add_quads(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))
    resolver = Resolver(graph)
    assert resolver.labelled("straße der frauen") == {"https://example.org/a"}
    assert resolver.labelled("centre  for peace") == {"https://example.org/b"}
