"""JSON-LD, with contexts taken only from the ones wpskg ships; nothing is fetched.

Every ``@context`` in the document, scoped contexts in term definitions
included, must be inline or name a shipped context (whose content is put in
its place); any other reference, and ``@import``, is refused. The JSON must be
strict: no duplicate keys (parsers disagree on which one wins), no ``NaN`` or
``Infinity``, and at most :data:`MAX_DEPTH` levels of nesting. A language tag
that is not well-formed (``"@language": "en_GB"``, or a key of a language map)
is an error at its line: pyoxigraph would drop its statement without a word.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import pyoxigraph as ox

from .. import langtags, vocabularies
from ..errors import InputError, InputErrors, Location
from ._common import Document, check_quads, decode, parse, position, quoted_iri_lines

#: Context IRIs that resolve to a file shipped in ``wpskg/contexts/``.
CONTEXT_IRI = "https://w3id.org/wpskg/context.jsonld"
SHIPPED = {CONTEXT_IRI: "wpskg.jsonld"}
#: Deepest nesting of JSON arrays and objects accepted: pyoxigraph's JSON-LD
#: parser slows down steeply with depth (3,000 levels: 10 s) and overflows its
#: stack, killing the process, at about 4,000.
MAX_DEPTH = 200


@cache
def shipped_context(iri: str) -> Any:
    """The ``@context`` value of a shipped context file."""
    text = resources.files("wpskg").joinpath("contexts", SHIPPED[iri]).read_text(encoding="utf-8")
    return json.loads(text)["@context"]


class _Refused(Exception):
    """A JSON-LD feature that is refused; becomes an :class:`InputError`."""


def _inline(node: Any) -> Any:
    """Replace references to shipped contexts by their content; refuse any other reference."""
    if isinstance(node, list):
        return [_inline(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {key: _context(value) if key == "@context" else _inline(value) for key, value in node.items()}


def _context(value: Any) -> Any:
    if isinstance(value, list):
        return [_context(v) for v in value]
    if isinstance(value, str):
        if value in SHIPPED:
            return shipped_context(value)
        raise _Refused(f"remote JSON-LD context {value!r} is refused; only {', '.join(SHIPPED)} is available offline")
    if isinstance(value, dict):
        out = {}
        for key, definition in value.items():
            if key == "@import":
                raise _Refused("JSON-LD @import of a context is refused")
            if isinstance(definition, dict) and "@context" in definition:
                definition = {k: _context(v) if k == "@context" else v for k, v in definition.items()}
            out[key] = definition
        return out
    return value  # null resets the context


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Refused(f"duplicate JSON key {key!r}")
        out[key] = value
    return out


def _constant(name: str) -> Any:
    raise _Refused(f"{name} is not JSON")


#: Typographic quotes, which a word processor writes for ``"``.
_CURLY = frozenset("“”„‟«»‘’‚‛")


def _outside_strings(text: str, start: int = 0) -> Iterator[tuple[int, str]]:
    """Each character of the JSON ``text``, from ``start``, that is outside a string, with its index."""
    in_string = escaped = False
    for i in range(start, len(text)):
        ch = text[i]
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        else:
            yield i, ch


def _depth(text: str) -> int:
    """The deepest nesting of ``[`` and ``{`` outside strings."""
    depth = deepest = 0
    for _, ch in _outside_strings(text):
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _language_maps(node: Any, terms: set[str]) -> set[str]:
    """The terms that ``node``'s contexts (inlined) define with ``"@container": "@language"``."""
    if isinstance(node, list):
        for item in node:
            _language_maps(item, terms)
    elif isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, dict) and key != "@context":
                container = value.get("@container")
                if container == "@language" or (isinstance(container, list) and "@language" in container):
                    terms.add(key)
            _language_maps(value, terms)
    return terms


def _tags(node: Any, maps: set[str]) -> Any:
    """Each language tag in ``node``: ``@language`` values, and the keys of language maps."""
    if isinstance(node, list):
        for item in node:
            yield from _tags(item, maps)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@language" and isinstance(value, str):
                yield value, rf'"@language":\s*({re.escape(json.dumps(value, ensure_ascii=False))})'
            elif key in maps and isinstance(value, dict):
                for tag in value:
                    if tag != "@none" and not tag.startswith("@"):
                        yield tag, rf"({re.escape(json.dumps(tag, ensure_ascii=False))})\s*:"
            if key != "@context":
                yield from _tags(value, maps)
            elif isinstance(value, (dict, list)):
                yield from _tags(value, set())


def _check_tags(tree: Any, inlined: Any, text: str, name: str) -> None:
    """Refuse a language tag pyoxigraph cannot read, at its line (it would drop the statement)."""
    for tag, pattern in _tags(tree, _language_maps(inlined, set())):
        try:
            ox.Literal("", language=tag)
        except ValueError:
            near = langtags.suggestion(tag)
            message = f"the language tag {tag!r} is not well-formed BCP 47"
            message += f": did you mean {near!r}?" if near else ""
            where = re.search(pattern, text)
            raise InputError(message, position(text, name, where.start(1)) if where else Location(name)) from None


#: The keywords of JSON-LD 1.1; any other key that starts with ``@`` is dropped by a processor.
KEYWORDS = frozenset(
    [
        "@base",
        "@container",
        "@context",
        "@direction",
        "@graph",
        "@id",
        "@import",
        "@included",
        "@index",
        "@json",
        "@language",
        "@list",
        "@nest",
        "@none",
        "@prefix",
        "@propagate",
        "@protected",
        "@reverse",
        "@set",
        "@type",
        "@value",
        "@version",
        "@vocab",
    ]
)
#: URI schemes an ``@id`` may use without a prefix of the context.
SCHEMES = frozenset(
    {"http", "https", "urn", "mailto", "tag", "file", "ftp", "data", "doi", "info", "geo", "did", "isbn", "_"}
)


def _terms(node: Any, found: dict[str, Any]) -> dict[str, Any]:
    """Every term that the (inlined) contexts of a document define, with its definition."""
    if isinstance(node, list):
        for item in node:
            _terms(item, found)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                for context in value if isinstance(value, list) else [value]:
                    if isinstance(context, dict):
                        _apply(found, context)
                        _terms(list(context.values()), found)  # scoped contexts
            else:
                _terms(value, found)
    return found


#: Keys that curators write for a keyword: without an alias in the @context (``"id": "@id"``, as
#: schema.org's has), a processor drops them, or with ``@vocab`` reads them as a property.
ALIASES = {"id": "@id", "type": "@type"}


def _scope(terms: dict[str, Any], contexts: Any) -> dict[str, Any]:
    """``terms`` with ``contexts`` (inlined: one, a list, or null that resets) applied in order; a
    term set to null is kept, as None."""
    out = dict(terms)
    for context in contexts if isinstance(contexts, list) else [contexts]:
        if context is None:
            out = {}
        elif isinstance(context, dict):
            _apply(out, context)
    return out


def _apply(terms: dict[str, Any], context: dict[str, Any]) -> None:
    """Add the terms, and the ``@vocab``, that one context defines to ``terms``."""
    terms.update({k: v for k, v in context.items() if not k.startswith("@")})
    if "@vocab" in context:
        terms["@vocab"] = context["@vocab"]


def _iri(definition: Any) -> Any:
    """What a term definition maps its term to: an IRI, a keyword, or None when it is null."""
    return definition.get("@id") if isinstance(definition, dict) else definition


def _null(term: str, terms: dict[str, Any]) -> bool:
    """Whether the context sets ``term`` to null (``"label": null`` or ``{"@id": null}``)."""
    return term in terms and (
        terms[term] is None or (isinstance(terms[term], dict) and "@id" in terms[term] and terms[term]["@id"] is None)
    )


def _defined(term: str, terms: dict[str, Any]) -> bool:
    return term in terms and not _null(term, terms)


def _keyword(key: str, terms: dict[str, Any]) -> str | None:
    """The keyword that ``key`` is, or is an alias of (``"id": "@id"``)."""
    if key.startswith("@"):
        return key
    iri = _iri(terms.get(key))
    return iri if isinstance(iri, str) and iri in KEYWORDS else None


def _meant(key: str, terms: dict[str, Any]) -> str:
    """The prefixed names an unprefixed key likely stands for: its terms in wpskg's ontology and the
    reused vocabularies, with the document's prefixes (the IRI when it has none), else wps: as an example."""
    prefixes: dict[str, str] = {}
    for term, definition in terms.items():
        if isinstance(definition, str) and not term.startswith("@"):
            prefixes.setdefault(definition, term)
    names = [f"{prefixes[ns]}:{key}" if ns in prefixes else ns + key for ns in vocabularies.declaring(key)]
    return " or ".join(names[:3]) if names else f"wps:{key}, …"


def _unprefixed(key: str, terms: dict[str, Any]) -> str | None:
    """Why a processor loses the value of ``key``, a name without a prefix, or None if it does not."""
    meant = ALIASES.get(key.lower())
    if meant and not _defined(key, terms):
        vocab = terms.get("@vocab")
        fate = f"@vocab reads it as the property <{vocab}{key}>" if isinstance(vocab, str) else "its value is dropped"
        return (
            f"{key!r} is not a JSON-LD keyword and no @context aliases it to {meant!r}, so {fate} "
            f"instead of being the node's {meant}: did you mean {meant!r}?"
        )
    if _null(key, terms):
        return (
            f"the @context sets the term {key!r} to null, so every value of {key!r} is dropped: "
            "remove the null definition, or write the property with its prefix"
        )
    if key not in terms and terms.get("@vocab") is None:
        return (
            f"{key!r} is not a term of the @context, so its value is dropped: write it with the prefix "
            f"of its vocabulary ({_meant(key, terms)}), or define it in the @context"
        )
    return None


def _dropped(node: Any, terms: dict[str, Any], path: tuple[object, ...] = ()) -> Any:
    """(where, what, why) for each key of a node object that a JSON-LD processor would drop (or
    misread) without a word, and each ``@id`` or ``@type`` whose prefix no context defines: ``where``
    is the path of keys and indexes to the key (:func:`_key_places`), ``what`` the key or value at
    fault. ``terms`` is the active context: a node's own ``@context`` applies to it and what it holds,
    a scoped context to its property's value or its type's node."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _dropped(item, terms, (*path, index))
        return
    if not isinstance(node, dict):
        return
    if "@context" in node:
        terms = _scope(terms, node["@context"])
    inner = terms  # a type's scoped context does not reach the nodes within, unless it says @propagate
    for key, value in list(node.items()):
        if _keyword(key, terms) == "@type":
            for kind in value if isinstance(value, list) else [value]:
                scoped = terms.get(kind) if isinstance(kind, str) else None
                if isinstance(scoped, dict) and "@context" in scoped:
                    terms = _scope(terms, scoped["@context"])
                    if isinstance(scoped["@context"], dict) and scoped["@context"].get("@propagate") is True:
                        inner = _scope(inner, scoped["@context"])
    for key, value in node.items():
        if key == "@context":
            continue
        keyword = _keyword(key, terms)
        if key.startswith("@"):
            if key not in KEYWORDS:
                hint = f": did you mean {key.lower()!r}?" if key.lower() in KEYWORDS else ""
                yield (*path, key), key, f"{key!r} is not a JSON-LD keyword, so its value is dropped{hint}"
        elif ":" not in key:
            why = _unprefixed(key, terms)
            if why:
                yield (*path, key), key, why
        elif key not in terms and terms.get("@vocab") is None:
            prefix = key.split(":", 1)[0]
            if not _defined(prefix, terms) and prefix.lower() not in SCHEMES and "//" not in key:
                why = f"the prefix {prefix}: of {key!r} is not defined in any @context, so its value is dropped"
                yield (*path, key), key, why
        if keyword == "@id" and isinstance(value, str) and ":" in value:
            prefix = value.split(":", 1)[0]
            if not _defined(prefix, terms) and prefix.lower() not in SCHEMES and "//" not in value:
                yield (
                    (*path, key),
                    value,
                    f"the @id {value!r} uses the prefix {prefix}:, which no @context defines, so it is "
                    f"read as an IRI of the scheme {prefix}: define the prefix, or write the IRI in full",
                )
        if keyword == "@type":
            yield from (((*path, key), kind, why) for kind, why in _undefined_types(value, terms))
        definition = terms.get(key)
        container = definition.get("@container") if isinstance(definition, dict) else None
        if set(container if isinstance(container, list) else [container]) & {"@language", "@index", "@id", "@type"}:
            continue  # a map: its keys are languages, indexes, IRIs or types, not terms
        if isinstance(definition, dict) and definition.get("@type") == "@json":
            continue  # a JSON literal: its keys are data
        if _null(key, terms):
            continue  # dropped whole, with what it holds
        if keyword not in ("@value", "@language", "@direction"):
            within = terms if keyword == "@nest" else inner
            if isinstance(definition, dict) and "@context" in definition:
                within = _scope(within, definition["@context"])
            yield from _dropped(value, within, (*path, key))


def _undefined_types(value: Any, terms: dict[str, Any]) -> Any:
    """(type, why) for each ``@type`` value that no context defines: a prefix it does not define
    (``"wpz:Plan"``, an IRI of the scheme ``wpz:``), or a name without a prefix and no ``@vocab``
    (read as an IRI relative to the document)."""
    for kind in value if isinstance(value, list) else [value]:
        if not isinstance(kind, str) or kind.startswith("@") or _defined(kind, terms) or "//" in kind:
            continue
        if ":" in kind:
            prefix = kind.split(":", 1)[0]
            if not _defined(prefix, terms) and prefix.lower() not in SCHEMES:
                yield (
                    kind,
                    f"the @type {kind!r} uses the prefix {prefix}:, which no @context defines, so it is read "
                    f"as an IRI of the scheme {prefix}: define the prefix, or write the IRI in full",
                )
        elif terms.get("@vocab") is None:
            yield (
                kind,
                f"the @type {kind!r} is not a term of the @context, so it is read as an IRI relative to the "
                f"document: write it with the prefix of its vocabulary ({_meant(kind, terms)})",
            )


def _key_places(text: str) -> dict[tuple[object, ...], int]:
    """Where each key of the JSON ``text`` starts, by its path of keys and array indexes
    (``("@graph", 1, "label")``), so that a key is placed where it is used, not where a key of
    the same name is first written.

    >>> _key_places('{"a": [{"b": 1}, {"b": "x"}]}')
    {('a',): 1, ('a', 0, 'b'): 8, ('a', 1, 'b'): 18}
    """
    places: dict[tuple[object, ...], int] = {}

    def skip(i: int) -> int:
        while i < len(text) and text[i] in " \t\r\n\ufeff":
            i += 1
        return i

    def string_end(i: int) -> int:  # text[i] opens a string
        i += 1
        while text[i] != '"':
            i += 2 if text[i] == "\\" else 1
        return i + 1

    def value(i: int, path: tuple[object, ...]) -> int:
        i = skip(i)
        if text[i] == "{" or text[i] == "[":
            closing, index = ("}" if text[i] == "{" else "]"), 0
            i = skip(i + 1)
            while text[i] != closing:
                if closing == "}":
                    end = string_end(i)
                    key = json.loads(text[i:end])
                    places[(*path, key)] = i
                    i = value(skip(end) + 1, (*path, key))  # past the ":"
                else:
                    i = value(i, (*path, index))
                    index += 1
                i = skip(i)
                if text[i] == ",":
                    i = skip(i + 1)
            return i + 1
        if text[i] == '"':
            return string_end(i)
        while i < len(text) and text[i] not in ",]} \t\r\n":
            i += 1
        return i

    value(0, ())
    return places


def _check_keys(inlined: Any, text: str, name: str) -> None:
    """Refuse, at its line, each key that a JSON-LD processor would drop without a word (a property
    without its prefix, ``@Id``, ``id`` for ``@id``, a term set to null) and each ``@id`` with a prefix
    that no context defines."""
    dropped = list(_dropped(inlined, {}))
    if not dropped:
        return
    errors = []
    places = _key_places(text)
    for where, what, why in dropped:
        start = places.get(where)  # the key at fault, or the key whose value is (an @id, an @type)
        found = None if start is None else text.find(json.dumps(what, ensure_ascii=False), start)
        errors.append(
            InputError(why, position(text, name, found) if found is not None and found >= 0 else Location(name))
        )
    errors.sort(key=lambda e: (e.location.line or 0, e.location.column or 0) if e.location else (0, 0))
    error = InputErrors.of(errors)
    if error is not None:
        raise error


def _namespaces(node: Any) -> dict[str, str]:
    """The prefixes that the (inlined) contexts of a document define: term to namespace IRI."""
    found = {}
    for term, definition in _terms(node, {}).items():
        iri = definition.get("@id") if isinstance(definition, dict) else definition
        if isinstance(iri, str) and iri.endswith(("/", "#")) and not term.startswith("@"):
            found[term] = iri
    return found


def load_bytes(data: bytes, name: str) -> Document:
    """Parse JSON-LD ``data``; ``name`` is used in error messages.

    >>> load_bytes(b'{"@id": "urn:a", "http://schema.org/name": {"@value": "x", "@language": "en_GB"}}', "a.jsonld")
    Traceback (most recent call last):
    ...
    wpskg.errors.InputError: a.jsonld:1:73: the language tag 'en_GB' is not well-formed BCP 47: did you mean 'en-GB'?
    """
    text = decode(data, name)
    if _depth(text) > MAX_DEPTH:
        raise InputError(f"JSON nested more than {MAX_DEPTH} levels deep", Location(name))
    try:
        tree = json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant)
        inlined = _inline(tree)
    except json.JSONDecodeError as exc:
        found = text[exc.pos] if exc.pos < len(text) else ""
        curly = f': {found} is a typographic quote: JSON writes strings in straight quotes (")'
        hint = curly if found in _CURLY else ""
        raise InputError(f"malformed JSON: {exc.msg}{hint}", Location(name, exc.lineno, exc.colno)) from None
    except _Refused as exc:
        raise InputError(str(exc), Location(name)) from None
    except (ValueError, RecursionError) as exc:  # e.g. an integer of more than 4300 digits
        raise InputError(f"malformed JSON: {exc}", Location(name)) from None
    _check_tags(tree, inlined, text, name)
    _check_keys(inlined, text, name)
    # Without a shipped context to put in place, pyoxigraph reads the original
    # text, so its error positions are the file's own.
    source: bytes | str = data if inlined == tree else json.dumps(inlined)
    quads = parse(source, ox.RdfFormat.JSON_LD, name)
    source_map = quoted_iri_lines(text, _namespaces(inlined))
    check_quads(quads, text, name, source_map)
    return Document(name, quads, text, source_map)
