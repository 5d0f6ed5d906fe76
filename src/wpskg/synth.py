"""Synthetic instance data at any scale, with known faults, for benchmarks and tests.

``synthesize(plans, seed, faults)`` writes Turtle with the classes, properties
and proportions of the curated instances: a plan has five or six objectives,
each with several actions (and a few actions hang on the plan directly),
fundings with an amount in xsd:decimal (a few with only a ceiling,
schema:maxValue, and a few with none, wps:amountStated false), reported
figures, memberships, periods and a source document. Actors are shared: every country has its
state, ministries and civil-society organisations, and the multilateral
bodies are shared by all plans. Every plan, objective, action, funding,
figure and membership is the subject of a claim with a quote in the source
language (and an English translation when that is not English).

Without faults the data conforms to the project shapes (with the ontology
and the vocabularies loaded alongside). ``faults=K`` injects K violations of
different kinds and lists them in a manifest: the focus node, the path, the
kind, and the exact (focus, path, constraint component) results a SHACL
validator must report, or for three kinds the results of the project's
``*-violation.rq`` checks (the check's name is the component: a property
outside its domain, an undeclared term, a disagreement that no claim
qualifies). Output is deterministic for a seed.

Two things the curated data has are left out on purpose: ``wps:ordinal``
(pyoxigraph stores ``"1"^^xsd:positiveInteger`` as xsd:integer, so every
ordinal fails ``sh:datatype xsd:positiveInteger`` once loaded) and
disagreeing sources with a claim for each value (only the
``disagreement-without-claim`` fault adds a disagreement).
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .atomic import write_text
from .errors import ParameterError
from .money import write as write_money
from .namespaces import PREFIXES
from .namespaces import expand as expand_name
from .project import CHECK_SUFFIX
from .quoted_dates import MONTHS


def _words(text: str) -> list[str]:
    """The words of ``text``."""
    return text.split()


def _table(text: str) -> list[str]:
    """The ``|``-separated entries of ``text``."""
    return text.split("|")


#: Countries of the vocabulary (ontology/vocab/countries.ttl) with their English name.
COUNTRIES: dict[str, str] = dict(
    item.split(":", 1)
    for item in _table(
        "AF:Afghanistan|AL:Albania|AM:Armenia|AO:Angola|AT:Austria|BE:Belgium|BF:Burkina Faso|BG:Bulgaria|"
        "BH:Bahrain|BI:Burundi|BJ:Benin|BO:Bolivia|BT:Bhutan|CD:Democratic Republic of the Congo|"
        "CI:Côte d'Ivoire|CL:Chile|CR:Costa Rica|DK:Denmark|DO:Dominican Republic|DZ:Algeria|EC:Ecuador|"
        "EE:Estonia|EG:Egypt|ER:Eritrea|ES:Spain|ET:Ethiopia|FJ:Fiji|GB:United Kingdom|GE:Georgia|GN:Guinea|"
        "GQ:Equatorial Guinea|GR:Greece|GW:Guinea-Bissau|HN:Honduras|HR:Croatia|HU:Hungary|IN:India|IQ:Iraq|"
        "IT:Italy|JO:Jordan|KE:Kenya|KG:Kyrgyzstan|KH:Cambodia|KR:South Korea|KZ:Kazakhstan|LA:Laos|"
        "LB:Lebanon|LR:Liberia|LV:Latvia|LY:Libya|MA:Morocco|MH:Marshall Islands|MK:North Macedonia|ML:Mali|"
        "MM:Myanmar|MN:Mongolia|MR:Mauritania|MV:Maldives|MW:Malawi|MX:Mexico|MZ:Mozambique|NE:Niger|"
        "NG:Nigeria|NI:Nicaragua|NL:Netherlands|NP:Nepal|NZ:New Zealand|OM:Oman|PA:Panama|PE:Peru|"
        "PS:Palestine|PT:Portugal|PY:Paraguay|QA:Qatar|RW:Rwanda|SA:Saudi Arabia|SD:Sudan|SE:Sweden|"
        "SG:Singapore|SK:Slovakia|SL:Sierra Leone|SN:Senegal|SO:Somalia|SR:Suriname|SS:South Sudan|"
        "SV:El Salvador|SY:Syria|SZ:Eswatini|TH:Thailand|TJ:Tajikistan|TN:Tunisia|TR:Türkiye|"
        "TT:Trinidad and Tobago|TZ:Tanzania|UA:Ukraine|UG:Uganda|US:United States|VN:Vietnam|VU:Vanuatu|"
        "YE:Yemen"
    )
)
#: The language a country's sources are written in, when it is not English.
LANGUAGES = {
    **dict.fromkeys(_words("BE NL SR"), "nl"),
    **dict.fromkeys(_words("BF BI BJ CD CI DZ GN MA ML MR NE SN TN"), "fr"),
    **dict.fromkeys(_words("BO CL CR DO EC ES GQ HN MX NI PA PE PY SV"), "es"),
    **dict.fromkeys(_words("AO GW MZ PT"), "pt"),
    "AT": "de",
    "IT": "it",
}
EU_LANGUAGE = {"en": "ENG", "nl": "NLD", "fr": "FRA", "es": "SPA", "pt": "POR", "de": "DEU", "it": "ITA"}
#: Words for "action" and "objective", for the second label in the source language.
WORDS = {
    "nl": ("Actie", "Doelstelling", "Nationaal Actieplan"),
    "fr": ("Action", "Objectif", "Plan d'action national"),
    "es": ("Acción", "Objetivo", "Plan de Acción Nacional"),
    "pt": ("Ação", "Objetivo", "Plano de Ação Nacional"),
    "de": ("Maßnahme", "Ziel", "Nationaler Aktionsplan"),
    "it": ("Azione", "Obiettivo", "Piano d'azione nazionale"),
}
#: Quote templates per language: {what} is an English noun phrase, {year} a year.
QUOTES = {
    "en": "In {year} the plan reported progress on {what}.",
    "nl": "In {year} rapporteerde het plan vooruitgang inzake {what}.",
    "fr": "En {year}, le plan a rendu compte des progrès en matière de {what}.",
    "es": "En {year} el plan informó de avances en {what}.",
    "pt": "Em {year} o plano relatou progressos em {what}.",
    "de": "Im Jahr {year} berichtete der Plan über Fortschritte bei {what}.",
    "it": "Nel {year} il piano ha riferito progressi su {what}.",
}
#: The same, where {year} is a month and its year ("März 2021"): the month a claimed date gives.
QUOTES_IN_MONTH = {**QUOTES, "de": "Im {year} berichtete der Plan über Fortschritte bei {what}."}
THEMES = _words(
    "participation prevention protection relief-recovery gbv crsv peacekeeping mainstreaming disarmament climate srhr"
)
OBJECTIVES = (
    "women's participation in peace processes",
    "prevention of conflict-related sexual violence",
    "protection of women and girls in humanitarian crises",
    "gender perspectives in security sector reform",
    "support for women human rights defenders",
    "women's leadership in peacekeeping operations",
    "gender-responsive relief and recovery",
    "accountability for sexual violence in conflict",
    "monitoring and evaluation of the action plan",
    "women's role in preventing violent extremism",
)
ACTIVITIES = (
    "training of {n} police officers on gender-based violence",
    "a dialogue with women's organisations in {place}",
    "funding for a women's mediation network in {place}",
    "a workshop on resolution 1325 for {n} diplomats",
    "deployment of {n} gender advisers to missions",
    "a study on women's participation in {place}",
    "support for survivors of sexual violence in {place}",
    "a campaign against gender-based violence in {place}",
    "an exchange programme for {n} women peacekeepers",
    "a conference on women, peace and security in {place}",
)
MINISTRIES = (
    ("mfa", "Ministry of Foreign Affairs"),
    ("defence", "Ministry of Defence"),
    ("interior", "Ministry of the Interior"),
    ("justice", "Ministry of Justice"),
    ("equality", "Institute for Gender Equality"),
)
MULTILATERALS = (
    ("un-women", "UN Women"),
    ("unfpa", "United Nations Population Fund"),
    ("undp", "United Nations Development Programme"),
    ("unicef", "UNICEF"),
    ("ohchr", "Office of the UN High Commissioner for Human Rights"),
    ("unhcr", "UNHCR"),
    ("wphf", "Women's Peace and Humanitarian Fund"),
    ("un-action", "UN Action against Sexual Violence in Conflict"),
    ("un-dppa", "UN Department of Political and Peacebuilding Affairs"),
    ("un-security-council", "UN Security Council"),
    ("osce", "Organization for Security and Co-operation in Europe"),
    ("nato", "NATO"),
    ("african-union", "African Union"),
    ("european-union", "European Union"),
    ("icc-trust-fund", "Trust Fund for Victims"),
    ("global-survivors-fund", "Global Survivors Fund"),
)
INTERNATIONAL_NGOS = (
    ("oxfam", "Oxfam"),
    ("care-international", "CARE International"),
    ("plan-international", "Plan International"),
    ("wilpf", "Women's International League for Peace and Freedom"),
    ("kvinna-till-kvinna", "Kvinna till Kvinna"),
    ("cordaid", "Cordaid"),
)
INDICATORS = (
    ("peacekeepers-deployed", "Peacekeeping personnel deployed"),
    ("gender-advisers", "Gender advisers deployed"),
    ("officers-trained", "Officers trained on gender-based violence"),
    ("women-mediators", "Women mediators supported"),
    ("survivors-assisted", "Survivors of sexual violence assisted"),
    ("women-diplomats", "Women in senior diplomatic posts"),
    ("cso-consultations", "Consultations with civil society"),
    ("projects-funded", "Women, peace and security projects funded"),
)
ROLES = ("member", "chair", "co-chair", "signatory")
CURRENCIES = ("EUR", "USD", "GBP", "SEK", "DKK", "CHF")
DAC = ("15180", "15170", "15220", "15130", "15160")
ROMAN = _words("I II III IV V VI VII VIII IX X XI XII XIII XIV XV")

#: The prefixes the output uses.
USED_PREFIXES = _words(
    "wps plan series obj act actor fund fig ind mem period claim src country theme res "
    "iatiorg iatitx dac doctype modality recurrence role rdf rdfs xsd skos dct dcat prov org schema"
)

XSD = PREFIXES["xsd"]


def lit(text: str, lang: str | None = None) -> str:
    """A Turtle string literal.

    >>> lit('say "hi"', "en")
    '"say \\\\"hi\\\\""@en'
    """
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def typed(value: object, datatype: str) -> str:
    """A typed literal: ``typed(2021, "gYear")`` is ``"2021"^^xsd:gYear``."""
    return f'"{value}"^^xsd:{datatype}'


def money(value: Decimal) -> str:
    """An xsd:decimal in Turtle's short form, always with a decimal point.

    >>> money(Decimal("300000"))
    '300000.00'
    """
    return f"{value.quantize(Decimal('0.01'))}"


@dataclass
class Anon:
    """A blank node written inline: ``[ p o ; ... ]``."""

    props: list[list[str]] = field(default_factory=list)


@dataclass
class Fault:
    """One injected violation and the results a validator must report for it."""

    kind: str
    focus: str  # full IRI
    path: str  # as Problem.path writes it ("" for none)
    expect: list[dict[str, object]]  # {"focus": IRI or {"blank": [subject, predicate]}, "path", "component"}


class Doc:
    """Subjects and their (predicate, object) pairs, in insertion order, written as Turtle."""

    def __init__(self) -> None:
        self.subjects: dict[str, list[list[object]]] = {}

    def add(self, s: str, p: str, *objects: object) -> None:
        props = self.subjects.setdefault(s, [])
        for o in objects:
            props.append([p, o])

    def has(self, s: str) -> bool:
        return s in self.subjects

    def get(self, s: str, p: str) -> list[object]:
        return [o for q, o in self.subjects.get(s, []) if q == p]

    def remove(self, s: str, p: str, o: object | None = None) -> None:
        self.subjects[s] = [pair for pair in self.subjects[s] if not (pair[0] == p and (o is None or pair[1] == o))]

    def replace(self, s: str, p: str, o: object) -> None:
        self.remove(s, p)
        self.add(s, p, o)

    def drop(self, s: str) -> None:
        del self.subjects[s]

    def triples(self) -> int:
        n = 0
        for props in self.subjects.values():
            for _p, o in props:
                n += 1 + (len(o.props) if isinstance(o, Anon) else 0)
        return n

    def turtle(self) -> str:
        out = [f"@prefix {p}: <{PREFIXES[p]}> ." for p in USED_PREFIXES]
        out.append("")
        for s, props in self.subjects.items():
            out.append(f"{s} {self._props(props, '    ')} .")
        out.append("")
        return "\n".join(out)

    def _props(self, props: list[list[object]], indent: str) -> str:
        groups: dict[str, list[str]] = {}
        for p, o in props:
            text = f"[ {self._props(o.props, indent)} ]" if isinstance(o, Anon) else str(o)
            groups.setdefault(str(p), []).append(text)
        return f" ;\n{indent}".join(f"{p} {' , '.join(objs)}" for p, objs in groups.items())


def expand(name: str) -> str:
    """The full IRI of a prefixed name (synth writes only names of known prefixes)."""
    iri = expand_name(name)
    if iri is None:
        raise ValueError(f"not a prefixed name of a known prefix: {name!r}")
    return iri


class Synth:
    """Builds the synthetic graph; see :func:`synthesize`."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.doc = Doc()
        self.countries_done: set[str] = set()
        self.periods: set[str] = set()
        # Pools for fault injection, in creation order.
        self.plans: list[str] = []
        self.objectives: list[str] = []
        self.actions: list[str] = []
        self.plain_fundings: list[str] = []
        self.wholes: list[tuple[str, list[str]]] = []
        self.figures: list[str] = []
        self.memberships: list[str] = []
        self.claims_of: dict[str, list[str]] = {}  # subject -> its own claims
        self.claims: list[str] = []
        self.plan_of: dict[str, str] = {}  # any subject -> its plan
        self.amount: dict[str, Anon] = {}
        self.currency: dict[str, str] = {}  # each funding's currency: its parts are in it too

    # -- shared resources -------------------------------------------------------

    def shared(self) -> None:
        d = self.doc
        for local, name in MULTILATERALS:
            a = f"actor:{local}"
            d.add(a, "a", "wps:MultilateralOrganisation")
            d.add(a, "rdfs:label", lit(name, "en"))
            d.add(a, "wps:iatiOrganisationType", "iatiorg:40")
        for local, name in INTERNATIONAL_NGOS:
            a = f"actor:{local}"
            d.add(a, "a", "wps:CivilSocietyOrganisation")
            d.add(a, "rdfs:label", lit(name, "en"))
            d.add(a, "wps:iatiOrganisationType", "iatiorg:21")
        for local, name in INDICATORS:
            i = f"ind:{local}"
            d.add(i, "a", "wps:Indicator")
            d.add(i, "rdfs:label", lit(name, "en"))
            d.add(i, "skos:definition", lit(f"The number of {name[0].lower() + name[1:]}, per year.", "en"))

    def country(self, cc: str) -> None:
        """The state, ministries and civil-society organisations of a country, once."""
        if cc in self.countries_done:
            return
        self.countries_done.add(cc)
        d = self.doc
        name = COUNTRIES[cc]
        lc = cc.lower()
        state = f"actor:{lc}"
        d.add(state, "a", "wps:State")
        d.add(state, "rdfs:label", lit(name, "en"))
        d.add(state, "wps:actsFor", f"country:{cc}")
        for local, label in MINISTRIES:
            a = f"actor:{lc}-{local}"
            d.add(a, "a", "wps:GovernmentBody")
            d.add(a, "rdfs:label", lit(f"{label} of {name}", "en"))
            d.add(a, "wps:iatiOrganisationType", "iatiorg:10")
            d.add(a, "org:subOrganizationOf", state)
            d.add(a, "wps:actsFor", f"country:{cc}")
        for k, label in enumerate(("Women's Peace Network", "Platform 1325", "Women's Rights Centre"), 1):
            a = f"actor:{lc}-cso-{k}"
            d.add(a, "a", "wps:CivilSocietyOrganisation")
            d.add(a, "rdfs:label", lit(f"{label} {name}", "en"))
            d.add(a, "wps:iatiOrganisationType", "iatiorg:22")
        series = f"series:{lc}-wps-nap"
        d.add(series, "a", "wps:PlanSeries")
        d.add(series, "rdfs:label", lit(f"{name}'s National Action Plans on Women, Peace and Security", "en"))

    def period(self, start: int, end: int) -> str:
        p = f"period:{start}-{end}"
        if p not in self.periods:
            self.periods.add(p)
            self.doc.add(p, "a", "dct:PeriodOfTime")
            self.doc.add(p, "dcat:startDate", typed(start, "gYear"))
            self.doc.add(p, "dcat:endDate", typed(end, "gYear"))
        return p

    def claim(
        self,
        iri: str,
        subjects: list[str],
        props: list[str],
        source: str,
        lang: str,
        what: str,
        year: int,
        value: str | None = None,
        amount: tuple[Decimal, str] | None = None,
        month: int | None = None,
    ) -> str:
        """A claim with a quote in ``lang`` (and its English translation); an ``amount`` and its
        currency are written into ``what``'s ``{amount}`` the way each language writes them, and
        a ``month`` by its name before the year."""
        d = self.doc
        d.add(iri, "a", "wps:Claim")
        d.add(iri, "wps:claimSubject", *subjects)
        d.add(iri, "wps:claimProperty", *props)
        if value is not None:
            d.add(iri, "wps:claimValue", value)
        d.add(iri, "prov:wasDerivedFrom", source)

        def said(language: str) -> str:
            text = what if amount is None else what.format(amount=write_money(*amount, language))
            if month is None:
                return lit(QUOTES[language].format(year=year, what=text), language)
            when = f"{MONTHS[language][month - 1]} {year}"
            return lit(QUOTES_IN_MONTH[language].format(year=when, what=text), language)

        d.add(iri, "wps:quote", said(lang))
        if lang != "en":
            d.add(iri, "wps:quoteTranslation", said("en"))
        for s in subjects:
            self.claims_of.setdefault(s, []).append(iri)
        self.claims.append(iri)
        return iri

    # -- one plan ----------------------------------------------------------------

    def plan(self, index: int) -> None:
        rng = self.rng
        d = self.doc
        codes = list(COUNTRIES)
        cc = codes[index % len(codes)]
        n = index // len(codes) + 1
        lc = cc.lower()
        name = COUNTRIES[cc]
        lang = LANGUAGES.get(cc, "en")
        self.country(cc)
        local = f"{lc}-wps-nap-{n}"
        plan = f"plan:{local}"
        start = 2000 + 3 * n + rng.randint(0, 2)
        end = start + rng.choice((3, 4, 4, 5))
        period = self.period(start, end)
        src = f"src:{local}-progress-report.{lang}"
        self.plans.append(plan)
        self.plan_of[plan] = plan
        roman = ROMAN[(n - 1) % len(ROMAN)]

        d.add(src, "a", "wps:SourceDocument")
        d.add(src, "dct:title", lit(f"Progress report on {name}'s NAP {roman}", "en"))
        if lang != "en":  # and in its own language, as the shipped documents have both
            d.add(src, "dct:title", lit(f"{WORDS[lang][2]} {roman} ({name})", lang))
        d.add(src, "dct:language", f"<http://publications.europa.eu/resource/authority/language/{EU_LANGUAGE[lang]}>")
        d.add(src, "dct:type", "doctype:progress-report")
        d.add(src, "wps:fileName", lit(f"{local}-progress-report.{lang}.txt"))
        d.add(src, "dct:publisher", f"actor:{lc}-mfa")
        d.add(src, "dct:issued", typed(end + 1, "gYear"))
        d.add(src, "wps:reportsOn", plan)

        themes = rng.sample(THEMES, rng.randint(1, 3))
        focus = rng.sample([c for c in COUNTRIES if c != cc], rng.choice((0, 2, 3, 4)))
        d.add(plan, "a", "wps:WPSNationalActionPlan")
        d.add(plan, "rdfs:label", lit(f"{name} NAP {roman} on Women, Peace and Security", "en"))
        if lang != "en":
            d.add(plan, "rdfs:label", lit(f"{WORDS[lang][2]} {roman} ({name})", lang))
        d.add(plan, "wps:series", f"series:{lc}-wps-nap")
        d.add(plan, "wps:planCountry", f"country:{cc}")
        d.add(plan, "dct:temporal", period)
        d.add(plan, "wps:adopted", typed(start, "gYear"))
        if n > 1:
            d.add(plan, "dct:replaces", f"plan:{lc}-wps-nap-{n - 1}")
        d.add(plan, "wps:coordinator", f"actor:{lc}-mfa", f"actor:{lc}-equality")
        d.add(plan, "wps:cooperatingActor", f"actor:{lc}-defence", f"actor:{lc}-interior", f"actor:{lc}-justice")
        if focus:
            d.add(plan, "wps:focusCountry", *(f"country:{c}" for c in focus))
        d.add(plan, "wps:theme", *(f"theme:{t}" for t in themes))
        d.add(plan, "wps:civilSocietyInvolved", "true" if rng.random() < 0.8 else "false")
        budget = rng.random() < 0.5
        d.add(plan, "wps:hasBudget", "true" if budget else "false")
        d.add(plan, "wps:referencesResolution", "res:1325")

        self.claim(
            f"claim:{local}-coordination",
            [plan],
            ["rdfs:label", "wps:planCountry", "wps:coordinator", "wps:cooperatingActor", "wps:theme"],
            src,
            lang,
            "coordination of the plan",
            start,
        )
        # (as the shipped data: a source says whether the plan has a budget; gaps quotes it)
        self.claim(
            f"claim:{local}-budget",
            [plan],
            ["wps:hasBudget"],
            src,
            lang,
            "an allocated budget" if budget else "no allocated budget",
            start,
        )
        self.claim(
            f"claim:{local}-period",
            [plan],
            ["dct:temporal"],
            src,
            lang,
            f"the period {start}-{end}",
            start,
            value=period,
        )

        objectives = []
        places = [name, *(COUNTRIES[c] for c in focus)]
        for k in range(1, rng.choice((5, 5, 6, 6, 6)) + 1):
            obj = f"obj:{local}-{k}"
            objectives.append(obj)
            self.objectives.append(obj)
            self.plan_of[obj] = plan
            topic = OBJECTIVES[(index + k) % len(OBJECTIVES)]
            d.add(obj, "a", "wps:Objective")
            d.add(obj, "wps:objectiveOf", plan)
            d.add(obj, "skos:notation", lit(str(k)))
            d.add(obj, "rdfs:label", lit(topic[0].upper() + topic[1:], "en"))
            if lang != "en":
                d.add(obj, "rdfs:label", lit(f"{WORDS[lang][1]} {k}", lang))
            d.add(obj, "wps:theme", f"theme:{rng.choice(THEMES)}")
            self.claim(f"claim:{local}-objective-{k}", [obj], ["rdfs:label", "wps:theme"], src, lang, topic, start)
            for j in range(1, rng.choice((3, 4, 4, 5, 5, 6)) + 1):
                self.action(f"act:{local}-{k}-{j}", plan, obj, cc, places, src, lang, start, end)
        d.add(plan, "wps:hasObjective", *objectives)
        self.claim(
            f"claim:{local}-objectives",
            [plan, *objectives],
            ["wps:hasObjective", "wps:objectiveOf", "skos:notation"],
            src,
            lang,
            "the objectives",
            start,
        )
        for j in range(1, rng.choice((3, 4, 5)) + 1):
            self.action(f"act:{local}-general-{j}", plan, None, cc, places, src, lang, start, end)

        for k in range(1, rng.choice((5, 6, 7, 8)) + 1):
            # The first plan always splits a funding into parts, so that a one-plan graph can hold
            # every kind of fault; elsewhere one funding in ten is split.
            split = (index == 0 and k == 1) or rng.random() < 0.1
            self.funding(
                f"fund:{local}-{k}",
                plan,
                rng.choice(objectives),
                cc,
                focus,
                themes,
                src,
                lang,
                start,
                end,
                split=split,
            )
        for k in range(1, rng.choice((2, 3, 4)) + 1):
            self.figure(f"fig:{local}-{k}", plan, cc, src, lang, start, end)
        mem = f"mem:{local}-{rng.choice(MULTILATERALS)[0]}"
        self.memberships.append(mem)
        self.plan_of[mem] = plan
        d.add(mem, "a", "wps:Membership")
        d.add(mem, "org:member", f"actor:{lc}")
        d.add(mem, "org:organization", f"actor:{rng.choice(MULTILATERALS)[0]}")
        d.add(mem, "wps:membershipRole", f"role:{rng.choice(ROLES)}")
        d.add(mem, "dct:temporal", period)
        self.claim(
            f"claim:{local}-membership",
            [mem],
            ["org:member", "org:organization", "wps:membershipRole"],
            src,
            lang,
            "the membership",
            start,
        )

    def action(
        self,
        act: str,
        plan: str,
        obj: str | None,
        cc: str,
        places: list[str],
        src: str,
        lang: str,
        start: int,
        end: int,
    ) -> None:
        rng = self.rng
        d = self.doc
        lc = cc.lower()
        text = rng.choice(ACTIVITIES).format(n=rng.randint(5, 200), place=rng.choice(places))
        self.actions.append(act)
        self.plan_of[act] = plan
        d.add(act, "a", "wps:Action")
        d.add(act, "rdfs:label", lit(text[0].upper() + text[1:], "en"))
        if lang != "en":
            d.add(act, "rdfs:label", lit(f"{WORDS[lang][0]} {act.rsplit('-', 2)[-2]}.{act.rsplit('-', 1)[-1]}", lang))
        props = ["rdfs:label"]
        if obj is not None:
            d.add(act, "wps:underObjective", obj)
            props.append("wps:underObjective")
        else:
            d.add(act, "wps:underPlan", plan)
            props.append("wps:underPlan")
        d.add(act, "wps:responsibleActor", f"actor:{lc}-{rng.choice(MINISTRIES)[0]}")
        props.append("wps:responsibleActor")
        if rng.random() < 0.4:
            d.add(act, "wps:implementingActor", f"actor:{lc}-cso-{rng.randint(1, 3)}")
            props.append("wps:implementingActor")
        if rng.random() < 0.3:
            d.add(act, "wps:partnerActor", f"actor:{rng.choice(MULTILATERALS)[0]}")
            props.append("wps:partnerActor")
        if rng.random() < 0.7:
            d.add(act, "wps:country", f"country:{cc}")
        if rng.random() < 0.8:
            d.add(act, "wps:theme", f"theme:{rng.choice(THEMES)}")
            props.append("wps:theme")
        year = rng.randint(start, end)
        month = None
        r = rng.random()
        if r < 0.5:
            d.add(act, "wps:year", typed(year, "gYear"))
            props.append("wps:year")
        elif r < 0.7:
            month = rng.randint(1, 12)
            d.add(act, "wps:date", typed(f"{year}-{month:02d}", "gYearMonth"))
            props.append("wps:date")
        if rng.random() < 0.15:
            d.add(act, "wps:referencesResolution", "res:1325")
        self.claim(f"claim:act-{act.split(':', 1)[1]}", [act], props, src, lang, text, year, month=month)

    def funding(
        self,
        fund: str,
        plan: str,
        obj: str,
        cc: str,
        focus: list[str],
        themes: list[str],
        src: str,
        lang: str,
        start: int,
        end: int,
        whole: str | None = None,
        ceiling: Decimal | None = None,
        split: bool = False,
    ) -> None:
        rng = self.rng
        d = self.doc
        lc = cc.lower()
        self.plan_of[fund] = plan
        # As in the shipped data (of about 35 fundings, 1 gives only a ceiling, "tot 2.000.000 EUR
        # per jaar", and 4 no amount at all): a few plain fundings give only a ceiling,
        # schema:maxValue in place of schema:value, and a few no amount (wps:amountStated false).
        kind = rng.random() if whole is None and not split else 1.0
        upto, unstated = kind < 0.03, 0.03 <= kind < 0.06
        if ceiling is None:
            value = Decimal(rng.randint(20, 5000) * 1000)
        else:
            value = (ceiling * Decimal(rng.randint(20, 45)) / 100).quantize(Decimal("0.01"))
        currency = rng.choice(CURRENCIES)
        if whole is not None:
            currency = self.currency[whole]
        self.currency[fund] = currency
        amount = Anon(
            [
                ["a", "schema:MonetaryAmount"],
                ["schema:maxValue" if upto else "schema:value", money(value)],
                ["schema:currency", lit(currency)],
            ]
        )
        self.amount[fund] = amount
        d.add(fund, "a", "wps:Funding")
        d.add(fund, "schema:funder", f"actor:{lc}" if rng.random() < 0.5 else f"actor:{lc}-mfa")
        recipient = rng.choice(MULTILATERALS + INTERNATIONAL_NGOS)[0]
        d.add(fund, "wps:recipient", f"actor:{recipient}")
        if rng.random() < 0.3:
            d.add(fund, "wps:implementer", f"actor:{lc}-cso-{rng.randint(1, 3)}")
        if unstated:
            d.add(fund, "wps:amountStated", "false")
        else:
            d.add(fund, "schema:amount", amount)
        d.add(fund, "wps:theme", f"theme:{rng.choice(themes)}")
        if focus and rng.random() < 0.7:
            d.add(fund, "wps:recipientCountry", f"country:{rng.choice(focus)}")
        d.add(fund, "wps:underObjective", obj)
        d.add(fund, "wps:transactionType", "iatitx:2" if rng.random() < 0.6 else "iatitx:3")
        d.add(fund, "wps:fundingModality", f"modality:{rng.choice(('core', 'earmarked'))}")
        if rng.random() < 0.3:  # as in the shipped data: 7 of 24 fundings say, 5 of them "per jaar"
            d.add(fund, "wps:recurrence", "recurrence:yearly" if rng.random() < 0.7 else "recurrence:one-off")
        if rng.random() < 0.4:
            d.add(fund, "wps:dacSector", f"dac:{rng.choice(DAC)}")
        if lang != "en" and rng.random() < 0.3:
            d.add(fund, "wps:projectTitle", lit(f"{WORDS[lang][0]} {fund.rsplit('-', 1)[-1]}", lang))
        d.add(fund, "dct:temporal", self.period(start, end))
        if whole is not None:
            d.add(fund, "wps:partOf", whole)
        said = "a contribution of up to {amount}" if upto else "a contribution of {amount}"
        self.claim(
            f"claim:fund-{fund.split(':', 1)[1]}",
            [fund],
            ["schema:funder", "wps:recipient", "wps:amountStated" if unstated else "schema:amount", "wps:theme"],
            src,
            lang,
            "a substantial contribution" if unstated else said,
            start,
            amount=None if unstated else (value, currency),
        )
        if split:
            parts = [f"{fund}-part-{m}" for m in (1, 2)]
            for part in parts:
                self.funding(part, plan, obj, cc, focus, themes, src, lang, start, end, whole=fund, ceiling=value)
            self.wholes.append((fund, parts))
        elif whole is None and not upto and not unstated:  # the faults of amounts change schema:value
            self.plain_fundings.append(fund)

    def figure(self, fig: str, plan: str, cc: str, src: str, lang: str, start: int, end: int) -> None:
        rng = self.rng
        d = self.doc
        self.figures.append(fig)
        self.plan_of[fig] = plan
        indicator, label = rng.choice(INDICATORS)
        total = rng.randint(2, 500)
        women = rng.randint(0, total)
        year = rng.randint(start, end)
        d.add(fig, "a", "wps:ReportedFigure")
        d.add(fig, "rdfs:label", lit(f"{label}, {COUNTRIES[cc]}, {year}", "en"))
        d.add(fig, "wps:indicator", f"ind:{indicator}")
        d.add(fig, "wps:value", str(total))
        d.add(fig, "wps:valueWomen", str(women))
        d.add(fig, "wps:valueMen", str(total - women))
        d.add(fig, "wps:year", typed(year, "gYear"))
        d.add(fig, "wps:country", f"country:{cc}")
        d.add(fig, "wps:reportedBy", f"actor:{cc.lower()}")
        self.claim(
            f"claim:fig-{fig.split(':', 1)[1]}",
            [fig],
            ["wps:indicator", "wps:value", "wps:year"],
            src,
            lang,
            f"{label.lower()}: {total}",
            year,
        )

    # -- faults ------------------------------------------------------------------

    def inject(self, count: int, seed: int) -> list[Fault]:
        """Inject ``count`` faults, cycling through the kinds, each on an entity no other fault touches."""
        rng = random.Random(f"{seed}-faults")
        used: set[tuple[str, str]] = set()
        out: list[Fault] = []
        kinds = list(FAULTS)
        for i in range(count):
            kind = kinds[i % len(kinds)]
            pool_name, apply = FAULTS[kind]
            pool = list(getattr(self, pool_name))
            rng.shuffle(pool)
            for item in pool:
                entity = item[0] if isinstance(item, tuple) else item
                touched = self._touched(kind, entity, item)
                if any(self._clash(key, used) for key in touched):
                    continue
                fault = apply(self, item, rng)
                if fault is None:
                    continue
                used |= touched
                fault.kind = kind
                out.append(fault)
                break
            else:
                raise ParameterError(
                    f"not enough data for {count} faults: no more candidates for {kind!r}; give more --plans"
                )
        return out

    def _touched(self, kind: str, entity: str, item: object) -> set[tuple[str, str]]:
        """The (node, property) pairs a fault changes; ``*`` is the whole node. No two faults share one."""
        out = {(entity, prop) for prop in TOUCHES[kind]}
        if kind == "period-start-after-end":
            out |= {(c, "wps:claimValue") for c in self.claims_of.get(entity, [])}
        elif kind == "action-without-claim":
            out |= {(c, "*") for c in self.claims_of.get(entity, [])}
        elif kind == "objective-without-plan":
            out.add((self.plan_of[entity], "wps:hasObjective"))
        elif kind == "parts-exceed-funding" and isinstance(item, tuple):
            out |= {(part, "schema:amount") for part in item[1]}
        return out

    @staticmethod
    def _clash(key: tuple[str, str], used: set[tuple[str, str]]) -> bool:
        node, prop = key
        return key in used or (node, "*") in used or (prop == "*" and any(n == node for n, _ in used))


def _expect(focus: str | list[str], path: str, component: str) -> dict[str, object]:
    target: object = {"blank": [expand(focus[0]), expand(focus[1])]} if isinstance(focus, list) else expand(focus)
    return {"focus": target, "path": path, "component": f"sh:{component}ConstraintComponent"}


def _fault(focus: str, path: str, *expect: dict[str, object]) -> Fault:
    return Fault("", expand(focus), path, list(expect))


def _unclaim(s: Synth, node: str, *props: str) -> None:
    """After a fault removed ``props`` from ``node``: its claims no longer name a property that none
    of their subjects has, as a curator who removed the statement would leave them, so that the fault
    is the one violation (``shapes/claimed-property-violation.rq`` would report the claim too). Other
    faults on the claim change other properties of it, so the node's claims are not marked as touched."""
    d = s.doc
    for claim in s.claims_of.get(node, []):
        if not d.has(claim):  # dropped by another fault (action-without-claim)
            continue
        for prop in props:
            if not any(d.get(subject, prop) for subject in d.get(claim, "wps:claimSubject")):
                d.remove(claim, "wps:claimProperty", prop)


def _missing_funder(s: Synth, fund: str, rng: random.Random) -> Fault:
    s.doc.remove(fund, "schema:funder")
    _unclaim(s, fund, "schema:funder")
    return _fault(fund, "schema:funder", _expect(fund, "schema:funder", "MinCount"))


def _amount_fault(what: str) -> object:
    def apply(s: Synth, fund: str, rng: random.Random) -> Fault:
        amount = s.amount[fund]
        for pair in amount.props:
            if what == "negative" and pair[0] == "schema:value":
                pair[1] = "-" + str(pair[1])
                path, component = "schema:value", "MinInclusive"
            elif what == "integer" and pair[0] == "schema:value":
                pair[1] = typed(str(pair[1]).split(".")[0], "integer")
                path, component = "schema:value", "Datatype"
            elif what == "currency" and pair[0] == "schema:currency":
                pair[1] = lit("EURO")
                path, component = "schema:currency", "Node"
        return _fault(
            fund,
            "schema:amount",
            _expect(fund, "schema:amount", "Node"),
            _expect([fund, "schema:amount"], path, component),
        )

    return apply


def _years(period: object) -> tuple[int, int]:
    """The start and end years of a synthetic period, ``period:2017-2021``."""
    start, end = str(period).split(":", 1)[1].split("-")
    return int(start), int(end)


def _period_reversed(s: Synth, plan: str, rng: random.Random) -> Fault | None:
    d = s.doc
    (old,) = d.get(plan, "dct:temporal")
    start, end = _years(old)
    bad = f"period:{end}-{start}"
    if d.has(bad):
        return None  # another fault already reversed this period
    d.add(bad, "a", "dct:PeriodOfTime")
    d.add(bad, "dcat:startDate", typed(end, "gYear"))
    d.add(bad, "dcat:endDate", typed(start, "gYear"))
    d.replace(plan, "dct:temporal", bad)
    for claim in s.claims_of[plan]:
        if d.get(claim, "wps:claimValue") == [old]:
            d.replace(claim, "wps:claimValue", bad)
    return _fault(bad, "", _expect(bad, "", "SPARQL"))


def _objective_without_plan(s: Synth, obj: str, rng: random.Random) -> Fault:
    plan = s.plan_of[obj]
    s.doc.remove(obj, "wps:objectiveOf")
    s.doc.remove(plan, "wps:hasObjective", obj)
    _unclaim(s, obj, "wps:objectiveOf", "wps:hasObjective")
    return _fault(obj, "wps:objectiveOf", _expect(obj, "wps:objectiveOf", "MinCount"))


def _objective_without_notation(s: Synth, obj: str, rng: random.Random) -> Fault:
    s.doc.remove(obj, "skos:notation")
    _unclaim(s, obj, "skos:notation")
    return _fault(obj, "skos:notation", _expect(obj, "skos:notation", "MinCount"))


#: The properties whose years a claim's quote must give (``shapes/claimed-date-violation.rq``).
DATED = {"wps:year", "wps:adopted", "wps:adoptedOn", "wps:date", "dct:date", "dct:issued", "dct:temporal"}


def _claim_fault(what: str) -> object:
    def apply(s: Synth, claim: str, rng: random.Random) -> Fault | None:
        d = s.doc
        if what == "no-quote":
            d.remove(claim, "wps:quote")
            return _fault(claim, "wps:quote", _expect(claim, "wps:quote", "MinCount"))
        if what == "short-quote":  # in the quote's own language, so that it is the one fault
            if set(d.get(claim, "wps:claimProperty")) & DATED:
                return None  # the short quote would not give the claimed year either: a second fault
            (quote,) = d.get(claim, "wps:quote")
            d.replace(claim, "wps:quote", lit("Idem", str(quote).rsplit("@", 1)[-1]))
            return _fault(claim, "wps:quote", _expect(claim, "wps:quote", "MinLength"))
        if what == "no-source":
            d.remove(claim, "prov:wasDerivedFrom")
            return _fault(claim, "prov:wasDerivedFrom", _expect(claim, "prov:wasDerivedFrom", "MinCount"))
        translation = d.get(claim, "wps:quoteTranslation")
        text = str(translation[0])[: -len("@en")] if translation else lit("A translation of the quote")
        d.replace(claim, "wps:quoteTranslation", text + "@fr")
        return _fault(claim, "wps:quoteTranslation", _expect(claim, "wps:quoteTranslation", "LanguageIn"))

    return apply


def _wrong_class_country(s: Synth, plan: str, rng: random.Random) -> Fault:
    (country,) = s.doc.get(plan, "wps:planCountry")
    s.doc.replace(plan, "wps:planCountry", "actor:" + str(country).split(":")[1].lower())
    return _fault(plan, "wps:planCountry", _expect(plan, "wps:planCountry", "Class"))


def _plan_not_boolean(s: Synth, plan: str, rng: random.Random) -> Fault:
    s.doc.replace(plan, "wps:civilSocietyInvolved", lit("yes"))
    return _fault(plan, "wps:civilSocietyInvolved", _expect(plan, "wps:civilSocietyInvolved", "Datatype"))


def _action_fault(what: str) -> object:
    def apply(s: Synth, act: str, rng: random.Random) -> Fault | None:
        d = s.doc
        if what == "orphan":
            for p in ("wps:underObjective", "wps:underPlan", "wps:responsibleActor"):
                d.remove(act, p)
            _unclaim(s, act, "wps:underObjective", "wps:underPlan", "wps:responsibleActor")
            return _fault(act, "", _expect(act, "", "Or"))
        if what == "no-english-label":
            for label in d.get(act, "rdfs:label"):
                if str(label).endswith("@en"):
                    d.remove(act, "rdfs:label", label)
            return _fault(act, "rdfs:label", _expect(act, "rdfs:label", "QualifiedMinCount"))
        if what == "year-not-gyear":
            years = d.get(act, "wps:year")
            if d.get(act, "wps:date") or len(years) != 1:
                return None
            (year,) = years
            d.remove(act, "wps:year")
            # the same year, as the integer a curator might write, so that the quote still gives it
            d.add(act, "wps:year", typed(int(str(year).split('"')[1]), "integer"))
            return _fault(act, "wps:year", _expect(act, "wps:year", "Datatype"))
        claims = s.claims_of[act]
        if any(len(d.get(c, "wps:claimSubject")) != 1 for c in claims):
            return None
        for c in claims:
            d.drop(c)
        return _fault(act, "^wps:claimSubject", _expect(act, "^wps:claimSubject", "MinCount"))

    return apply


def _parts_exceed(s: Synth, item: tuple[str, list[str]], rng: random.Random) -> Fault:
    whole, parts = item
    value = next(p[1] for p in s.amount[whole].props if p[0] == "schema:value")
    props = dict(s.amount[parts[0]].props)
    old, new = Decimal(str(props["schema:value"])), Decimal(str(value)) + Decimal("1000")
    for pair in s.amount[parts[0]].props:
        if pair[0] == "schema:value":
            pair[1] = money(new)
    # The part's quotes state its new amount, so that the sum is the one fault.
    claim = f"claim:fund-{parts[0].split(':', 1)[1]}"
    currency = str(props["schema:currency"]).strip('"')
    for prop in ("wps:quote", "wps:quoteTranslation"):
        for quote in s.doc.get(claim, prop):
            lang = str(quote).rsplit("@", 1)[1]
            said = str(quote).replace(write_money(old, currency, lang), write_money(new, currency, lang))
            s.doc.replace(claim, prop, said)
    return _fault(whole, "", _expect(whole, "", "SPARQL"))


def _figure_sum(s: Synth, fig: str, rng: random.Random) -> Fault:
    (total,) = s.doc.get(fig, "wps:value")
    s.doc.replace(fig, "wps:valueWomen", str(total))
    s.doc.replace(fig, "wps:valueMen", "1")
    return _fault(fig, "", _expect(fig, "", "SPARQL"))


def _membership_role(s: Synth, mem: str, rng: random.Random) -> Fault:
    s.doc.remove(mem, "wps:membershipRole")
    _unclaim(s, mem, "wps:membershipRole")
    return _fault(mem, "wps:membershipRole", _expect(mem, "wps:membershipRole", "MinCount"))


def _check(focus: str, path: str, check: str) -> dict[str, object]:
    """What a ``*-violation.rq`` check of the project reports: its name is the component."""
    return {"focus": expand(focus), "path": path, "component": check + CHECK_SUFFIX}


def _outside_domain(s: Synth, act: str, rng: random.Random) -> Fault:
    country = f"country:{rng.choice(sorted(s.countries_done))}"
    s.doc.add(act, "wps:focusCountry", country)  # a plan's property, on an action
    return _fault(act, "wps:focusCountry", _check(act, "wps:focusCountry", "wrong-domain"))


def _undeclared_term(s: Synth, obj: str, rng: random.Random) -> Fault:
    s.doc.add(obj, "wps:objectivOf", s.plan_of[obj])  # a misspelt wps:objectiveOf, beside the real one
    return _fault(obj, "wps:objectivOf", _check(obj, "wps:objectivOf", "undeclared-term"))


def _unqualified_conflict(s: Synth, mem: str, rng: random.Random) -> Fault | None:
    own = s.doc.get(mem, "dct:temporal")
    if len(own) != 1:
        return None
    start, end = _years(own[0])
    s.doc.add(mem, "dct:temporal", s.period(start + 1, end + 1))  # a second period that no claim gives
    return _fault(mem, "dct:temporal", _check(mem, "dct:temporal", "unqualified-conflict"))


#: The property of the faulty node that each kind changes ("" for the node as a whole).
TOUCHES = {
    "missing-funder": ("schema:funder",),
    "negative-amount": ("schema:amount",),
    "non-iso-currency": ("schema:amount",),
    "amount-not-decimal": ("schema:amount",),
    "period-start-after-end": ("dct:temporal",),
    "objective-without-plan": ("wps:objectiveOf",),
    "claim-without-quote": ("wps:quote",),
    "country-of-wrong-class": ("wps:planCountry",),
    "action-without-plan-or-actor": ("",),
    "action-without-english-label": ("rdfs:label",),
    "parts-exceed-funding": ("",),
    "figure-parts-exceed-total": ("",),
    "year-not-gyear": ("wps:year",),
    "quote-too-short": ("wps:quote",),
    "claim-without-source": ("prov:wasDerivedFrom",),
    "translation-not-english": ("wps:quoteTranslation",),
    "boolean-as-text": ("wps:civilSocietyInvolved",),
    "membership-without-role": ("wps:membershipRole",),
    "action-without-claim": ("^wps:claimSubject",),
    "objective-without-notation": ("skos:notation",),
    "property-outside-domain": ("wps:focusCountry",),
    "undeclared-term": ("wps:objectivOf",),
    "disagreement-without-claim": ("dct:temporal",),
}

#: Fault kinds: (pool of candidates on Synth, how to inject).
FAULTS = {
    "missing-funder": ("plain_fundings", _missing_funder),
    "negative-amount": ("plain_fundings", _amount_fault("negative")),
    "non-iso-currency": ("plain_fundings", _amount_fault("currency")),
    "amount-not-decimal": ("plain_fundings", _amount_fault("integer")),
    "period-start-after-end": ("plans", _period_reversed),
    "objective-without-plan": ("objectives", _objective_without_plan),
    "claim-without-quote": ("claims", _claim_fault("no-quote")),
    "country-of-wrong-class": ("plans", _wrong_class_country),
    "action-without-plan-or-actor": ("actions", _action_fault("orphan")),
    "action-without-english-label": ("actions", _action_fault("no-english-label")),
    "parts-exceed-funding": ("wholes", _parts_exceed),
    "figure-parts-exceed-total": ("figures", _figure_sum),
    "year-not-gyear": ("actions", _action_fault("year-not-gyear")),
    "quote-too-short": ("claims", _claim_fault("short-quote")),
    "claim-without-source": ("claims", _claim_fault("no-source")),
    "translation-not-english": ("claims", _claim_fault("translation")),
    "boolean-as-text": ("plans", _plan_not_boolean),
    "membership-without-role": ("memberships", _membership_role),
    "action-without-claim": ("actions", _action_fault("no-claim")),
    "objective-without-notation": ("objectives", _objective_without_notation),
    # Found by the project's *-violation.rq checks, not by the SHACL shapes.
    "property-outside-domain": ("actions", _outside_domain),
    "undeclared-term": ("objectives", _undeclared_term),
    "disagreement-without-claim": ("memberships", _unqualified_conflict),
}


def synthesize(plans: int, seed: int, faults: int = 0) -> tuple[str, dict[str, object]]:
    """Turtle for ``plans`` synthetic plans, and the manifest of the ``faults`` injected into it."""
    if plans < 1:
        raise ParameterError(f"--plans is a number of plans from 1 up, not {plans}")
    if faults < 0:
        raise ParameterError(f"--faults is a number of faults from 0 up, not {faults}")
    s = Synth(seed)
    s.shared()
    for i in range(plans):
        s.plan(i)
    injected = s.inject(faults, seed) if faults else []
    manifest: dict[str, object] = {
        "plans": plans,
        "seed": seed,
        "triples": s.doc.triples(),
        "faults": [{"kind": f.kind, "focus": f.focus, "path": f.path, "expect": f.expect} for f in injected],
    }
    return s.doc.turtle(), manifest


def manifest_path(out: Path) -> Path:
    """Where the fault manifest of ``out`` goes: ``<out>.faults.json``."""
    return Path(f"{out}.faults.json")


def write(out: Path, plans: int, seed: int, faults: int = 0) -> dict[str, object]:
    """Write the synthetic Turtle to ``out`` and its manifest next to it, atomically."""
    text, manifest = synthesize(plans, seed, faults)
    write_text(Path(out), text)
    write_text(manifest_path(Path(out)), json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return manifest


# -- checking a validator against the manifest ------------------------------------


def is_check(component: str) -> bool:
    """Whether a result's component names one of the project's ``*-violation.rq`` checks, not a SHACL constraint."""
    return component.endswith(CHECK_SUFFIX)


def expected_keys(manifest: dict[str, object], store: object, *, checks: bool = False) -> set[tuple[str, str, str]]:
    """The (focus, path, component) results the manifest's faults must produce.

    The SHACL results, or with ``checks`` those of the ``*-violation.rq``
    checks (pySHACL and the compiled engine see only the former). A
    blank-node focus (``{"blank": [subject, predicate]}``) is resolved in
    ``store`` (a pyoxigraph Store) to the object of that triple.
    """
    import pyoxigraph as ox

    keys = set()
    for fault in manifest["faults"]:  # type: ignore[union-attr]
        for e in fault["expect"]:
            if is_check(str(e["component"])) != checks:
                continue
            focus = e["focus"]
            if isinstance(focus, dict):
                s, p = focus["blank"]
                found = list(store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None))  # type: ignore[attr-defined]
                if len(found) != 1:
                    raise ValueError(f"cannot resolve the blank node {p} of {s}")
                focus = found[0].object.value
            keys.add((str(focus), str(e["path"]), str(e["component"])))
    return keys


def compare(
    problems: Iterable[object], expected: set[tuple[str, str, str]], baseline: set[tuple[str, str, str]] = frozenset()
) -> tuple[set, set]:  # type: ignore[assignment]
    """(missed, unexpected): faults not reported, and reports that are neither faults nor baseline."""
    found = {(p.focus, p.path or "", p.component or "") for p in problems}  # type: ignore[attr-defined]
    return expected - found, found - expected - baseline


# -- command line -------------------------------------------------------------------


def add_cli(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``wpskg synth`` to the command line."""
    p = subparsers.add_parser(
        "synth",
        help="write a synthetic graph at any scale (for benchmarks), optionally with known faults",
        description="Write realistic synthetic instance data that conforms to the shapes; --faults K injects "
        "K known violations of different kinds and writes their manifest to OUT.faults.json.",
    )
    p.add_argument("--plans", type=int, required=True, help="number of plans (about 1000 triples each)")
    p.add_argument("--seed", type=int, default=1, help="random seed (the output is deterministic)")
    p.add_argument("--out", type=Path, required=True, help="Turtle file to write")
    p.add_argument("--faults", type=int, default=0, help="number of violations to inject")
    p.set_defaults(func=run_cli)


def run_cli(args: argparse.Namespace) -> int:
    """Run ``wpskg synth``."""
    manifest = write(args.out, args.plans, args.seed, args.faults)
    faults = manifest["faults"]
    print(f"wrote {args.out}: {args.plans} plans, {manifest['triples']} triples, {len(faults)} faults")  # type: ignore[arg-type]
    if faults:
        print(f"fault manifest: {manifest_path(args.out)}")
    return 0
