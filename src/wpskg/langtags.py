"""The language tags of the data: BCP 47 tags whose language is an ISO 639 code.

A tag must be well-formed by BCP 47 (RFC 5646: ``en``, ``nl-BE``, ``zh-Hant-TW``,
``fr-x-foo``) and its primary language subtag must be a code BCP 47 uses: the
ISO 639-1 code of a language that has one (``en``, not ``eng``), else its ISO
639-3 or ISO 639-5 code, or one of ``qaa``-``qtz`` (kept for local use). A
region of two letters must be an ISO 3166-1 alpha-2 code (``en-GB``, not
``en-UK``; a withdrawn one such as ``YU`` too), one kept for private use, or one of the exceptionally reserved
codes BCP 47 registers (EU, EZ, UN); a region of three digits is a UN M.49 area
(``es-419``). The other subtags (script, variants, extensions, private use)
are checked for their form only. A tag of private use alone (``x-foo``)
and the irregular tags of old (``i-klingon``) name no ISO 639 language, so
they are refused. The codes are in ``iso639.txt``, generated from pycountry
by ``scripts/gen_vocab_iso.py``.

>>> mistake("nl-be") is None, mistake("fr-x-foo") is None, mistake("zh-hant-tw") is None
(True, True, True)
>>> mistake("english")
'"english" is not an ISO 639 language code: did you mean @en?'
>>> mistake("eng-gb")
'"eng" is an ISO 639-2/3 code, but BCP 47 writes this language with its ISO 639-1 code: did you mean @en-GB?'
>>> mistake("en_gb")
'it is not a well-formed BCP 47 tag (language-script-region-variant…, separated by hyphens): did you mean @en-GB?'
>>> mistake("xx")
'"xx" is not an ISO 639 language code'
>>> mistake("en-uk")
'"UK" is not an ISO 3166-1 region: did you mean @en-GB?'
"""

from __future__ import annotations

import difflib
import re
from functools import cache
from importlib import resources

_TAG = re.compile(
    r"""
    (?P<language>[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})  # language and extended language subtags
    (?:-[a-z]{4})?                                  # script
    (?:-(?P<region>[a-z]{2}|[0-9]{3}))?             # region
    (?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*        # variants
    (?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*             # extensions
    (?:-x(?:-[a-z0-9]{1,8})+)?                      # private use
    """,
    re.VERBOSE,
)

_LOCAL_USE = re.compile(r"q[a-t][a-z]")
#: Regions of two letters that are not ISO 3166-1 codes but BCP 47 takes: private use, and the
#: exceptionally reserved codes the IANA registry lists.
_OTHER_REGIONS = re.compile(r"aa|q[m-z]|x[a-z]|zz|eu|ez|un")
#: Regions written for another code (the United Kingdom's is GB).
_REGION_MEANT = {"uk": "gb"}

_FORM = "it is not a well-formed BCP 47 tag (language-script-region-variant…, separated by hyphens)"


@cache
def _languages() -> dict[str, tuple[list[str], str]]:
    """``iso639.txt`` read once: each primary subtag, its other ISO 639 codes and its English name."""
    text = resources.files("wpskg").joinpath("iso639.txt").read_text(encoding="utf-8")
    rows: dict[str, tuple[list[str], str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            tag, _, rest = line.partition("\t")
            others, _, name = rest.partition("\t")
            rows[tag] = (others.split(), name)
    return rows


@cache
def codes() -> tuple[frozenset[str], dict[str, str]]:
    """The primary language subtags BCP 47 allows, and the code it writes for each other ISO 639
    code or one-word English name of a language (``eng`` and ``english``: ``en``)."""
    meant: dict[str, str] = {}
    for tag, (others, name) in _languages().items():
        for other in [*others, name]:
            if other:
                meant[other] = tag
    return frozenset(_languages()), meant


#: The ISO 639-2 bibliographic codes, which neither BCP 47 nor the EU language table uses.
_BIBLIOGRAPHIC = frozenset(
    "alb arm baq bur chi cze dut fre geo ger gre ice mac mao may per rum slo tib wel".split()  # noqa: SIM905
)


@cache
def three_letter(tag: str) -> str | None:
    """The ISO 639-3 code of a language tag's primary subtag (the code of the EU language table, in
    lower case), or None when it has none.

    >>> three_letter("en-GB"), three_letter("nl"), three_letter("fr"), three_letter("ga"), three_letter("xx")
    ('eng', 'nld', 'fra', 'gle', None)
    """
    primary = tag.split("-", 1)[0].lower()
    if primary not in _languages():
        return None
    if len(primary) == 3:
        return primary
    others = [c for c in _languages()[primary][0] if len(c) == 3 and c not in _BIBLIOGRAPHIC]
    return others[0] if others else None


def english_name(code: str) -> str | None:
    """The English name of a language, by its primary subtag or any of its ISO 639 codes.

    >>> english_name("ga"), english_name("GLE"), english_name("nld"), english_name("xx")
    ('Irish', 'Irish', 'Dutch', None)
    """
    code = code.lower()
    tag = code if code in _languages() else codes()[1].get(code)
    name = _languages()[tag][1] if tag else ""
    return name.title() or None  # the table keeps one-word names only


@cache
def regions() -> frozenset[str]:
    """The ISO 3166-1 alpha-2 codes, current and withdrawn (BCP 47 keeps those), in lower case."""
    text = resources.files("wpskg").joinpath("iso3166.txt").read_text(encoding="utf-8")
    return frozenset(line.split("\t")[0].lower() for line in text.splitlines() if line and not line.startswith("#"))


def mistake(tag: str) -> str | None:
    """What is wrong with the language tag ``tag`` (the part after ``@``), or None if nothing."""
    tag = tag.lower()
    known, meant = codes()
    match = _TAG.fullmatch(tag)
    primary = re.split(r"[-_]", tag, maxsplit=1)[0]
    if match is not None and (primary in known or _LOCAL_USE.fullmatch(primary)):
        region = match.group("region")
        if region is None or region.isdigit() or region in regions() or _OTHER_REGIONS.fullmatch(region):
            return None
        reason = f'"{region.upper()}" is not an ISO 3166-1 region'
        other = _REGION_MEANT.get(region)
        fixed = tag[: match.start("region")] + other + tag[match.end("region") :] if other else None
        return f"{reason}: did you mean @{cased(fixed)}?" if fixed else reason
    if len(primary) == 1:
        reason = f'a tag that starts "{primary}-" (private use, or an irregular tag of old) names no ISO 639 language'
    elif match is None:
        reason = _FORM
    elif primary in meant and len(primary) <= 3:
        reason = f'"{primary}" is an ISO 639-2/3 code, but BCP 47 writes this language with its ISO 639-1 code'
    else:
        reason = f'"{primary}" is not an ISO 639 language code'
    near = suggestion(tag)
    return f"{reason}: did you mean @{near}?" if near else reason


def suggestion(tag: str) -> str | None:
    """The well-formed tag ``tag`` most likely stands for, in the usual case (``en-GB``), if any."""
    known, meant = codes()
    tag = tag.lower()
    cut = min((tag.find(c) for c in "-_" if c in tag), default=len(tag))
    primary, rest = tag[:cut], tag[cut:]
    if primary not in known:  # another code of the language, or its English name, maybe misspelt
        near = difflib.get_close_matches(primary, [n for n in meant if len(n) > 3], n=1, cutoff=0.8)
        primary = meant.get(primary) or (meant[near[0]] if near and len(primary) > 3 else "")
    fixed = (primary + rest).replace("_", "-")
    if not primary or _TAG.fullmatch(fixed) is None:
        return None
    return cased(fixed)


def cased(tag: str) -> str:
    """``tag`` in the case BCP 47 recommends: a region in upper case, a script in title case.

    >>> cased("zh-hant-tw"), cased("en-gb-x-ab")
    ('zh-Hant-TW', 'en-GB-x-ab')
    """
    out = []
    for i, subtag in enumerate(tag.split("-")):
        if i and len(out[-1]) == 1:  # after a singleton (an extension or private use), all stays lower case
            out.extend(tag.split("-")[i:])
            break
        if i and len(subtag) == 2:
            subtag = subtag.upper()
        elif i and len(subtag) == 4 and subtag.isalpha():
            subtag = subtag.title()
        out.append(subtag)
    return "-".join(out)
