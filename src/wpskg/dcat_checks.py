"""Checks of the terms a ``dcat.ttl`` writes, each reported with its file and line.

The loaders resolve a relative IRI against wpskg's own base, so ``<catalog>``
would silently become ``https://w3id.org/wpskg/id/catalog`` and an e-mail
address written without ``mailto:`` an IRI in wpskg's namespace; a mistyped EU
vocabulary code would be dressed up as a real concept (see :mod:`wpskg.eu_codes`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pyoxigraph as ox

from .errors import InputError, Location
from .eu_codes import code_problem
from .loaders import BASE_IRI, Document, line_of, line_prefixes
from .namespaces import PREFIXES

VCARD_EMAIL = PREFIXES["vcard"] + "hasEmail"
_NAMESPACE = re.compile(r'[<"](https?://[^>"\s]*[/#])[>"]')


def is_http_url(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) URL with a host and no query, fragment or user name
    (a download folder, a SPARQL endpoint).

    >>> is_http_url("https://data.example.org/wps/sparql"), is_http_url("https://data.example.org/?dir=wps")
    (True, False)
    >>> is_http_url("https://data.example.org/%zz/")  # not an IRI: the catalogue could not name it
    False
    """
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
        ox.NamedNode(url)  # raises ValueError for what is not an IRI (a bad percent-encoding)
    except ValueError:
        return False
    return (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and parts.username is None
        and "?" not in url
        and "#" not in url
        and not any(c in url for c in ' <>"{}|\\^`')
    )


def relative(iri: str, text: str) -> str | None:
    """How ``iri`` was written in ``text`` if it is a relative IRI that the loader resolved, else None.

    >>> relative(BASE_IRI + "catalog", "<catalog> a dcat:Catalog .")
    'catalog'
    >>> relative(BASE_IRI + "actor/x", "@prefix actor: <" + BASE_IRI + "actor/> . actor:x a foaf:Agent .") is None
    True
    """
    if not iri.startswith(BASE_IRI) or f"<{iri}>" in text or f'"{iri}"' in text:
        return None
    if any(iri.startswith(ns) and iri[len(ns) :] in text for ns in _NAMESPACE.findall(text)):
        return None  # written with a prefix
    return iri[len(BASE_IRI) :]


def written(term: ox.NamedNode, text: str) -> str:
    """``term`` as the file wrote it: relative IRIs as written."""
    rel = relative(term.value, text)
    return rel if rel is not None else term.value


def term_problems(doc: Document) -> dict[str, InputError]:
    """Each relative IRI, e-mail address that is not a ``mailto:`` IRI and unknown EU or ADMS code, at
    its line, by the IRI."""
    text = doc.text
    out: dict[str, InputError] = {}
    for quad in doc.quads:
        if quad.predicate.value == VCARD_EMAIL and isinstance(quad.object, ox.NamedNode):
            address = written(quad.object, text)
            if not address.startswith("mailto:"):
                hint = f"<mailto:{address}>" if "@" in address and ":" not in address else "<mailto:name@example.org>"
                out.setdefault(
                    quad.object.value,
                    InputError(
                        f"vcard:hasEmail <{address}> is not a mailto: IRI: write {hint}",
                        Location(doc.name, line_of(text, f"<{address}>", f'"{address}"')),
                    ),
                )
        for term in (quad.subject, quad.object):
            if not isinstance(term, ox.NamedNode) or term.value in out:
                continue
            rel = relative(term.value, text)
            if rel is not None:
                out[term.value] = InputError(
                    f"<{rel}> is a relative IRI: write it in full (https://…); relative IRIs would be "
                    f"read as wpskg's own (<{term.value}>)",
                    Location(doc.name, line_of(text, f"<{rel}>", f'"{rel}"')),
                )
                continue
            problem = code_problem(term.value)
            if problem:
                code = term.value.rsplit("/", 1)[-1]
                where = line_of(text, f"<{term.value}>", f'"{term.value}"', f":{code}", code)
                out[term.value] = InputError(problem, Location(doc.name, where))
    return out


def is_placeholder(iri: str) -> bool:
    """Whether ``iri`` is in the ``.example`` domain (RFC 2606), the placeholders of ``wpskg init``'s
    ``dcat.ttl``, which name nothing and must be replaced before the catalogue is published.

    >>> is_placeholder("https://data.ministry.example/wps/catalog"), is_placeholder("mailto:wps@ministry.example")
    (True, True)
    >>> is_placeholder("https://data.example.org/wps/catalog"), is_placeholder("https://example/x")
    (False, True)
    >>> is_placeholder("mailto:wps@ministry.example?subject=WPS")
    True
    """
    mailbox = iri.startswith("mailto:")
    host = iri.partition("?")[0].rpartition("@")[2] if mailbox else urlsplit(iri).hostname or ""
    return host.rstrip(".").lower().rsplit(".", 1)[-1] == "example"


#: The comment that marks a choice the template makes for the publisher, to be made and then deleted.
TEMPLATE_MARK = "# TEMPLATE:"


@dataclass(frozen=True)
class Placeholder:
    """Something of ``wpskg init``'s template that a ``dcat.ttl`` still holds: a ``.example`` IRI, or a
    choice marked with :data:`TEMPLATE_MARK` that the publisher has not made (its licence)."""

    what: str  # the IRI, or the marked line's text
    line: int | None
    message: str


def placeholders(doc: Document) -> list[Placeholder]:
    """The placeholders of ``doc``, in the file's order: each ``.example`` IRI (:func:`is_placeholder`)
    at the first line that writes it, in full or as a prefixed name, and each marked line."""
    lines = doc.text.splitlines()
    prefixes = {p: ns for line in lines for p, ns in line_prefixes(line).items()}
    found = {t.value for q in doc.quads for t in (q.subject, q.object) if isinstance(t, ox.NamedNode)}
    out = []
    for iri in found:
        if not is_placeholder(iri):
            continue
        written = [f"{p}:{iri[len(ns) :]}" for p, ns in prefixes.items() if iri.startswith(ns)]
        message = (
            f"<{iri}> is a placeholder of the template: the .example domain names nothing. Write your own IRI "
            "or e-mail address before publishing"
        )
        out.append(Placeholder(iri, line_of(doc.text, f"<{iri}>", f'"{iri}"', *written), message))
    for number, line in enumerate(lines, start=1):
        statement, mark, choice = line.partition(TEMPLATE_MARK)
        if mark and statement.strip() and not statement.lstrip().startswith("#"):  # after a statement
            message = f"a choice the template leaves to you: {choice.strip()}; then delete the comment"
            out.append(Placeholder(statement.split()[0], number, message))
    return sorted(out, key=lambda p: (p.line or 0, p.what))
