"""What all loaders share: the parsed document, the source line map and the checks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from .. import langtags
from ..errors import InputError, Location
from ..literals import date_suggestion, european_number, is_well_typed
from ..namespaces import ID, RDF_TYPE, XSD

#: Largest input file accepted, in bytes.
MAX_BYTES = 50 * 1024 * 1024
#: Longest literal accepted, in characters.
MAX_LITERAL = 1_000_000
#: Longest IRI accepted, in characters.
MAX_IRI = 8192
#: Most quads one file may hold.
MAX_QUADS = 5_000_000
#: Parsed terms may hold at most this many characters per input byte (plus
#: :data:`EXPANSION_FLOOR`): a long prefix used many times, or a long subject
#: repeated by ``,`` lists, cannot turn a small file into gigabytes. The
#: shipped data needs about 25.
MAX_EXPANSION = 64
EXPANSION_FLOOR = 1024 * 1024
#: Each quad counts this much on top of its characters (the Python objects).
QUAD_COST = 32
#: Base IRI for relative IRIs in contributed files.
BASE_IRI = str(ID)


@dataclass
class SourceMap:
    """Where each subject of a file is first described, for error messages."""

    lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, iri: str) -> int | None:
        return self.lines.get(iri)


@dataclass
class Document:
    """The quads parsed from one file, with its name and line map."""

    name: str
    quads: list[ox.Quad]
    text: str
    source_map: SourceMap

    def literal_line(self, lexical: str) -> int | None:
        """The first line on which the lexical form ``lexical`` is written."""
        needle = lexical.split("\n", 1)[0]
        for number, line in enumerate(self.text.splitlines(), start=1):
            if needle in line:
                return number
        return None


def syntax_error(
    exc: SyntaxError, name: str, data: bytes | str | None = None, fmt: ox.RdfFormat | None = None
) -> InputError:
    """An :class:`InputError` with file, line and column from a pyoxigraph SyntaxError; when the
    line of the error in ``data`` holds a language tag written with ``_`` (``"x"@en_GB``), which
    Turtle and N-Triples cannot parse, the message says so, and when the error is at a typographic
    quote or (in ``fmt`` Turtle or N-Triples) a number in European form, what to write
    (:func:`typing_hint`)."""
    message = str(exc.msg if getattr(exc, "msg", None) else exc)
    message = re.sub(r"^Parser error at line \d+ between columns \d+ and \d+: ", "", message)
    message = re.sub(r"^Parser error at line \d+ column \d+: ", "", message)
    message = re.sub(r"^Parser error between line \d+ column \d+ and line \d+ column \d+: ", "", message)
    lines = data.splitlines() if data is not None and exc.lineno else []
    if exc.lineno and len(lines) >= exc.lineno:
        line = lines[exc.lineno - 1]
        text = line.decode("utf-8", "replace") if isinstance(line, bytes) else line
        tag = next(iter(re.findall(r"""["']@([A-Za-z][A-Za-z0-9-]*_[A-Za-z0-9_-]*)""", text)), None)
        if tag is not None:
            near = langtags.suggestion(tag)
            message += f": the language tag @{tag} is not well-formed, BCP 47 separates subtags with hyphens"
            message += f": did you mean @{near}?" if near else ""
        elif exc.offset:
            message += typing_hint(text, exc.offset, message, fmt)
    tag = re.search(r"language tag '([^']*)'", message)
    if tag is not None and not exc.lineno and data is not None:  # RDF/XML gives no position
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        where = re.search(r"xml:lang\s*=\s*[\"'](" + re.escape(tag.group(1)) + ")", text, re.IGNORECASE)
        near = langtags.suggestion(tag.group(1))
        message += f': did you mean xml:lang="{near}"?' if near else ""
        if where is not None:
            return InputError(message, position(text, name, where.start(1)))
    return InputError(message, Location(name, exc.lineno, exc.offset))


#: Typographic quotes, which a word processor writes for ``"`` and ``'``: openers, then closers.
_OPENERS, _CLOSERS = "“‘„‚«‟‛", "”’“‘»"
#: What may follow the end of a literal in Turtle: its tag or datatype, or the end of its statement.
_AFTER_LITERAL = r"(?=@|\^\^|\s*[;,.\])]|\s*(?:#.*)?$)"
#: A number written unquoted, with the column it starts at.
_NUMBER_TOKEN = re.compile(r"(?<![\w.:-])\d[\d.,]*\d(?![\w]|[.,]\d)")


def typing_hint(line: str, column: int, message: str, fmt: ox.RdfFormat | None = None) -> str:
    """What to write instead, for a parse error at ``column`` (from 1) of ``line``: straight quotes
    for a literal in typographic quotes (``“Vrede”``), and, in Turtle and N-Triples, the decimal
    for a number written unquoted in European form (``1.000.000,50``); else ``""``.

    >>> typing_hint('e:a rdfs:label “Vrede”@nl .', 16, "'“' is not allowed at the beginning of a prefix name")
    ': “ is a typographic quote: use straight double quotes ("): write "Vrede"'
    >>> typing_hint('e:a rdfs:label "Vrede” .', 24, "Line jumps are not allowed in string literals, use \\n")
    ': the literal ends with a typographic quote ”: use straight double quotes (")'
    >>> typing_hint("e:a schema:value 1.000.000,50 .", 23, ".000 is not a valid subject", ox.RdfFormat.TURTLE)
    ': 1.000.000,50 is a number in European notation, which Turtle does not read: write it as "1000000.50"^^xsd:decimal'
    >>> typing_hint("e:a schema:value 1.000.000 .", 23, ".000 is not a valid subject", ox.RdfFormat.TURTLE)[-63:]
    'write it as 1000000, or "1000000.00"^^xsd:decimal for an amount'
    >>> typing_hint('e:a e:p "1.000.000,50 .', 24, "Line jumps are not allowed in string literals", ox.RdfFormat.TURTLE)
    ''
    """
    at = column - 1
    if 0 <= at < len(line) and line[at] in _OPENERS:
        closed = re.match(rf"(.*?)[{_CLOSERS}]{_AFTER_LITERAL}", line[at + 1 :])
        hint = f': {line[at]} is a typographic quote: use straight double quotes (")'
        return hint + (f': write "{closed.group(1)}"' if closed and '"' not in closed.group(1) else "")
    if message.startswith(("Line jumps are not allowed in string literals", "Unexpected end of file")):
        opened = re.search(rf"[\"'][^\"']*?([{_CLOSERS}]){_AFTER_LITERAL}", line)
        if opened:
            return f': the literal ends with a typographic quote {opened.group(1)}: use straight double quotes (")'
    if fmt not in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES):
        return ""
    for m in _NUMBER_TOKEN.finditer(line):
        value = european_number(m.group())
        if value is None or not m.start() <= at <= m.end() or line[: m.start()].count('"') % 2:
            continue  # another number, or one inside a string
        turtle, written = fmt == ox.RdfFormat.TURTLE, m.group()
        notation = f": {written} is a number in European notation, which {fmt.name} does not read: write it as "
        if "," in written:
            return notation + _typed(value, "decimal", turtle)
        plain = value if turtle else _typed(value, "integer", turtle)
        return notation + f"{plain}, or {_typed(value + '.00', 'decimal', turtle)} for an amount"
    return ""


def _typed(value: str, datatype: str, turtle: bool) -> str:
    """A literal of an ``xsd:`` datatype as Turtle (prefixed) or N-Triples (in full) writes it."""
    return f'"{value}"^^xsd:{datatype}' if turtle else f'"{value}"^^<{XSD}{datatype}>'


def position(text: str | bytes, name: str, offset: int) -> Location:
    """The location of the character (or, in bytes, the byte) at ``offset`` in ``text``.

    >>> str(position("ab\\ncd", "x.json", 4)), str(position(b"ab\\ncd", "x.xml", 4))
    ('x.json:2:2', 'x.xml:2:2')
    """
    newline = "\n" if isinstance(text, str) else b"\n"
    line = text.count(newline, 0, offset) + 1  # type: ignore[arg-type]
    return Location(name, line, offset - text.rfind(newline, 0, offset))  # type: ignore[arg-type]


def decode(data: bytes, name: str) -> str:
    """``data`` as UTF-8 text, without the byte-order mark some editors write first; anything else
    is refused with the line and column of its first bad byte.

    >>> decode("Vrouwen\\nVrede".encode("latin-1"), "x.txt")
    'Vrouwen\\nVrede'
    >>> decode(b"\\xef\\xbb\\xbfname\\talpha2", "places.tsv")
    'name\\talpha2'
    >>> decode("Vrede\\nVeiligheid, één".encode("latin-1"), "x.txt")
    Traceback (most recent call last):
    ...
    wpskg.errors.InputError: x.txt:2:13: not valid UTF-8 (byte 0xe9): save the file as UTF-8
    """
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        byte = data[exc.start]
        raise InputError(
            f"not valid UTF-8 (byte 0x{byte:02x}): save the file as UTF-8", position(data, name, exc.start)
        ) from None


def line_of(text: str, *needles: str) -> int | None:
    """The first line of ``text`` that holds one of ``needles``, tried in order (a needle's first line).

    >>> line_of("a\\n<b> c\\n", "<x>", "<b>")
    2
    """
    lines = text.splitlines()
    for needle in needles:
        needle = needle.split("\n", 1)[0]
        if not needle:
            continue
        for number, line in enumerate(lines, start=1):
            if needle in line:
                return number
    return None


def term_line(
    text: str, term: ox.Term, source_map: SourceMap | None = None, subject: ox.Term | None = None
) -> int | None:
    """Where ``term`` is written in ``text``, else where its triple's subject is."""
    if isinstance(term, ox.Literal):
        exact = [f'"{term.value}"', f"'{term.value}'", f">{term.value}<"]
    elif isinstance(term, ox.NamedNode):
        exact = [f"<{term.value}>", f'"{term.value}"']
    else:
        exact = []
    line = line_of(text, *exact)
    if line is None and source_map is not None and isinstance(subject, ox.NamedNode):
        line = source_map.line_of(subject.value)
    if line is None and isinstance(term, (ox.Literal, ox.NamedNode)):
        line = line_of(text, term.value)
    return line


def _iri_problem(iri: str) -> str | None:
    if len(iri) > MAX_IRI:
        return f"IRI of {len(iri)} characters is over the limit of {MAX_IRI}"
    if iri[:5].lower() == "file:":
        return f"file: IRI <{iri}> is refused: contributed data must not name local files"
    return None


def _structure(quad: ox.Quad) -> tuple[str, ox.Term] | None:
    """Why ``quad`` is refused whatever its literals are, and the term at fault."""
    if not isinstance(quad.graph_name, ox.DefaultGraph):
        return "named graphs are not allowed in contributed data", quad.graph_name
    for term in (quad.subject, quad.predicate, quad.object):
        if isinstance(term, ox.Triple):
            return "RDF 1.2 triple terms are not supported", quad.subject
        if isinstance(term, ox.NamedNode):
            problem = _iri_problem(term.value)
            if problem:
                return problem, term
        if isinstance(term, ox.Literal):
            if term.direction is not None:
                return "RDF 1.2 base directions (@lang--ltr) are not supported", term
            if len(term.value) > MAX_LITERAL:
                size = len(term.value)
                return f"literal of {size} characters is over the limit of {MAX_LITERAL}", term
            problem = _iri_problem(term.datatype.value)
            if problem:
                return problem, term
    return None


def check_quads(quads: list[ox.Quad], doc_text: str, name: str, source_map: SourceMap | None = None) -> None:
    """Reject refused structures and ill-typed or oversized literals, naming their line."""
    for quad in quads:
        refused = _structure(quad)
        if refused:
            message, term = refused
            if isinstance(term, ox.Literal):
                term = ox.Literal(term.value[:40])
            raise InputError(message, Location(name, term_line(doc_text, term, source_map, quad.subject)))
        term = quad.object
        if not isinstance(term, ox.Literal):
            continue
        datatype = term.datatype.value
        try:
            well_typed = is_well_typed(term.value, datatype)
        except ValueError:  # e.g. an integer too long for int()
            well_typed = False
        if datatype.startswith(XSD) and not well_typed:
            short = "xsd:" + datatype[len(XSD) :]
            meant = date_suggestion(term.value, datatype)
            number = european_number(term.value.strip()) if short == "xsd:decimal" else None
            meant = meant or (f'"{number}"^^xsd:decimal' if number else None)
            if meant and name.lower().endswith((".jsonld", ".json")):  # as the file writes a typed value
                meant = _TURTLE_TYPED.sub(r'{"@value": "\1", "@type": "xsd:\2"}', meant)
            raise InputError(
                f'ill-typed literal "{term.value}"^^{short}' + (f": write it as {meant}" if meant else ""),
                Location(name, term_line(doc_text, term, source_map, quad.subject)),
            )


#: A typed literal as a hint writes it in Turtle (``"2019"^^xsd:gYear``).
_TURTLE_TYPED = re.compile(r'"([^"]*)"\^\^xsd:(\w+)')

#: A ``@prefix`` (or ``PREFIX``) line of Turtle: its prefix and namespace.
PREFIX_LINE = re.compile(r"^[ \t]*(?:@prefix|PREFIX)[ \t]+([A-Za-z0-9_.-]*):[ \t]*<([^>]*)>", re.IGNORECASE)
#: One declaration of a line that declares prefixes, and the `` .`` that ends it.
_PREFIX = re.compile(r"[ \t]*(?:@prefix|PREFIX)[ \t]+([A-Za-z0-9_.-]*):[ \t]*<([^>]*)>[ \t]*\.?", re.IGNORECASE)
_SUBJECT = re.compile(r"^(<[^>\s]*>|[A-Za-z][A-Za-z0-9_.-]*:[^\s;,]*|:[^\s;,]*)\s")


def subject_lines(text: str) -> SourceMap:
    """Map each subject written at the start of a line (Turtle, N-Triples) to that line."""
    prefixes: dict[str, str] = {}
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if PREFIX_LINE.match(line):
            prefixes.update(line_prefixes(line))
            continue
        m = _SUBJECT.match(line)
        if not m:
            continue
        token = m.group(1)
        if token.startswith("<"):
            iri = token[1:-1]
        else:
            prefix, _, local = token.partition(":")
            if prefix not in prefixes:
                continue
            iri = prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
        lines.setdefault(iri, number)
    return SourceMap(lines)


def line_prefixes(line: str) -> dict[str, str]:
    """The prefixes that a ``@prefix`` line declares, all of them when it declares several.

    >>> line_prefixes("@prefix a: <http://a/> . @prefix b: <http://b/> .")
    {'a': 'http://a/', 'b': 'http://b/'}
    >>> line_prefixes("@prefix a: <http://a/> . # not PREFIX old: <http://o/>")  # declarations only, in a row
    {'a': 'http://a/'}
    """
    found: dict[str, str] = {}
    at = 0
    while m := _PREFIX.match(line, at):
        found[m.group(1)] = m.group(2)
        at = m.end()
    return found


def _prefixes(lines: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in lines:
        found.update(line_prefixes(line))
    return found


def _written(iri: str, prefixes: dict[str, str]) -> re.Pattern[str]:
    """How ``iri`` can be written in Turtle with ``prefixes``: in full, or as a prefixed name."""
    forms = [re.escape(f"<{iri}>")]
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            forms.append(rf"(?<![\w:.-]){re.escape(prefix)}:{re.escape(iri[len(namespace) :])}(?![\w:-])")
    if iri == RDF_TYPE:
        forms.append(r"(?:^|[\s;])a(?=\s)")
    return re.compile("|".join(forms))


def statement_line(text: str, start: int, predicate: str, value: str | None = None) -> int | None:
    r"""The line, in Turtle or N-Triples ``text``, where the subject written on line ``start``
    is given ``predicate`` (an IRI), and ``value`` if given (an IRI, or the text of a literal).

    The statement is looked for from line ``start`` to the end of its subject's
    block: the indented lines below it and the lines that start with the same
    subject. ``None`` when the block does not give the subject ``predicate``.

    >>> ttl = '@prefix ex: <http://e/> .\nex:a a ex:T ;\n    ex:p ex:b ,\n        ex:c ;\n    ex:q "x" .\n'
    >>> ttl += 'ex:d ex:p ex:c .'
    >>> statement_line(ttl, 2, "http://e/q"), statement_line(ttl, 2, "http://e/p", "http://e/c")
    (5, 4)
    >>> statement_line(ttl, 2, "http://e/r") is None
    True
    """
    return Statements(text).line(start, predicate, value)


class Statements:
    """The lines and prefixes of a Turtle or N-Triples text, read once, to find statements in
    (:func:`statement_line`)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.prefixes = _prefixes(self.lines)

    def line(self, start: int, predicate: str, value: str | None = None) -> int | None:
        """As :func:`statement_line` on this text."""
        lines, prefixes = self.lines, self.prefixes
        if not 0 < start <= len(lines):
            return None
        said = _written(predicate, prefixes)
        if value is None:
            wanted = None
        elif value.startswith(("http://", "https://", "urn:")):
            wanted = _written(value, prefixes)
        else:
            wanted = _literal(value)
        subject = lines[start - 1].split(None, 1)[0] if lines[start - 1].strip() else ""
        first = None  # the first line that gives the predicate
        inside = False  # on a line of a statement that gives it
        for number in range(start, len(lines) + 1):
            line = lines[number - 1]
            if number > start and line[:1] not in ("", " ", "\t", "#") and line.split(None, 1)[0] != subject:
                break  # the next subject's block
            body = line.split(None, 1)[1] if number == start and " " in line.strip() else line
            if said.search(body):
                inside = True
                first = first or number
            if inside and (wanted is None or wanted.search(body)):
                return number
            if body.rstrip().endswith((";", ".")):
                inside = False
        return first


def _literal(value: str) -> re.Pattern[str]:
    """How the text of a literal is written: its first line, or its beginning when the value is
    shortened (``"Een lange…"``); a language-tagged value written as in N-Triples
    (``"Mali"@english``, a tag that the parser lower-cased) with its tag in any case.

    >>> bool(_literal('"Mali"@en-gb').search('"Mali"@en-GB ;')), bool(_literal('"Mali"@en').search('"Mali"@eng'))
    (True, False)
    """
    first = value.split("\n", 1)[0]
    tagged = re.fullmatch(r'"(.*?)(…?)"@([a-z0-9-]+)', first)
    if tagged is None:
        return re.compile(re.escape(first.removesuffix("…")))
    text, shortened, tag = tagged.groups()
    if shortened:
        return re.compile(re.escape(f'"{text}'))
    return re.compile(re.escape(f'"{text}"@') + f"(?i:{re.escape(tag)})(?![A-Za-z0-9-])")


#: A compact IRI written as a JSON string value (``"fund:be-x"``), not as a key.
_COMPACT = re.compile(r'"([A-Za-z_][\w.-]*):([^"\s]*)"(?!\s*:)')


def quoted_iri_lines(text: str, namespaces: dict[str, str] | None = None) -> SourceMap:
    """Map every IRI written in double quotes (JSON-LD ``@id``, RDF/XML ``rdf:about``) to a line,
    and, given the ``namespaces`` of JSON-LD's contexts, every compact IRI (``"@id": "act:x"``)."""
    known = namespaces or {}
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        for iri in re.findall(r'"(https?://[^"\s]+)"', line):
            lines.setdefault(iri, number)
        for prefix, local in _COMPACT.findall(line) if known else ():
            if prefix in known:
                lines.setdefault(known[prefix] + local, number)
    return SourceMap(lines)


def _cost(quad: ox.Quad) -> int:
    cost = QUAD_COST
    for term in (quad.subject, quad.predicate, quad.object):
        if isinstance(term, ox.Triple):
            return cost + 3 * MAX_IRI  # refused later; just count it
        cost += len(term.value)
    return cost


def parse(data: bytes | str, fmt: ox.RdfFormat, name: str) -> list[ox.Quad]:
    """Parse with pyoxigraph, strictly, with the fixed base IRI and fresh blank nodes.

    Parsing streams, so that a file whose terms would grow far beyond its own
    size (see :data:`MAX_EXPANSION`) is stopped before it fills the memory.
    """
    budget = MAX_EXPANSION * len(data) + EXPANSION_FLOOR
    used = 0
    quads: list[ox.Quad] = []
    try:
        for quad in ox.parse(data, format=fmt, base_iri=BASE_IRI, rename_blank_nodes=True):
            used += _cost(quad)
            if used > budget:
                raise InputError(
                    f"the parsed triples outgrow the file (over {MAX_EXPANSION} characters per byte"
                    " of input): a long prefix, subject or nesting is repeated too often",
                    Location(name),
                )
            quads.append(quad)
            if len(quads) > MAX_QUADS:
                raise InputError(f"more than {MAX_QUADS} triples in one file", Location(name))
    except SyntaxError as exc:
        raise syntax_error(exc, name, data, fmt) from None
    except ValueError as exc:  # e.g. an invalid IRI reported without position
        raise InputError(str(exc), Location(name)) from None
    return quads
