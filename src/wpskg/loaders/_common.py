"""What all loaders share: the parsed document, the source line map and the checks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..errors import InputError, Location
from ..literals import XSD, is_well_typed

#: Largest input file accepted, in bytes.
MAX_BYTES = 50 * 1024 * 1024
#: Longest literal accepted, in characters.
MAX_LITERAL = 1_000_000
#: Base IRI for relative IRIs in contributed files.
BASE_IRI = "https://w3id.org/wpskg/id/"


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


def syntax_error(exc: SyntaxError, name: str) -> InputError:
    """An :class:`InputError` with file, line and column from a pyoxigraph SyntaxError."""
    message = str(exc.msg if getattr(exc, "msg", None) else exc)
    message = re.sub(r"^Parser error at line \d+ between columns \d+ and \d+: ", "", message)
    message = re.sub(r"^Parser error at line \d+ column \d+: ", "", message)
    return InputError(message, Location(name, exc.lineno, exc.offset))


def decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError("not valid UTF-8", Location(name, line)) from None


def check_quads(quads: list[ox.Quad], doc_text: str, name: str) -> None:
    """Reject ill-typed and oversized literals, naming their line."""
    probe = Document(name, [], doc_text, SourceMap())
    for quad in quads:
        term = quad.object
        if not isinstance(term, ox.Literal):
            continue
        if len(term.value) > MAX_LITERAL:
            raise InputError(
                f"literal of {len(term.value)} characters is over the limit of {MAX_LITERAL}",
                Location(name, probe.literal_line(term.value[:40])),
            )
        datatype = term.datatype.value
        if datatype.startswith(XSD) and not is_well_typed(term.value, datatype):
            short = "xsd:" + datatype[len(XSD) :]
            raise InputError(
                f'ill-typed literal "{term.value}"^^{short}',
                Location(name, probe.literal_line(f'"{term.value}"')),
            )
        if not isinstance(quad.graph_name, ox.DefaultGraph):
            raise InputError("named graphs are not allowed in contributed data", Location(name))


_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z0-9_.-]*):\s*<([^>]*)>", re.IGNORECASE)
_SUBJECT = re.compile(r"^(<[^>\s]*>|[A-Za-z][A-Za-z0-9_.-]*:[^\s;,]*|:[^\s;,]*)\s")


def subject_lines(text: str) -> SourceMap:
    """Map each subject written at the start of a line (Turtle, N-Triples) to that line."""
    prefixes: dict[str, str] = {}
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        m = _PREFIX.match(line)
        if m:
            prefixes[m.group(1)] = m.group(2)
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


def quoted_iri_lines(text: str) -> SourceMap:
    """Map every IRI written in double quotes (JSON-LD ``@id``, RDF/XML ``rdf:about``) to its first line."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        for iri in re.findall(r'"(https?://[^"\s]+)"', line):
            lines.setdefault(iri, number)
    return SourceMap(lines)


def parse(data: bytes | str, fmt: ox.RdfFormat, name: str) -> list[ox.Quad]:
    """Parse with pyoxigraph, strictly, with the fixed base IRI and fresh blank nodes."""
    try:
        return list(ox.parse(data, format=fmt, base_iri=BASE_IRI, rename_blank_nodes=True))
    except SyntaxError as exc:
        raise syntax_error(exc, name) from None
    except ValueError as exc:  # e.g. an invalid IRI reported without position
        raise InputError(str(exc), Location(name)) from None
