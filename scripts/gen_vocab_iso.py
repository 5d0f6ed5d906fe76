#!/usr/bin/env python3
"""Generate the ISO 3166-1 / ISO 4217 vocabularies and SHACL code shapes, and the ISO 639 code list.

Dev-time tool: it needs ``pycountry`` (``pip install pycountry``), which is
not a runtime dependency of wpskg. It writes three Turtle files and two text files,
byte-for-byte deterministic for a given pycountry version and input TSV:

* ``ontology/vocab/countries.ttl`` - one ``wps:Country`` SKOS concept for every
  country named in the source texts (read from
  ``ontology/vocab/countries-in-sources.tsv``), with en/nl/fr prefLabels and
  one altLabel per distinct spelling the sources use;
* ``ontology/vocab/currencies.ttl`` - every ISO 4217 currency in pycountry;
* ``shapes/iso-codes.ttl`` - the node shapes ``wpsh:ISO3166Alpha2Code`` and
  ``wpsh:ISO4217CurrencyCode`` (``sh:in`` lists of all codes);
* ``src/wpskg/iso639.txt`` - every ISO 639 language (ISO 639-3, with the
  ISO 639-1 and ISO 639-2 codes) and language family (ISO 639-5), read by
  :mod:`wpskg.langtags` to check the language tags of the data;
* ``src/wpskg/iso3166.txt`` - every ISO 3166-1 alpha-2 code, read by
  :mod:`wpskg.langtags` to check the region of a language tag (``en-UK``);
* ``src/wpskg/iso3166-names.tsv`` - every current country with its alpha-3 code, its code in the
  EU country table and its English, Dutch and French names, read by :mod:`wpskg.iso_countries`
  to write the concept of a country a data project needs (``wpskg country IE``).

Usage::

    python scripts/gen_vocab_iso.py [--out-dir DIR] [--mentions TSV]

``--out-dir`` defaults to the repository root; the files are written
under it at the paths above, each atomically (temp file + ``os.replace``).
"""

from __future__ import annotations

import argparse
import csv
import gettext
import os
import re
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pycountry

from wpskg import iso_countries

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MENTIONS = REPO_ROOT / "ontology" / "vocab" / "countries-in-sources.tsv"

COUNTRIES_TTL = Path("ontology/vocab/countries.ttl")
CURRENCIES_TTL = Path("ontology/vocab/currencies.ttl")
SHAPES_TTL = Path("shapes/iso-codes.ttl")
LANGUAGES_TXT = Path("src/wpskg/iso639.txt")
REGIONS_TXT = Path("src/wpskg/iso3166.txt")
NAMES_TSV = Path("src/wpskg/iso3166-names.tsv")

COUNTRY_NS = "https://w3id.org/wpskg/vocab/country/"
COUNTRY_SCHEME = "https://w3id.org/wpskg/vocab/country"
CURRENCY_NS = "https://w3id.org/wpskg/vocab/currency/"
CURRENCY_SCHEME = "https://w3id.org/wpskg/vocab/currency"

LANGS = ("en", "nl", "fr")

# EU Publications Office country table codes that are not the ISO alpha-3
# code. Kosovo has no ISO 3166-1 entry (XK is user-assigned) and is not in
# pycountry; it is listed here so it can be supported if a source names it.
EU_CODE_EXCEPTIONS: dict[str, str] = {"XK": "XKX"}

# Readable labels where pycountry only has an inverted "Name, Qualifier"
# form. The generator refuses to emit a prefLabel containing ", " that is not
# overridden here, so new countries in the TSV cannot slip in unreadable.
LABEL_OVERRIDES: dict[tuple[str, str], str] = {
    ("CD", "en"): "Democratic Republic of the Congo",
    ("CD", "nl"): "Democratische Republiek Congo",
    ("PS", "en"): "Palestine",
    ("PS", "nl"): "Palestina",
    ("PS", "fr"): "Palestine",
}

# Mentions whose language is not the language of their source file, e.g. an
# English project title quoted in a Dutch report. Keyed by (file, mention).
MENTION_LANG_OVERRIDES: dict[tuple[str, str], str] = {
    ("be-nap3-final-report-2017-2021.nl.txt", "Syrian Arab Republic"): "en",
}

SOURCE_NAME_RE = re.compile(r"^[A-Za-z0-9._-]+\.(nl|en|fr)\.txt$")


@dataclass(frozen=True)
class Mention:
    """One row of countries-in-sources.tsv."""

    alpha2: str
    mention: str
    source_file: str

    @property
    def lang(self) -> str:
        """Language tag of the mention (from the file name unless overridden)."""
        override = MENTION_LANG_OVERRIDES.get((self.source_file, self.mention))
        if override:
            return override
        match = SOURCE_NAME_RE.match(self.source_file)
        if not match:
            raise ValueError(f"cannot derive language from {self.source_file!r}")
        return match.group(1)


@dataclass
class CountryRecord:
    """Everything written for one country concept."""

    alpha2: str
    alpha3: str
    eu_code: str
    pref: dict[str, str]
    alt: set[tuple[str, str]] = field(default_factory=set)


def read_mentions(path: Path) -> list[Mention]:
    """Read and check the hand-curated mention table (header row required)."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header != ["alpha2", "mention", "source_file"]:
            raise ValueError(f"{path}: unexpected header {header!r}")
        rows: list[Mention] = []
        for lineno, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(row) != 3 or not all(cell.strip() == cell and cell for cell in row):
                raise ValueError(f"{path}:{lineno}: bad row {row!r}")
            alpha2, mention, source_file = row
            if pycountry.countries.get(alpha_2=alpha2) is None:
                raise ValueError(f"{path}:{lineno}: unknown alpha-2 code {alpha2!r}")
            if not SOURCE_NAME_RE.match(source_file):
                raise ValueError(f"{path}:{lineno}: bad source file {source_file!r}")
            rows.append(Mention(alpha2, mention, source_file))
    return rows


def _translators() -> dict[str, gettext.NullTranslations]:
    """Return the iso3166-1 gettext catalogues for every label language."""
    out: dict[str, gettext.NullTranslations] = {"en": gettext.NullTranslations()}
    for lang in LANGS:
        if lang != "en":
            out[lang] = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    return out


def build_countries(mentions: Iterable[Mention]) -> list[CountryRecord]:
    """Build the sorted country records for every alpha-2 code mentioned."""
    translators = _translators()
    records: dict[str, CountryRecord] = {}
    for m in mentions:
        rec = records.get(m.alpha2)
        if rec is None:
            country = pycountry.countries.get(alpha_2=m.alpha2)
            base = getattr(country, "common_name", None) or country.name
            pref: dict[str, str] = {}
            for lang in LANGS:
                label = LABEL_OVERRIDES.get((m.alpha2, lang)) or translators[lang].gettext(base)
                if ", " in label:
                    raise ValueError(f"{m.alpha2}@{lang}: inverted label {label!r}; add a LABEL_OVERRIDES entry")
                pref[lang] = label
            rec = CountryRecord(
                alpha2=country.alpha_2,
                alpha3=country.alpha_3,
                eu_code=EU_CODE_EXCEPTIONS.get(country.alpha_2, country.alpha_3),
                pref=pref,
            )
            records[m.alpha2] = rec
        if rec.pref.get(m.lang) != m.mention:
            rec.alt.add((m.mention, m.lang))
    return [records[k] for k in sorted(records)]


def lit(value: str, lang: str | None = None) -> str:
    """Serialise a Turtle string literal (optionally language-tagged)."""
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    )
    return f'"{escaped}"' + (f"@{lang}" if lang else "")


def _header(title: str) -> str:
    version = _pycountry_version()
    return (
        f"# {title}\n"
        "# GENERATED by scripts/gen_vocab_iso.py - do not edit by hand.\n"
        f"# Source data: pycountry {version}.\n"
    )


def _pycountry_version() -> str:
    try:
        return metadata.version("pycountry")
    except metadata.PackageNotFoundError:  # pragma: no cover - no dist metadata
        return "unknown"


def render_countries(records: list[CountryRecord]) -> str:
    """Render countries.ttl."""
    lines = [
        _header("Countries named in the wpskg source texts (ISO 3166-1)."),
        "@prefix wps: <https://w3id.org/wpskg/ont#> .",
        f"@prefix country: <{COUNTRY_NS}> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "",
        f"<{COUNTRY_SCHEME}> a skos:ConceptScheme ;",
        '    rdfs:label "Countries"@en ;',
        '    skos:prefLabel "Countries"@en ;',
        "    skos:definition "
        + lit(
            "Countries (ISO 3166-1) named in the wpskg source texts. Concept IRIs use the "
            "upper-case ISO 3166-1 alpha-2 code; labels come from the ISO 3166-1 names and "
            "their Debian iso-codes translations, alternative labels are the spellings used "
            "in the source texts.",
            "en",
        )
        + " .",
        "",
    ]
    for rec in records:  # each concept as `wpskg country` writes it, with the sources' spellings
        country = iso_countries.IsoCountry(rec.alpha2, rec.alpha3, rec.eu_code, rec.pref)
        lines.extend(iso_countries.concept(country, sorted(rec.alt, key=lambda a: (a[1], a[0]))))
        lines.append("")
    return "\n".join(lines)


def render_currencies() -> str:
    """Render currencies.ttl from every ISO 4217 currency in pycountry."""
    lines = [
        _header("ISO 4217 currencies."),
        "@prefix wps: <https://w3id.org/wpskg/ont#> .",
        f"@prefix currency: <{CURRENCY_NS}> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "",
        f"<{CURRENCY_SCHEME}> a skos:ConceptScheme ;",
        '    rdfs:label "Currencies"@en ;',
        '    skos:prefLabel "Currencies"@en ;',
        "    skos:definition "
        + lit(
            "ISO 4217 currencies. Concept IRIs use the three-letter alphabetic code.",
            "en",
        )
        + " .",
        "",
    ]
    for cur in sorted(pycountry.currencies, key=lambda c: c.alpha_3):
        lines.extend(
            [
                f"currency:{cur.alpha_3} a wps:Currency, skos:Concept ;",
                f"    skos:inScheme <{CURRENCY_SCHEME}> ;",
                f"    skos:notation {lit(cur.alpha_3)} ;",
                f"    rdfs:label {lit(cur.name, 'en')} ;",
                f"    skos:prefLabel {lit(cur.name, 'en')} .",
                "",
            ]
        )
    return "\n".join(lines)


def _sh_in(codes: list[str]) -> str:
    """Render an ``sh:in`` list, ten codes per line."""
    chunks = [" ".join(lit(c) for c in codes[i : i + 10]) for i in range(0, len(codes), 10)]
    return "(\n        " + "\n        ".join(chunks) + "\n    )"


def render_shapes() -> str:
    """Render shapes/iso-codes.ttl."""
    alpha2 = sorted(c.alpha_2 for c in pycountry.countries)
    cur = sorted(c.alpha_3 for c in pycountry.currencies)
    lines = [
        _header("SHACL node shapes for ISO code literals; use them via sh:node."),
        "@prefix wpsh: <https://w3id.org/wpskg/shapes#> .",
        "@prefix sh: <http://www.w3.org/ns/shacl#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "",
        "wpsh:ISO3166Alpha2Code a sh:NodeShape ;",
        '    rdfs:label "ISO 3166-1 alpha-2 code"@en ;',
        "    rdfs:comment "
        + lit(
            "A plain string literal that is an assigned ISO 3166-1 alpha-2 country code (upper case).",
            "en",
        )
        + " ;",
        '    sh:message "Value is not an ISO 3166-1 alpha-2 country code"@en ;',
        f"    sh:in {_sh_in(alpha2)} .",
        "",
        "wpsh:ISO4217CurrencyCode a sh:NodeShape ;",
        '    rdfs:label "ISO 4217 currency code"@en ;',
        "    rdfs:comment "
        + lit(
            "A plain string literal that is an ISO 4217 alphabetic currency code (upper case).",
            "en",
        )
        + " ;",
        '    sh:message "Value is not an ISO 4217 currency code"@en ;',
        f"    sh:in {_sh_in(cur)} .",
        "",
    ]
    return "\n".join(lines)


def _one_word_name(name: str) -> str:
    """A language's English name, lower case, if it is one word once a qualifier is dropped
    ("Malay (macrolanguage)" -> "malay"), else ""."""
    word = re.sub(r"\s*\(.*\)$", "", name).lower()
    return word if word.isalpha() else ""


def render_languages() -> str:
    """Render iso639.txt: one ISO 639 language or family a line, by the code BCP 47 gives it."""
    rows: dict[str, tuple[list[str], str]] = {}
    taken: set[str] = set()
    for language in pycountry.languages:
        tag = getattr(language, "alpha_2", None) or language.alpha_3
        others = sorted({language.alpha_3, getattr(language, "bibliographic", None) or tag} - {tag})
        name = _one_word_name(language.name) if tag != language.alpha_3 else ""
        rows[tag] = (others, name)
        taken.update([tag, *others])
    for family in pycountry.language_families:
        if family.alpha_3 in taken:
            raise ValueError(f"ISO 639-5 code {family.alpha_3} is an ISO 639-2/3 code too")
        rows[family.alpha_3] = ([], "")
    names = [name for _, name in rows.values() if name]
    if len(names) != len(set(names)):
        raise ValueError("two languages with a two-letter code have the same name")
    lines = [
        _header("ISO 639 language codes: the primary language subtags of BCP 47 language tags.").rstrip("\n"),
        "# One language a line, by the code BCP 47 writes it with: its ISO 639-1 code if it has one,",
        "# else its ISO 639-3 (or ISO 639-5, for a family) code. After a tab, its other ISO 639-2/3",
        "# codes, which BCP 47 does not use (eng, fre, dut), and after another, its English name when",
        "# that is one word: both only to suggest the right code.",
    ]
    for tag in sorted(rows):
        others, name = rows[tag]
        lines.append("\t".join([tag, " ".join(others), name]).rstrip("\t"))
    return "\n".join(lines) + "\n"


def render_regions() -> str:
    """Render iso3166.txt: the ISO 3166-1 alpha-2 codes, the region subtags of BCP 47 tags."""
    lines = [
        _header("ISO 3166-1 alpha-2 codes: the region subtags of BCP 47 language tags (nl-BE).").rstrip("\n"),
        "# One code a line; a code withdrawn from ISO 3166-1 (ISO 3166-3: YU, SU, ZR ...) is followed by a",
        "# tab and 'historic' (BCP 47 keeps such regions, deprecated). BCP 47 also takes a UN M.49 area of",
        "# three digits (es-419) and the codes kept for private use (AA, QM-QZ, XA-XZ, ZZ); wpskg.langtags",
        "# knows those by their form.",
    ]
    current = {country.alpha_2 for country in pycountry.countries}
    historic = {getattr(c, "alpha_2", None) for c in pycountry.historic_countries} - current - {None}
    lines += [code if code in current else f"{code}\thistoric" for code in sorted(current | historic)]
    return "\n".join(lines) + "\n"


def render_names() -> str:
    """Render iso3166-names.tsv: every current country, its codes and its names in LANGS (an
    inverted ISO name, "Korea, Republic of", is kept as it is: only the countries.ttl of the
    sources' countries must read well)."""
    translators = _translators()
    lines = [
        _header("ISO 3166-1 countries and their names, for `wpskg country CODE`.").rstrip("\n"),
        "# alpha-2, alpha-3, the code of the EU country table, then the name in "
        + ", ".join(LANGS)
        + "; tab-separated.",
    ]
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        base = getattr(country, "common_name", None) or country.name
        names = [LABEL_OVERRIDES.get((country.alpha_2, lang)) or translators[lang].gettext(base) for lang in LANGS]
        eu = EU_CODE_EXCEPTIONS.get(country.alpha_2, country.alpha_3)
        lines.append("\t".join([country.alpha_2, country.alpha_3, eu, *names]))
    return "\n".join(lines) + "\n"


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` as UTF-8 via a temp file and ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=REPO_ROOT,
        help="root under which ontology/vocab/, shapes/ and src/wpskg/ are written (default: repo root)",
    )
    parser.add_argument(
        "--mentions",
        type=Path,
        default=DEFAULT_MENTIONS,
        help="hand-curated TSV alpha2<TAB>mention<TAB>source_file",
    )
    args = parser.parse_args(argv)

    records = build_countries(read_mentions(args.mentions))
    outputs = {
        COUNTRIES_TTL: render_countries(records),
        CURRENCIES_TTL: render_currencies(),
        SHAPES_TTL: render_shapes(),
        LANGUAGES_TXT: render_languages(),
        REGIONS_TXT: render_regions(),
        NAMES_TSV: render_names(),
    }
    for rel, text in outputs.items():
        write_atomic(args.out_dir / rel, text)
        print(f"wrote {args.out_dir / rel}", file=sys.stderr)
    print(f"{len(records)} countries", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
