"""Which countries a quote names, and the claimed countries that their quotes contradict.

A quote names a country by one of its labels in the graph (``skos:prefLabel``,
``skos:altLabel``, ``rdfs:label``, in any language: the country vocabulary
keeps the spellings the sources use), or by a place or adjective listed in
``ontology/vocab/places-in-sources.tsv`` ("Tbilisi" for Georgia, "Congolese"
for the DR Congo). Names are matched as whole words, ignoring case and the
kind of apostrophe ("Côte d’Ivoire" names CI; :func:`wpskg.names.key`). A name
inside the name of an actor ("Plan International Belgium", "UN Women -
Afghanistan Country Office") is a weaker mention: it supports a claim of that
country, but does not make the quote one that names countries.

:func:`mismatches` finds the mistake a curator makes when copying a block: a
claim of a country (``wps:country``, ``wps:recipientCountry`` …) whose quote
names other countries but not this one, "Mali" for ``country:MW``. A quote
that names no country at all says nothing either way (the country comes
from the context), so it is never a mismatch.

>>> names = Names({"https://w3id.org/wpskg/vocab/country/ML": ["Mali"],
...                "https://w3id.org/wpskg/vocab/country/NE": ["Niger", "Nigerese"]})
>>> sorted(c.rsplit("/", 1)[-1] for c in names.named("Projecten in Mali en in de Nigerese hoofdstad"))
['ML', 'NE']
>>> names.named("Nigeria en Malinese")
set()
>>> congo = Names({f"https://w3id.org/wpskg/vocab/country/{c}": ["Congo"] for c in ("CD", "CG")})
>>> sorted(c.rsplit("/", 1)[-1] for c in congo.named("in Congo"))
['CD', 'CG']
>>> Names({"https://w3id.org/wpskg/vocab/country/BE": ["Belgium"]}, actors=["Plan International Belgium"]).mentions(
...     "Plan International Belgium in Mali")
(set(), {'https://w3id.org/wpskg/vocab/country/BE'})
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, Location
from .names import key as name_key
from .namespaces import sparql_prologue
from .store import Graph

#: The properties whose values are countries, and whose claims' quotes should name them.
PROPERTIES = ("planCountry", "focusCountry", "country", "recipientCountry", "actsFor")
#: The columns of the places file (``Project.places_file``): name, ISO 3166-1 alpha-2 code, source file.
PLACES_HEADER = ["name", "alpha2", "source_file"]


@dataclass(frozen=True)
class Place:
    """A place or adjective in a source text that names a country."""

    name: str
    alpha2: str
    source_file: str
    where: Location  # the places file and line


def read_places(path: Path) -> list[Place]:
    """The rows of a places file; a malformed row is an error at its line."""
    places = []
    with path.open(encoding="utf-8-sig", newline="") as f:  # -sig: a byte-order mark is not in the header
        rows = csv.reader(f, delimiter="\t")
        header = next(rows, None)
        if header != PLACES_HEADER:
            raise InputError(f"the header must be {' '.join(PLACES_HEADER)} (tab-separated)", Location(str(path), 1))
        for line, row in enumerate(rows, start=2):
            if not row:
                continue
            if len(row) != 3 or not all(cell.strip() == cell and cell for cell in row):
                raise InputError(
                    "a row has three cells, name, alpha2 and source_file, with no spaces around them",
                    Location(str(path), line),
                )
            if not re.fullmatch(r"[A-Z]{2}", row[1]):
                raise InputError(f"{row[1]!r} is not an ISO 3166-1 alpha-2 code", Location(str(path), line))
            places.append(Place(row[0], row[1], row[2], Location(str(path), line)))
    return places


class Names:
    """The names of countries (by IRI), matched in a text as whole words, ignoring case."""

    def __init__(
        self, names: Mapping[str, Iterable[str]], english: Mapping[str, str] | None = None, actors: Iterable[str] = ()
    ) -> None:
        #: The English name of each country, for messages.
        self.english = dict(english or {})
        #: The countries of each name: a name that two countries share ("Congo") names both.
        self.countries_of: dict[str, set[str]] = defaultdict(set)
        for country, labels in names.items():
            for label in labels:
                key = name_key(label)
                if len(key) > 2:  # never a code ("ML") in running text
                    self.countries_of[key].add(country)
        self._pattern = _words(self.countries_of)
        # The names of actors that hold a country's name and more ("Plan International Belgium").
        wider = {name_key(a) for a in actors} - set(self.countries_of)
        self._actors = _words(a for a in wider if self._pattern is not None and self._pattern.search(a))

    def show(self, country: str) -> str:
        """The country's English name and code: "Mali (ML)".

        >>> Names({}, {"https://w3id.org/wpskg/vocab/country/ML": "Mali"}).show("https://w3id.org/wpskg/vocab/country/ML")
        'Mali (ML)'
        """
        code = country.rsplit("/", 1)[-1]
        return f"{self.english[country]} ({code})" if country in self.english else code

    def named(self, text: str) -> set[str]:
        """The countries that ``text`` names, outside the names of actors."""
        return self.mentions(text)[0]

    def mentions(self, text: str) -> tuple[set[str], set[str]]:
        """The countries that ``text`` names outside the names of actors, and those named only inside them."""
        if self._pattern is None:
            return set(), set()
        text = name_key(text)
        inside: set[str] = set()
        if self._actors is not None:
            for m in self._actors.finditer(text):
                inside |= self._find(m.group(0))
            text = self._actors.sub(" ", text)
        named = self._find(text)
        return named, inside - named

    def _find(self, text: str) -> set[str]:
        """The countries that the (normalised, case-folded) ``text`` names."""
        assert self._pattern is not None
        return {c for m in self._pattern.finditer(text) for c in self.countries_of[m.group(0)]}

    @classmethod
    def of(cls, graph: Graph, places: Iterable[Place] = ()) -> Names:
        """The labels of the graph's countries, and ``places``; a place's code must be a country of the graph."""
        names: dict[str, set[str]] = defaultdict(set)
        english: dict[str, str] = {}
        code: dict[str, str] = {}
        rows = graph.select(
            sparql_prologue()
            + """SELECT ?c ?label ?preferred ?code WHERE {
                   ?c a wps:Country .
                   OPTIONAL { ?c skos:prefLabel|skos:altLabel|rdfs:label ?label }
                   OPTIONAL { ?c skos:prefLabel ?preferred FILTER(LANGMATCHES(LANG(?preferred), "en")) }
                   OPTIONAL { ?c skos:notation ?code } }"""
        )
        for row in rows:
            country, label = row["c"].value, row.get("label")
            if label is not None:
                names[country].add(label.value)
            if row.get("preferred") is not None:
                english[country] = min(english.get(country, row["preferred"].value), row["preferred"].value)
            if row.get("code") is not None:
                code[row["code"].value] = country
        for place in places:
            if place.alpha2 not in code:
                raise InputError(f"{place.alpha2} (for {place.name!r}) is not a country of the graph", place.where)
            names[code[place.alpha2]].add(place.name)
        actors = graph.select(
            sparql_prologue()
            + "SELECT DISTINCT ?label WHERE { ?a a wps:Actor ; rdfs:label|skos:prefLabel|skos:altLabel ?label }"
        )
        return cls(names, english, [row["label"].value for row in actors])


def _words(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for the phrases, as whole words, the longest first; ``None`` for none."""
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if alternatives else None


@dataclass(frozen=True)
class Mismatch:
    """A claimed country that the claim's quote does not name, though it names others (``named``)."""

    claim: str
    subject: str
    property: str
    country: str
    named: tuple[str, ...]  # the countries the quote names, sorted


def mismatches(graph: Graph, names: Names) -> list[Mismatch]:
    """Each (claim, subject, property, country) whose quote names other countries but not this one.

    A claim that names its values (``wps:claimValue``) is checked for those values only.
    """
    props = " ".join(f"wps:{p}" for p in PROPERTIES)
    rows = graph.select(
        sparql_prologue()
        + f"""SELECT DISTINCT ?claim ?s ?p ?v ?quote WHERE {{
                VALUES ?p {{ {props} }}
                ?claim wps:claimProperty ?p ; wps:claimSubject ?s ; wps:quote ?quote .
                ?s ?p ?v .
                FILTER(NOT EXISTS {{ ?claim wps:claimValue ?named . ?s ?p ?named }}
                       || EXISTS {{ ?claim wps:claimValue ?v }}) }}"""
    )
    found = []
    quotes: dict[str, tuple[set[str], set[str]]] = {}
    for row in rows:
        quote = row["quote"].value
        named, inside = quotes[quote] if quote in quotes else quotes.setdefault(quote, names.mentions(quote))
        if named and row["v"].value not in named | inside:
            found.append(
                Mismatch(row["claim"].value, row["s"].value, row["p"].value, row["v"].value, tuple(sorted(named)))
            )
    return sorted(found, key=lambda m: (m.claim, m.subject, m.property, m.country))
