"""Every ISO 3166-1 country by its names, and the concept of one as ``ontology/vocab/countries.ttl``
writes it: what a data project adds when its sources name a country that wpskg's code list lacks.

>>> ireland = country("ie")
>>> ireland.alpha3, ireland.names["nl"]
('IRL', 'Ierland')
>>> for line in turtle(["IE"]).splitlines():
...     if "country:IE" in line or "IRL>" in line:
...         print(line.strip())
country:IE a wps:Country, skos:Concept ;
skos:exactMatch <http://publications.europa.eu/resource/authority/country/IRL> ;
>>> country("UK") is None
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .errors import ParameterError
from .eu_codes import EU_COUNTRY

LANGUAGES = ("en", "nl", "fr")
COUNTRY_SCHEME = "https://w3id.org/wpskg/vocab/country"


@dataclass(frozen=True)
class IsoCountry:
    """A country of ISO 3166-1: its codes, its code in the EU country table, and its names."""

    alpha2: str
    alpha3: str
    eu_code: str
    names: dict[str, str]


@cache
def _table() -> dict[str, IsoCountry]:
    text = resources.files("wpskg").joinpath("iso3166-names.tsv").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            alpha2, alpha3, eu, *names = line.split("\t")
            out[alpha2] = IsoCountry(alpha2, alpha3, eu, dict(zip(LANGUAGES, names, strict=True)))
    return out


def country(code: str) -> IsoCountry | None:
    """The country of an ISO 3166-1 alpha-2 code in any case, or None."""
    return _table().get(code.upper())


def by_eu_code(code: str) -> IsoCountry | None:
    """The country of a code of the EU country table (``…/authority/country/MLI``) in any case, or None.

    >>> by_eu_code("mli").alpha2, by_eu_code("XXX")
    ('ML', None)
    """
    return next((c for c in _table().values() if c.eu_code == code.upper()), None)


def _literal(text: str, lang: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return '"' + escaped.replace("\t", "\\t") + f'"@{lang}'


def concept(c: IsoCountry, alt: Iterable[tuple[str, str]] = ()) -> list[str]:
    """The Turtle lines of a country's concept (prefixes ``wps:``, ``country:``, ``skos:``, ``rdfs:``),
    with ``alt`` (text, language) as its ``skos:altLabel``: the code list's own form, which
    ``scripts/gen_vocab_iso.py`` writes too."""
    names = " ,\n        ".join(_literal(c.names[lang], lang) for lang in LANGUAGES)
    lines = [
        f"country:{c.alpha2} a wps:Country, skos:Concept ;",
        f"    skos:inScheme <{COUNTRY_SCHEME}> ;",
        f'    skos:notation "{c.alpha2}" ;',
        f'    wps:iso3166Alpha2 "{c.alpha2}" ;',
        f'    wps:iso3166Alpha3 "{c.alpha3}" ;',
        f"    skos:exactMatch <{EU_COUNTRY}{c.eu_code}> ;",
        f"    rdfs:label {_literal(c.names['en'], 'en')} ;",
        f"    skos:prefLabel {names}",
    ]
    alts = [_literal(text, lang) for text, lang in alt]
    if alts:
        lines[-1] += " ;"
        lines.append("    skos:altLabel " + " ,\n        ".join(alts))
    lines[-1] += " ."
    return lines


def turtle(codes: Iterable[str]) -> str:
    """A Turtle document with the concept of each country (as the code list writes its countries),
    to add to a file of the project's own under ``ontology/vocab/``; an unknown code is an error."""
    found = []
    for code in codes:
        c = country(code)
        if c is None:
            raise ParameterError(f"{code!r} is not an ISO 3166-1 alpha-2 code of a country (IE, UA, GB)")
        found.append(c)
    lines = [
        "@prefix wps: <https://w3id.org/wpskg/ont#> .",
        f"@prefix country: <{COUNTRY_SCHEME}/> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
    ]
    for c in found:
        lines += ["", *concept(c)]
    return "\n".join(lines) + "\n"
