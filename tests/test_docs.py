"""``wpskg docs``: every term of the ontology and vocabularies appears in the HTML reference."""

from __future__ import annotations

import html
import os
import re
import stat
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest

from wpskg.cli import main
from wpskg.docs import anchor, terms, write_docs
from wpskg.project import Project
from wpskg.store import load_project

ROOT = Path(__file__).resolve().parent.parent
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.text: list[str] = []
        self.pre: list[str] = []
        self._in_pre = False
        self.open_sections = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"] or "")
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"] or "")
        if tag == "pre":
            self._in_pre = True
            self.pre.append("")
        if tag == "section":
            self.open_sections += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self._in_pre = False
        if tag == "section":
            self.open_sections -= 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_pre:
            self.pre[-1] += data


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, _Collect]:
    out = tmp_path_factory.mktemp("docs")
    written = write_docs(Project(ROOT), out)
    assert written == [out / "index.html"]
    text = written[0].read_text(encoding="utf-8")
    parser = _Collect()
    parser.feed(text)
    return text, parser


@pytest.fixture(scope="module")
def ontology():
    return load_project(Project(ROOT), with_instances=False)


KINDS = {
    OWL + "Class",
    OWL + "ObjectProperty",
    OWL + "DatatypeProperty",
    OWL + "AnnotationProperty",
    SKOS + "ConceptScheme",
}


def expected_terms(ontology) -> set[str]:
    """Every declared class, property and scheme, every concept, every wps: term: found here, not by docs.py."""
    out = set()
    for q in ontology.asserted:
        t = q.triple
        if not isinstance(t.subject, ox.NamedNode):
            continue
        if (t.predicate.value == RDF_TYPE and t.object.value in KINDS) or t.predicate.value == SKOS + "inScheme":
            out.add(t.subject.value)
        if t.subject.value.startswith("https://w3id.org/wpskg/ont#"):
            out.add(t.subject.value)
    return out


def test_every_term_has_its_own_anchor(page: tuple[str, _Collect], ontology) -> None:
    _, parsed = page
    expected = expected_terms(ontology)
    assert len(expected) > 300
    assert expected == {iri for kind in terms(ontology).values() for iri in kind}
    ids = set(parsed.ids)
    assert len(parsed.ids) == len(ids), "duplicate ids"
    assert sorted(iri for iri in expected if anchor(iri) not in ids) == []


def test_every_label_and_definition_appears_in_every_language(page: tuple[str, _Collect], ontology) -> None:
    _, parsed = page
    text = " ".join(parsed.text)
    documented = expected_terms(ontology)
    props = (RDFS + "label", SKOS + "prefLabel", SKOS + "altLabel", SKOS + "definition", RDFS + "comment")
    missing = []
    languages = set()
    for q in ontology.asserted:
        t = q.triple
        if isinstance(t.subject, ox.NamedNode) and t.subject.value in documented and t.predicate.value in props:
            if isinstance(t.object, ox.Literal) and t.object.value not in text:
                missing.append((t.subject.value, t.object.value))
            if isinstance(t.object, ox.Literal) and t.object.language:
                languages.add(t.object.language)
    assert missing == []
    assert {"en", "nl", "fr"} <= languages


def test_domains_ranges_and_links_resolve(page: tuple[str, _Collect]) -> None:
    source, parsed = page
    plan = source[source.index('id="wps:planCountry"') :]
    plan = plan[: plan.index("</section>")]
    assert 'Domain</dt><dd><a href="#wps:Plan">' in plan
    assert 'Range</dt><dd><a href="#wps:Country">' in plan
    ids = set(parsed.ids)
    internal = [h[1:] for h in parsed.hrefs if h.startswith("#")]
    assert internal and all(html.unescape(h) in ids for h in internal)
    assert parsed.open_sections == 0


def test_a_union_domain_names_its_classes(page: tuple[str, _Collect]) -> None:
    """Regression: wps:partOf's domain (a funding or a reported figure) read "a list", and neither class
    listed it among the properties with its domain."""
    source, _ = page
    part = source[source.index('id="wps:partOf"') :]
    part = part[: part.index("</section>")]
    union = '<a href="#wps:Funding"><code>wps:Funding</code></a> or <a href="#wps:ReportedFigure">'
    assert f"Domain</dt><dd>{union}" in part and f"Range</dt><dd>{union}" in part
    for cls in ("wps:Funding", "wps:ReportedFigure"):
        section = source[source.index(f'id="{cls}"') :]
        section = section[: section.index("</section>")]
        domain = section[section.index("Properties with this domain") :].split("</dd>", 1)[0]
        assert 'href="#wps:partOf"' in domain, cls


def test_each_class_with_instances_shows_a_real_example(page: tuple[str, _Collect]) -> None:
    source, parsed = page
    for cls, expected in (("wps:Plan", "plan:"), ("wps:Funding", "fund:"), ("wps:Claim", "wps:quote")):
        section = source[source.index(f'id="{cls}"') :]
        section = section[: section.index("</section>")]
        assert "<pre><code>" in section, f"{cls} has no example"
        assert expected in html.unescape(section)
    # Examples are Turtle that parses.
    assert parsed.pre
    for snippet in parsed.pre:
        list(ox.parse(snippet, format=ox.RdfFormat.TURTLE))


def test_docs_are_deterministic_and_the_cli_writes_them(
    tmp_path: Path, page: tuple[str, _Collect], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["docs", "--project", str(ROOT), "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "index.html")
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == page[0]


def test_the_reference_page_is_readable_by_everyone(project: Project, tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        (path,) = write_docs(project, tmp_path / "site")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_an_inferred_property_shows_its_triples(page: tuple[str, _Collect]) -> None:
    """Regression: wps:inPlan, inTheme and coversTheme read "Used in the data: 0 triples": the page
    counted the curated triples only, and the build infers these."""
    text, _ = page
    section = text[text.index('id="wps:inPlan"') :]
    section = section[: section.index('<section class="term"', 1)]
    used = re.search(r"Used in the data</dt><dd>(\d+) triples \(0 curated\)", section)
    assert used is not None and int(used.group(1)) > 0, section[-400:]
