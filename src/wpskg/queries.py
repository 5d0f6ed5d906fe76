"""Stored, named, parameterised SPARQL queries.

A stored query is a ``.rq`` file in ``queries/``. It opens with a header of
``#+`` comment lines holding YAML, in the manner of grlc::

    #+ summary: Who funds work on a theme in a country
    #+ description: One row per funding …
    #+ params:
    #+   country: {type: country, description: ISO code or English name}
    #+   theme: {type: theme}
    #+ columns:
    #+   funder: "the funders' English names"
    #+   recipient: "the recipient's English name"
    #+   amount: "the exact amount"
    #+ lists: {funder: " | "}
    #+ datatypes: {amount: decimal}

``columns`` maps each output column, in the ``SELECT``'s order, to what it holds
(a plain list of names is read too, without the descriptions).

``lists`` names the columns whose cells are lists joined with a separator
(``GROUP_CONCAT``), so that a table's CSVW metadata can say so (:mod:`wpskg.tables`);
``datatypes`` gives the XSD datatype of each column that does not hold strings
(:mod:`wpskg.datatypes`), so that a table's schema stays the same from one release
to the next;
``table_per`` names an ``enum`` parameter whose every value gets a table of its own
(``funding-totals``: by country, by theme …).

Each parameter has a *slot* in the query body, a VALUES block with ``UNDEF``::

    VALUES ?country { UNDEF }

Binding turns the user's text into validated RDF terms (an IRI from the
graph's own vocabularies, a typed literal) and writes their SPARQL form into
the slot, so that the user's text never becomes query syntax. An unset
parameter leaves ``UNDEF``: the query is written so that an unbound
parameter means "any". The file stays valid SPARQL as it is.

>>> header = "#+ summary: s\\n#+ params:\\n#+   year: {type: year}\\n"
>>> q = StoredQuery.parse(header + "SELECT ?y WHERE { VALUES ?year { UNDEF } BIND(?year AS ?y) }", "demo")
>>> [p.name for p in q.params], q.summary
(['year'], 's')
>>> print(q.bind({"year": [sparql_literal("2021", XSD_INTEGER)]})[len(header):])
SELECT ?y WHERE { VALUES ?year { "2021"^^<http://www.w3.org/2001/XMLSchema#integer> } BIND(?year AS ?y) }
"""

from __future__ import annotations

import difflib
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import yaml

from . import datatypes, paging, slots
from .errors import InputError, Location, ParameterError, QueryError, QuerySyntaxError, WpskgError
from .loaders import decode
from .names import APOSTROPHES, bare, spellings
from .names import key as name_key
from .namespaces import PREFIXES, XSD, sparql_prologue
from .namespaces import expand as expand_name
from .store import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, Graph, Result, run_query

XSD_INTEGER = XSD + "integer"
XSD_STRING = XSD + "string"

PARAM_TYPES = (
    "iri", "plan", "indicator", "actor", "country", "theme", "year", "string", "enum", "actor-type", "subject",
)  # fmt: skip

#: The parameter types that name things of a class by a short id or a label: the class, the
#: prefix of the short id, and the stored query that lists them.
MEMBERS = {
    "plan": ("wps:Plan", "plan", "plans"),
    "indicator": ("wps:Indicator", "ind", "figures"),
    "actor": ("wps:Actor", "actor", "actors"),
}

_LABELS = "rdfs:label|skos:prefLabel|skos:altLabel"
_LABEL_LANGUAGES = (None, "en", "nl", "fr")

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def sparql_iri(iri: str) -> str:
    """An IRI in SPARQL syntax, refusing characters that could end it early.

    >>> sparql_iri("https://w3id.org/wpskg/id/plan/be-wps-nap-3")
    '<https://w3id.org/wpskg/id/plan/be-wps-nap-3>'
    >>> sparql_iri("http://x/> } #")
    Traceback (most recent call last):
    ...
    wpskg.errors.ParameterError: not a valid IRI: 'http://x/> } #'
    >>> sparql_iri("http://x/%zz")
    Traceback (most recent call last):
    ...
    wpskg.errors.ParameterError: not a valid IRI: 'http://x/%zz' (Invalid IRI percent encoding '%zz')
    """
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri) or _IRI_FORBIDDEN.search(iri):
        raise ParameterError(f"not a valid IRI: {iri!r}")
    try:
        ox.NamedNode(iri)  # RFC 3987, as the query parser will check it (DEL, bad %-escapes)
    except ValueError as exc:
        raise ParameterError(f"not a valid IRI: {iri!r} ({exc})") from None
    return f"<{iri}>"


def sparql_literal(value: str, datatype: str = XSD_STRING, language: str | None = None) -> str:
    """A literal in SPARQL syntax with every character that could end it escaped.

    Backslashes are doubled first, so ``\\u0022`` in the input stays text.

    >>> sparql_literal('a"b\\\\u0022c\\n')
    '"a\\\\"b\\\\\\\\u0022c\\\\n"'
    """
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    )
    if language:
        if not re.fullmatch(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*", language):
            raise ParameterError(f"not a valid language tag: {language!r}")
        return f'"{escaped}"@{language}'
    if datatype == XSD_STRING:
        return f'"{escaped}"'
    return f'"{escaped}"^^{sparql_iri(datatype)}'


@dataclass(frozen=True)
class Param:
    """A declared parameter of a stored query."""

    name: str
    type: str
    description: str = ""
    default: str | None = None
    values: tuple[str, ...] = ()
    required: bool = False


@dataclass
class StoredQuery:
    """A ``.rq`` file with its header."""

    name: str
    text: str
    summary: str = ""
    description: str = ""
    params: list[Param] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    #: What each column holds, when the header says (``columns`` as a mapping).
    column_descriptions: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    #: The variable that identifies a row, when pages are had in two steps (:mod:`wpskg.paging`).
    page_by: str | None = None
    #: The columns whose cells are lists, and the separator that joins each one's values.
    lists: dict[str, str] = field(default_factory=dict)
    #: An ``enum`` parameter whose every value gets a table of its own (:mod:`wpskg.tables`).
    table_per: str | None = None
    #: The XSD datatypes of the columns that do not hold strings (:mod:`wpskg.datatypes`).
    datatypes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: What wpskg's own data answers, as an example (``#+ example:``); a publisher's descriptions
    #: of its own answers leave it out (:meth:`prose_for`).
    example: str = ""

    @classmethod
    def parse(cls, text: str, name: str, path: Path | None = None) -> StoredQuery:
        """Read the ``#+`` header of a stored query."""
        header_lines = []
        for line in text.splitlines():
            if line.startswith("#+"):
                header_lines.append(line[3:] if line.startswith("#+ ") else line[2:])
            elif line.strip() and not line.startswith("#"):
                break
        where = str(path or name)
        try:
            header = yaml.safe_load("\n".join(header_lines)) or {}
        except yaml.YAMLError as exc:
            raise WpskgError(f"{where}: malformed #+ header: {exc}") from None
        if not isinstance(header, dict):
            raise WpskgError(f"{where}: the #+ header must be a YAML mapping")
        _known_keys(header, HEADER_KEYS, "the #+ header", text, where)
        params = []
        for pname, spec in (header.get("params") or {}).items():
            spec = spec or {}
            if isinstance(spec, dict):
                _known_keys(spec, PARAM_KEYS, f"parameter {pname!r}", text, where)
            ptype = spec.get("type", "string")
            if ptype not in PARAM_TYPES:
                raise WpskgError(f"{where}: parameter {pname!r} has unknown type {ptype!r}")
            if not slots.has(text, pname):
                raise WpskgError(f"{where}: parameter {pname!r} has no slot 'VALUES ?{pname} {{ UNDEF }}'")
            default = spec.get("default")
            params.append(
                Param(
                    name=pname,
                    type=ptype,
                    description=str(spec.get("description", "")),
                    default=None if default is None else str(default),
                    values=tuple(str(v) for v in spec.get("values", ()) or ()),
                    required=bool(spec.get("required", False)),
                )
            )
        columns, column_descriptions = _columns(header.get("columns"), where)
        lists = _lists(header.get("lists"), columns, where)
        if isinstance(header.get("datatypes"), dict):
            _known_columns("datatypes", header["datatypes"], columns, where)
        kinds = datatypes.parse(header.get("datatypes"), where, lists)
        table_per = header.get("table_per")
        if table_per is not None and not any(p.name == table_per and p.values for p in params):
            raise WpskgError(f"{where}: table_per: {table_per!r} is not an enum parameter of this query")
        page_by = header.get("page_by")
        if page_by is not None:
            try:
                paging.split(text, str(page_by))
            except paging.SplitError as exc:
                raise WpskgError(f"{where}: page_by: {page_by}: {exc}") from None
        return cls(
            name=name,
            text=text,
            summary=str(header.get("summary", "")).strip(),
            description=str(header.get("description", "")).strip(),
            params=params,
            columns=columns,
            column_descriptions=column_descriptions,
            path=path,
            page_by=None if page_by is None else str(page_by),
            lists=lists,
            table_per=None if table_per is None else str(table_per),
            datatypes=kinds,
            example=str(header.get("example", "")).strip(),
        )

    def datatype(self, column: str) -> tuple[str, ...]:
        """The datatypes of ``column``: those the header declares, else ``("string",)``."""
        return self.datatypes.get(column, datatypes.STRING)

    @property
    def prose(self) -> str:
        """The description and the example on one line (the header's YAML keeps the file's line breaks)."""
        return self.prose_for(examples=True)

    def prose_for(self, examples: bool) -> str:
        """The description on one line, with the example of wpskg's own data when ``examples``.

        >>> StoredQuery("q", "", description="One row per plan.", example="Belgium has 4.").prose_for(False)
        'One row per plan.'
        """
        return " ".join(f"{self.description} {self.example if examples else ''}".split())

    def check(self, where: str | None = None) -> None:
        r"""Raise :class:`InputError` if the text is not SPARQL, or selects other columns than its header names.

        The text is parsed and run on an empty store, as written (every parameter
        unbound). Errors name ``where``, by default the query's file.

        >>> StoredQuery("q", "SELECT ?s WHERE {\n  ?s ?p\n}").check()  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        wpskg.errors.InputError: q:3:2: syntax error in the query: expected ...
        >>> StoredQuery("q", "SELECT ?s WHERE { ?s ?p ?o }", columns=["subject"]).check()
        Traceback (most recent call last):
        wpskg.errors.InputError: q: the #+ header names the columns subject, but the query selects s
        """
        where = where or str(self.path or self.name)
        try:
            result = ox.Store().query(self.text)
        except SyntaxError as exc:
            raise QuerySyntaxError.of(str(exc), self.text).located(where) from None
        if self.page_by:
            rows = paging.rows_query(paging.split(self.text, self.page_by), 1, 0)
            try:
                ox.Store().query(rows)
            except SyntaxError as exc:
                raise InputError(f"page_by: the first query of a page is not SPARQL: {exc}", Location(where)) from None
        if isinstance(result, ox.QuerySolutions) and self.columns:
            selected = [v.value for v in result.variables]
            if selected != self.columns:
                raise InputError(
                    f"the #+ header names the columns {', '.join(self.columns)}, "
                    f"but the query selects {', '.join(selected)}",
                    Location(where),
                )

    @property
    def ordered(self) -> bool:
        r"""Whether the query ends with an ORDER BY, so that its rows (and pages of them) come in a stable order.

        >>> StoredQuery("q", "SELECT ?s WHERE { ?s ?p ?o }\n# sorted\nORDER BY ?s").ordered
        True
        >>> StoredQuery("q", "SELECT ?s WHERE { ?s ?p ?o } # ORDER BY ?s").ordered
        False
        """
        code = "\n".join(line for line in self.text.splitlines() if not line.lstrip().startswith("#"))
        tail = re.sub(r"#[^\n]*", "", code[code.rfind("}") + 1 :])
        return re.search(r"\bORDER\s+BY\b", tail, re.IGNORECASE) is not None

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise ParameterError(f"query {self.name!r} has no parameter {name!r} (parameters: {known})")

    def bind(self, values: Mapping[str, Sequence[str]]) -> str:
        """The query text with each slot filled with already-serialised terms."""
        text = self.text
        for name, terms in values.items():
            self.param(name)
            if not terms:
                continue
            text = slots.fill(text, name, terms)
        return text


def describe(stored: StoredQuery, full: bool = True) -> str:
    """What a stored query answers, its parameters and, with ``full``, its description and columns.

    >>> print(describe(StoredQuery("q", "", "Plans", "One row per plan.", [Param("country", "country")], ["plan"])))
    q: Plans
        --param country=<country>
    <BLANKLINE>
    One row per plan.
    <BLANKLINE>
    Columns: plan
    """
    lines = [f"{stored.name}: {stored.summary}"]
    for p in stored.params:
        extra = f" (one of {', '.join(p.values)})" if p.values else ""
        default = f" [default: {p.default}]" if p.default is not None else ""
        required = " (required)" if p.required else ""
        lines.append(f"    --param {p.name}=<{p.type}>{extra}{default}{required}  {p.description}".rstrip())
    if full:
        if stored.description:
            lines += ["", _wrapped(stored.prose_for(examples=False))]
        if stored.example:
            lines += ["", _wrapped(f"In wpskg's own data: {stored.example}")]
        lines += ["", "Columns: " + ", ".join(stored.columns)]
        if stored.column_descriptions:
            width = max(len(c) for c in stored.columns)
            lines += [f"  {c.ljust(width)}  {stored.column_descriptions.get(c, '')}".rstrip() for c in stored.columns]
        by_separator: dict[str, list[str]] = {}
        for column, separator in stored.lists.items():
            by_separator.setdefault(separator, []).append(column)
        lists = [f"{', '.join(cols)} (joined with {sep!r})" for sep, cols in by_separator.items()]
        if lists:
            lines.append("Lists: " + "; ".join(lists))
        by_kinds: dict[str, list[str]] = {}
        for column, kinds in stored.datatypes.items():
            by_kinds.setdefault(" or ".join(kinds), []).append(column)
        if by_kinds:
            lines.append("Datatypes: " + "; ".join(f"{', '.join(cols)} {k}" for k, cols in by_kinds.items()))
    return "\n".join(lines)


def _wrapped(text: str) -> str:
    """``text`` in lines of 88 characters, broken at spaces only: an id (``action-no-responsible-actor``,
    ``fund:be-crsv-mptf``) is never split at a hyphen, so that it can be copied.

    >>> _wrapped("x " * 40 + "action-no-responsible-actor").splitlines()[-1]
    'action-no-responsible-actor'
    """
    return textwrap.fill(text, width=88, break_long_words=False, break_on_hyphens=False)


def _columns(value: object, where: str) -> tuple[list[str], dict[str, str]]:
    """The column names of a header's ``columns``, and their descriptions when it is a mapping.

    >>> _columns(["plan", "country"], "q.rq")
    (['plan', 'country'], {})
    >>> _columns({"plan": "the plan's IRI", "country": "its English name"}, "q.rq")
    (['plan', 'country'], {'plan': "the plan's IRI", 'country': 'its English name'})
    >>> _columns({"plan": None}, "q.rq")
    Traceback (most recent call last):
    wpskg.errors.WpskgError: q.rq: columns: describe 'plan' in words, or give the columns as a list
    """
    if value is None:
        return [], {}
    if isinstance(value, list):
        return [str(c) for c in value], {}
    if not isinstance(value, dict):
        raise WpskgError(f"{where}: columns must be a list of names, or a mapping of each name to its description")
    for name, text in value.items():
        if not isinstance(text, str) or not text.strip():
            raise WpskgError(f"{where}: columns: describe {name!r} in words, or give the columns as a list")
    return [str(c) for c in value], {str(c): " ".join(str(t).split()) for c, t in value.items()}


def _lists(value: object, columns: Sequence[str], where: str) -> dict[str, str]:
    """The ``lists`` of a header: a mapping of its columns to non-empty separators.

    >>> _lists({"themes": ", "}, ["funding", "themes"], "q.rq")
    {'themes': ', '}
    >>> _lists({"theme": ", "}, ["funding", "themes"], "q.rq")
    Traceback (most recent call last):
    wpskg.errors.WpskgError: q.rq: lists: 'theme' is not one of the columns (did you mean themes?)
    """
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise WpskgError(f'{where}: lists must map columns to their separators, as in lists: {{themes: ", "}}')
    _known_columns("lists", value, columns, where)
    out = {}
    for name, separator in value.items():
        if not isinstance(separator, str) or not separator:
            raise WpskgError(f"{where}: lists: the separator of {name!r} must be a non-empty string")
        out[str(name)] = separator
    return out


#: The keys of a stored query's ``#+`` header, and of each of its parameters.
HEADER_KEYS = ("summary", "description", "example", "params", "columns", "lists", "datatypes", "table_per", "page_by")
PARAM_KEYS = ("type", "description", "default", "values", "required")
#: What a curator may write for a key, and the key it means.
_KEY_ALIASES = {"parameters": "params", "param": "params", "parameter": "params", "column": "columns"}


def _known_keys(mapping: Mapping[object, object], known: Sequence[str], what: str, text: str, where: str) -> None:
    """Raise :class:`WpskgError` at the line of the first key of ``mapping`` that is not ``known``.

    >>> _known_keys({"summary": "s", "parameters": {}}, HEADER_KEYS, "the #+ header", "#+ parameters: {}", "q.rq")
    Traceback (most recent call last):
    wpskg.errors.WpskgError: q.rq:1: the #+ header has no key 'parameters' (did you mean params?); \
its keys are summary, description, example, params, columns, lists, datatypes, table_per, page_by
    """
    for key in mapping:
        if key in known:
            continue
        name = str(key)
        near = _KEY_ALIASES.get(name.lower()) or next(iter(difflib.get_close_matches(name, known, n=1)), None)
        hint = f" (did you mean {near}?)" if near else ""
        written = re.compile(rf"(?:^|[\s{{,]){re.escape(name)}\s*:")
        lines = enumerate(text.splitlines(), 1)
        line = next((n for n, t in lines if t.startswith("#+") and written.search(t[2:])), None)
        raise WpskgError(
            f"{where}{f':{line}' if line else ''}: {what} has no key {name!r}{hint}; its keys are {', '.join(known)}"
        )


def _known_columns(key: str, names: Iterable[object], columns: Sequence[str], where: str) -> None:
    """Refuse a name under the header's ``key`` that is not one of the ``columns`` (none given: any).

    >>> _known_columns("datatypes", ["amont"], ["amount"], "q.rq")
    Traceback (most recent call last):
    wpskg.errors.WpskgError: q.rq: datatypes: 'amont' is not one of the columns (did you mean amount?)
    """
    for name in names:
        if columns and name not in columns:
            near = difflib.get_close_matches(str(name), list(columns), n=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            raise WpskgError(f"{where}: {key}: {name!r} is not one of the columns{hint}")


def unknown_query(name: str, stored: Mapping[str, StoredQuery]) -> ParameterError:
    """The error for a name that is not a stored query, with the nearest names."""
    near = difflib.get_close_matches(name, list(stored), n=2, cutoff=0.6)
    hint = f" Did you mean {' or '.join(near)}?" if near else ""
    return ParameterError(
        f"no stored query {name!r}.{hint} Stored queries: {', '.join(stored)} (wpskg queries NAME describes one)"
    )


def choices(valid: Sequence[str], given: str, limit: int = 30) -> str:
    """The valid values for an error message: all of them, or the three nearest to ``given`` and how many there are.

    >>> plans = sorted(f"{c}-wps-nap-{i}" for c in ("be", "ml", "nl") for i in range(1, 11))
    >>> choices(plans[:3], "be-wps-nap-11")
    'be-wps-nap-1, be-wps-nap-10, be-wps-nap-2'
    >>> choices(plans, "be-wps-nap-11", limit=10)
    'be-wps-nap-1, be-wps-nap-10, be-wps-nap-9, … (30 in all)'
    >>> choices(["un-women", "unicef", "unfpa", *plans], "UN Woman", limit=10)
    'un-women, … (33 in all)'
    >>> choices(plans, "Ministry of Magic", limit=10)  # nothing near: the first three
    'be-wps-nap-1, be-wps-nap-10, be-wps-nap-2, … (30 in all)'
    """
    if len(valid) <= limit:
        return ", ".join(valid)
    # compared as short ids are written: lower case, words joined by hyphens ("UN Woman": un-woman)
    by_key = {v.lower(): v for v in valid}
    wanted = re.sub(r"[\s_]+", "-", given.strip().lower())
    near = [by_key[k] for k in difflib.get_close_matches(wanted, list(by_key), n=3, cutoff=0.5)]
    return ", ".join([*(near or valid[:3]), "…"]) + f" ({len(valid)} in all)"


def load_queries(folder: Path) -> dict[str, StoredQuery]:
    """Every stored query in ``folder``, by name (the file name without ``.rq``)."""
    if not Path(folder).is_dir():
        raise InputError("no such folder of stored queries", Location(str(folder)))
    return {path.stem: load_query(path) for path in sorted(Path(folder).glob("*.rq"))}


def load_query(path: Path) -> StoredQuery:
    """The stored query in the file ``path``, named by the file name without ``.rq``."""
    return StoredQuery.parse(read_query_text(path), path.stem, path)


def read_query_text(path: Path | str) -> str:
    """The text of a query file, or an :class:`InputError` that names the file (and the line and
    column of a byte that is not UTF-8)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the query: {exc.strerror}", Location(str(path))) from None
    return decode(data, str(path))


Select = Callable[[str], "list[dict[str, ox.Term]]"]
"""Runs a SELECT and returns its rows as dicts of the bound variables (:meth:`Graph.select`)."""


class Resolver:
    """Turns user text into RDF terms, looking values up in the data the query will run on.

    ``source`` is the local graph, or the :data:`Select` of a remote endpoint
    (:func:`wpskg.remote.selector`), so that a plan or a label is looked for
    where the query is answered; ``where`` names it in error messages.
    """

    def __init__(self, source: Graph | Select, where: str = "the graph") -> None:
        self._select: Select = source.select if isinstance(source, Graph) else source
        self.where = where
        self._countries: dict[str, str] | None = None
        self._bare: dict[str, set[str]] = {}  # country names without accents → IRIs, filled by countries()
        self._codes: dict[str, str] = {}  # country IRI → alpha-2 code, filled by countries()
        self._english: dict[str, str] = {}  # country IRI → English name, filled by countries()
        self._themes: dict[str, str] | None = None
        self._theme_name_tables: tuple[dict[str, set[str]], dict[str, set[str]]] | None = None
        self._members: dict[str, set[str]] = {}

    def _rows(self, query: str) -> list[dict[str, ox.Term]]:
        return self._select(sparql_prologue() + query)

    def _iris(self, pattern: str) -> set[str]:
        """The IRIs that ``?s`` takes in ``pattern``."""
        rows = self._rows(f"SELECT DISTINCT ?s WHERE {{ {pattern} }}")
        return {row["s"].value for row in rows if isinstance(row["s"], ox.NamedNode)}

    def countries(self) -> dict[str, str]:
        """Lower-cased codes (ISO 3166-1 alpha-2 and alpha-3) and names (:func:`wpskg.names.key`) → country IRI.

        Names in English come first, then in the sources' other languages
        ("België", "Belgique"), so that a name shared by two countries means
        the one it names in English.
        """
        if self._countries is None:
            rows = self._rows(
                "SELECT ?c ?code ?alpha3 WHERE { ?c a wps:Country ; skos:notation ?code . "
                "OPTIONAL { ?c wps:iso3166Alpha3 ?alpha3 } }"
            )
            table: dict[str, str] = {}
            for row in rows:
                table[row["code"].value.lower()] = row["c"].value
                if "alpha3" in row:
                    table.setdefault(row["alpha3"].value.lower(), row["c"].value)
            self._codes = {iri: code.upper() for code, iri in table.items() if len(code) == 2}
            # FILTER, not VALUES ?p: Oxigraph joined the VALUES to every label of the graph
            # (80 ms a parameter at a million triples, against 3).
            names = self._rows(
                "SELECT ?c ?p ?name WHERE { ?c a wps:Country ; ?p ?name . "
                "FILTER(?p IN (skos:prefLabel, skos:altLabel, rdfs:label)) }"
            )
            names.sort(key=lambda row: not getattr(row["name"], "language", "").startswith("en"))
            for row in names:
                table.setdefault(name_key(row["name"].value), row["c"].value)
                self._bare.setdefault(bare(row["name"].value), set()).add(row["c"].value)
                english = getattr(row["name"], "language", "").startswith("en")
                if english and not row["p"].value.endswith("altLabel"):
                    self._english.setdefault(row["c"].value, row["name"].value)
            self._countries = table
        return self._countries

    def country(self, value: str) -> str | None:
        """The IRI of the country that ``value`` names: a code or a name, in any case and spelling
        (:func:`wpskg.names.key`), or without its accents when that names one country ("Belgie")."""
        table = self.countries()
        iri = table.get(name_key(value))
        if iri is None and len(self._bare.get(bare(value), ())) == 1:
            (iri,) = self._bare[bare(value)]
        return iri

    def unknown_country(self, raw: str, name: str) -> ParameterError:
        """The error for a country the graph does not have, with the nearest names and codes."""
        overlong = too_long(raw, name)
        if overlong is not None:  # neither echoed nor compared with every name
            return overlong
        table = self.countries()
        if not self._codes:  # nothing to choose from: the data is not where the query looks
            return ParameterError(
                f"no country {raw!r} for parameter {name!r}: {self.where} has no countries at all "
                "(no wps:Country with a skos:notation). Is the graph loaded there? A store that holds it "
                "as a named graph answers from its default graph unless the endpoint URL says otherwise "
                "(?default-graph-uri=…, docs/queries.md)"
            )
        names = [k for k in table if len(k) > 3]  # names only: a code near another code says little
        near = difflib.get_close_matches(name_key(raw), names, n=6, cutoff=0.75)
        word = name_key(raw)  # a word of a longer name: "Congo" in "Democratic Republic of the Congo"
        if len(word) > 3:
            near += sorted(k for k in names if k != word and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", k))
        shown = [f"{self._english.get(iri, self._codes[iri])} ({self._codes[iri]})" for iri in (table[k] for k in near)]
        shown = list(dict.fromkeys(shown))[:3]
        hint = f" Did you mean {' or '.join(shown)}?" if shown else ""
        return ParameterError(
            f"no country {raw!r} in {self.where} for parameter {name!r}.{hint} Give the ISO 3166-1 alpha-2 or "
            f"alpha-3 code, or the name in English, Dutch or French, of one of the {len(self._codes)} "
            f"countries that {self.where} describes. Valid codes: {', '.join(sorted(self._codes.values()))}"
        )

    def themes(self) -> dict[str, str]:
        """Theme notation → theme IRI."""
        if self._themes is None:
            rows = self._rows("SELECT ?t ?n WHERE { ?t a wps:Theme ; skos:notation ?n }")
            self._themes = {row["n"].value.lower(): row["t"].value for row in rows}
        return self._themes

    def theme(self, value: str) -> str | None:
        """The IRI of the theme that ``value`` names: its notation (``gbv``), or a name of it in any
        language (``Gender-based violence``, ``VBG``, ``Gendergerelateerd geweld``) that names one theme."""
        iri = self.themes().get(value.strip().lower())
        if iri is None:
            by_key, by_bare = self._theme_names()
            named = by_key.get(name_key(value), set())
            if not named:  # without its accents, as countries are found ("violences basees sur le genre")
                named = by_bare.get(bare(value), set())
            iri = next(iter(named)) if len(named) == 1 else None
        return iri

    def _theme_names(self) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """The themes by each of their names' keys, and by the names without accents (looked up once)."""
        if self._theme_name_tables is None:
            rows = self._rows(
                "SELECT DISTINCT ?t ?name WHERE { ?t a wps:Theme ; ?p ?name . "
                "FILTER(?p IN (skos:prefLabel, skos:altLabel, rdfs:label)) }"
            )
            by_key: dict[str, set[str]] = {}
            by_bare: dict[str, set[str]] = {}
            for row in rows:
                by_key.setdefault(name_key(row["name"].value), set()).add(row["t"].value)
                by_bare.setdefault(bare(row["name"].value), set()).add(row["t"].value)
            self._theme_name_tables = (by_key, by_bare)
        return self._theme_name_tables

    def members(self, kind: str) -> set[str]:
        """The IRIs of the things of a :data:`MEMBERS` kind in the graph (the plans, the indicators)."""
        if kind not in self._members:
            cls = MEMBERS[kind][0]
            self._members[kind] = {row["p"].value for row in self._rows(f"SELECT ?p WHERE {{ ?p a {cls} }}")}
        return self._members[kind]

    def resolve(self, param: Param, raw: str) -> list[str]:
        """The SPARQL terms for ``raw`` as a value of ``param``; unknown values list the valid ones."""
        overlong = too_long(raw, param.name)
        if overlong is not None:
            raise overlong
        value = raw.strip()
        kind = param.type
        if kind == "country":
            iri = self.country(value)
            if iri is None:
                raise self.unknown_country(raw, param.name)
            return [sparql_iri(iri)]
        if kind == "theme":
            iri = self.theme(value)
            if iri is None:
                raise ParameterError(
                    f"unknown theme {raw!r} for parameter {param.name!r}; valid themes: "
                    f"{', '.join(sorted(self.themes()))} (or a theme's name in English, Dutch or French)"
                )
            # one value: the queries look it up with wps:inTheme, which holds for its narrower themes too
            return [sparql_iri(iri)]
        if kind == "year":
            if not re.fullmatch(r"[0-9]{4}", value):
                raise ParameterError(f"parameter {param.name!r} is a year such as 2021, not {raw!r}")
            return [sparql_literal(value, XSD_INTEGER)]
        if kind in ("enum", "actor-type"):
            if value not in param.values:
                raise ParameterError(f"parameter {param.name!r} is one of {', '.join(param.values)}, not {raw!r}")
            return [sparql_literal(value)]
        if kind in MEMBERS:
            iri = self.expand(value, kind)
            found = self.members(kind)
            if iri not in found and value != value.lower():  # short ids are lower case: NL-WPS-NAP-4
                iri = self.expand(value.lower(), kind)
            if iri in found:
                return [sparql_iri(iri)]
            # the short id in a project's own namespace (https://data.example.ie/id/plan/x): as written, else any case
            tails = {m: re.split(r"[/#]", m)[-1] for m in found}
            local = [m for m, tail in tails.items() if tail == value]
            local = local or [m for m, tail in tails.items() if tail.lower() == value.lower()]
            if len(local) == 1:
                return [sparql_iri(local[0])]
            if len(local) > 1:
                raise ParameterError(
                    f"{kind} {raw!r} for parameter {param.name!r} is the short id of {len(local)} {kind}s: "
                    f"{', '.join(sorted(local))}; give the IRI of the one meant"
                )
            named = sorted(self.labelled(value) & found)
            if named:  # a label ("UN Women", "IGVM"): every one of them it names
                return [sparql_iri(i) for i in named]
            namespace, lister = PREFIXES[MEMBERS[kind][1]], MEMBERS[kind][2]
            short = sorted(p[len(namespace) :] if p.startswith(namespace) else p for p in found)
            raise ParameterError(
                f"unknown {kind} {raw!r} for parameter {param.name!r}; give {'an' if kind[0] in 'aeiou' else 'a'} "
                f"{kind} IRI, short id or label. Valid {kind}s: {choices(short, value)}; "
                f"the {lister} query lists them all"
            )
        if kind == "iri":
            return [sparql_iri(self.expand(value, kind))]
        if kind == "subject":
            return [sparql_iri(iri) for iri in self.subjects(value, param.name)]
        return [sparql_literal(value)]

    def subjects(self, value: str, name: str = "subject") -> list[str]:
        """The IRIs that ``value`` names: a full IRI, a prefixed name, a local id or a label.

        A full IRI or prefixed name must be the subject of a triple, a local id
        is looked up in every namespace of the prefix table, a label
        (rdfs:label, skos:prefLabel or skos:altLabel) first as written, in any
        of the sources' languages, then ignoring case.
        """
        prefix, sep, local = value.partition(":")
        if "://" in value or (sep and prefix in PREFIXES):
            iri = value if "://" in value else PREFIXES[prefix] + local
            # (no prologue of prefixes: parsing it would be most of the lookup's cost)
            if self._select(f"SELECT ?s WHERE {{ VALUES ?s {{ {sparql_iri(iri)} }} ?s ?p ?o }} LIMIT 1"):
                return [iri]
            raise ParameterError(
                f"nothing in {self.where} is named {value!r} (parameter {name!r}): no triple has it as its "
                "subject; check the spelling, or give a local id such as be-wps-nap-1 or a label"
            )
        found: set[str] = set()
        if re.fullmatch(r"[A-Za-z0-9._~-]+", value):
            candidates = " ".join(sparql_iri(ns + value) for ns in sorted(set(PREFIXES.values())) if ns.endswith("/"))
            found |= self._iris(f"VALUES ?s {{ {candidates} }} ?s ?p ?o")
        found |= self._labelled_as_written(value)
        if not found:
            found = self._labelled_in_any_case(value)
        if not found:
            raise ParameterError(
                f"nothing in {self.where} is named {value!r} (parameter {name!r}); give an IRI, a prefixed name "
                "such as plan:be-wps-nap-1, a local id such as be-wps-nap-1, or a label"
            )
        return sorted(found)

    def labelled(self, value: str) -> set[str]:
        """The IRIs that have ``value`` as a label (rdfs:label, skos:prefLabel or skos:altLabel): as
        written, in any of the sources' languages; else ignoring case."""
        return self._labelled_as_written(value) or self._labelled_in_any_case(value)

    def _labelled_as_written(self, value: str) -> set[str]:
        """Composed or decomposed (NFC or NFD): a label copied from a PDF may be either."""
        labels = " ".join(sparql_literal(v, language=lang) for v in spellings(value) for lang in _LABEL_LANGUAGES)
        return self._iris(f"VALUES ?l {{ {labels} }} ?s {_LABELS} ?l")

    def _labelled_in_any_case(self, value: str) -> set[str]:
        """In any case, NFC or NFD, with ' for a typographic apostrophe (’)."""
        # the engine's LCASE of the label, against the value lower-cased as it is ("straße", two
        # spaces) and as its name key (another apostrophe, one space)
        lowered = re.sub(f"[{APOSTROPHES}]", "'", value.lower())
        forms = dict.fromkeys(f for v in (lowered, name_key(value)) for f in spellings(v))
        keys = ", ".join(sparql_literal(v) for v in forms)
        return self._iris(f'?s {_LABELS} ?l . FILTER(REPLACE(LCASE(STR(?l)), "[{APOSTROPHES}]", "\'") IN ({keys}))')

    def expand(self, value: str, kind: str) -> str:
        """A full IRI from a full IRI, a prefixed name, or (for a :data:`MEMBERS` kind) a short id."""
        if kind in MEMBERS and re.fullmatch(r"[a-z0-9-]+", value):
            return PREFIXES[MEMBERS[kind][1]] + value
        return expand_name(value) or value


@dataclass
class QueryRun:
    """The bound query text and its result."""

    query: StoredQuery
    text: str
    result: Result


#: The longest parameter value read (an IRI or a name); a longer one is refused, not echoed.
MAX_PARAM_LENGTH = 2048


def too_long(raw: str, name: str) -> ParameterError | None:
    """The error for a parameter value longer than :data:`MAX_PARAM_LENGTH`, which names its start only.

    >>> print(too_long("x" * 3000, "country"))  # doctest: +NORMALIZE_WHITESPACE
    parameter 'country' is 3000 characters long, more than the 2048 a value may have
    (it starts 'xxxxxxxxxxxxxxxxxxxxxxxx')
    >>> too_long("BE", "country") is None
    True
    """
    if len(raw) <= MAX_PARAM_LENGTH:
        return None
    return ParameterError(
        f"parameter {name!r} is {len(raw)} characters long, more than the {MAX_PARAM_LENGTH} a value may have "
        f"(it starts {raw[:24]!r})"
    )


def bind(stored: StoredQuery, graph: Graph | Resolver, raw: Mapping[str, str]) -> str:
    """Resolve and bind raw parameter values (with defaults) into the query text.

    Values are looked up in ``graph``, or with a :class:`Resolver` of another source.
    """
    resolver = graph if isinstance(graph, Resolver) else Resolver(graph)
    values: dict[str, list[str]] = {}
    for name in raw:
        stored.param(name)
    for param in stored.params:
        given = raw.get(param.name)
        if isinstance(given, int | Decimal) and not isinstance(given, bool):
            given = str(given)  # {"year": 2021} from Python, as "2021" from the command line
        elif given is not None and not isinstance(given, str):
            raise ParameterError(f"parameter {param.name!r} takes text, not {type(given).__name__} {given!r}")
        text = given or param.default
        if text is None or text == "":
            if param.required:
                raise ParameterError(f"query {stored.name!r} needs parameter {param.name!r}")
            continue
        values[param.name] = resolver.resolve(param, text)
    return stored.bind(values)


def page(stored: StoredQuery, text: str, limit: int | None, offset: int = 0, max_rows: int | None = None) -> str:
    r"""``text`` (the bound ``stored``) restricted to ``limit`` rows after the first ``offset``.

    The stored query's ORDER BY makes the pages stable; a query without one
    cannot be paged. ``limit`` may not pass the row cap.

    >>> q = StoredQuery("q", "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s")
    >>> page(q, q.text, 10, 20)
    'SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s\nLIMIT 10 OFFSET 20'
    >>> page(q, q.text, 0)
    Traceback (most recent call last):
    wpskg.errors.ParameterError: limit is a number of rows from 1 up, not 0
    """
    if limit is None and not offset:
        return text
    if limit is not None and limit < 1:
        raise ParameterError(f"limit is a number of rows from 1 up, not {limit}")
    if offset < 0:
        raise ParameterError(f"offset is a number of rows from 0 up, not {offset}")
    if max_rows is not None and limit is not None and limit > max_rows:
        raise ParameterError(f"limit is at most the row cap, {max_rows} rows, not {limit}")
    if not stored.ordered:
        raise ParameterError(f"query {stored.name!r} has no ORDER BY, so its rows cannot be paged")
    clauses = ([f"LIMIT {limit}"] if limit is not None else []) + ([f"OFFSET {offset}"] if offset else [])
    return f"{text.rstrip()}\n{' '.join(clauses)}"


def run(
    stored: StoredQuery,
    graph: Graph,
    params: Mapping[str, str] | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    limit: int | None = None,
    offset: int = 0,
    max_bytes: int | None = None,
) -> QueryRun:
    """Bind and run a stored query on the embedded store, with a time limit, row cap and size cap.

    ``limit`` and ``offset`` ask for one page of the rows (:func:`page`); a query that
    declares ``page_by`` gets it in two steps (:mod:`wpskg.paging`), the same rows sooner.
    The stored queries read what :func:`wpskg.infer` adds, so a graph it has not run on
    since triples were added (:meth:`Graph.add_quads`, :func:`wpskg.load_project`) is
    refused: its answers would be silently short.
    """
    if graph.asserted and not graph.reasoned:
        raise QueryError(
            "the graph has not been inferred: the stored queries read what wpskg.infer(graph) adds "
            "(a funding's plan and themes, the classes of each thing), so call it after loading"
        )
    bound = bind(stored, graph, params or {})
    text = page(stored, bound, limit, offset, max_rows)
    try:
        if stored.page_by and limit is not None:

            def execute(query: str, seconds: float) -> Result:
                return run_query(graph, query, timeout=seconds, max_rows=max_rows, max_bytes=max_bytes)

            found = paging.run(bound, stored.page_by, limit, offset, execute, timeout)
            if found is not None:
                return QueryRun(stored, text, found)
        answer = run_query(graph, text, timeout=timeout, max_rows=max_rows, max_bytes=max_bytes)
        return QueryRun(stored, text, answer)
    except QuerySyntaxError as exc:  # in the file: bound values keep its lines
        raise exc.located(str(stored.path or stored.name)) from None
