r"""The EU and ADMS code lists that a ``dcat.ttl`` may name, and a check that a code is in them.

A mistyped code (``…/data-theme/JUS``, ``…/licence/CC-BY-4.0``) or the ``https``
spelling of an EU vocabulary IRI names a concept that does not exist; a portal
then shows no theme or licence at all. :func:`code_problem` says what is wrong,
with the closest real code when there is one.

>>> code_problem(EU_THEME + "JUST") is None
True
>>> print(code_problem(EU_THEME + "JUS").replace("; ", ";\n"))
<http://publications.europa.eu/resource/authority/data-theme/JUS>: 'JUS' is not a code of the EU data-theme table;
did you mean <http://publications.europa.eu/resource/authority/data-theme/JUST>?
>>> code_problem(EU_LICENCE + "CC-BY-4.0").split("; ")[1]
'did you mean <http://publications.europa.eu/resource/authority/licence/CC_BY_4_0>?'
>>> code_problem("https://publications.europa.eu/resource/authority/licence/CC0").split(": ", 1)[1]
'the EU vocabularies are named with http, not https: write <http://publications.europa.eu/resource/authority/licence/CC0>'
"""

from __future__ import annotations

import difflib
import re

EU = "http://publications.europa.eu/resource/authority/"
EU_LICENCE = EU + "licence/"
EU_THEME = EU + "data-theme/"
EU_COUNTRY = EU + "country/"
EU_LANGUAGE = EU + "language/"
EU_FILE_TYPE = EU + "file-type/"
EU_FREQUENCY = EU + "frequency/"
EU_AVAILABILITY = EU + "planned-availability/"
EU_ACCESS_RIGHT = EU + "access-right/"
EU_CORPORATE_BODY = EU + "corporate-body/"
ADMS_VOCABULARIES = "http://purl.org/adms/"
PUBLISHER_TYPE = ADMS_VOCABULARIES + "publishertype/"
LICENCE_TYPE = ADMS_VOCABULARIES + "licencetype/"

#: The EU data themes, with their English labels.
THEMES: dict[str, str] = {
    "AGRI": "Agriculture, fisheries, forestry and food",
    "ECON": "Economy and finance",
    "EDUC": "Education, culture and sport",
    "ENER": "Energy",
    "ENVI": "Environment",
    "GOVE": "Government and public sector",
    "HEAL": "Health",
    "INTR": "International issues",
    "JUST": "Justice, legal system and public safety",
    "OP_DATPRO": "Provisional data",
    "REGI": "Regions and cities",
    "SOCI": "Population and society",
    "TECH": "Science and technology",
    "TRAN": "Transport",
}

#: The ADMS publisher types, with their English labels.
PUBLISHER_TYPES: dict[str, str] = {
    "Academia-ScientificOrganisation": "Academia/Scientific organisation",
    "Company": "Company",
    "IndustryConsortium": "Industry consortium",
    "LocalAuthority": "Local authority",
    "NationalAuthority": "National authority",
    "NonGovernmentalOrganisation": "Non-governmental organisation",
    "NonProfitOrganisation": "Non-profit organisation",
    "PrivateIndividual(s)": "Private individual(s)",
    "RegionalAuthority": "Regional authority",
    "StandardisationBody": "Standardisation body",
    "SupraNationalAuthority": "Supra-national authority",
}

#: The ADMS licence types, with their English labels.
LICENCE_TYPES: dict[str, str] = {
    "Attribution": "Attribution",
    "GrantBack": "Grant back",
    "JurisdictionWithinTheEU": "Jurisdiction within the EU",
    "KnownPatentEncumbrance": "Known patent encumbrance",
    "NoDerivativeWork": "No derivative work",
    "NominalCost": "Nominal cost",
    "NonCommercialUseOnly": "Non-commercial use only",
    "OtherRestrictiveClauses": "Other restrictive clauses",
    "PublicDomain": "Public domain",
    "ReservedNames-Endorsement-OfficialStatus": "Reserved names / endorsement / official status",
    "RoyaltiesRequired": "Royalties required",
    "ShareAlike-Compatible": "Share-alike / copyleft with compatibility exceptions",
    "ShareAlike-NotCompatible": "Share-alike / copyleft, not compatible with other copyleft licences",
    "UnknownIPR": "Unknown IPR",
    "ViralEffect-ShareAlike": "Viral effect (a.k.a. share-alike)",
}

_LICENCE_CODES = """
    0BSD AFL_3_0 AGPL_3_0 AGPL_3_0_OR_LATER APACHE_1_1 APACHE_2_0 APL_1_0 APSL_2_0 ARTISTIC_1_0
    ARTISTIC_2_0 BSD_2_CLAUSE BSD_3_CLAUSE BSD_3_CLAUSECLEAR BSD_3_CLAUSE_LBNL BSD_PLUS_PATENT BSL_1_0
    CATOSL_1_1 CC0 CC_BY CC_BY_1_0 CC_BY_2_0 CC_BY_2_5 CC_BY_3_0 CC_BY_3_0_AT CC_BY_3_0_NL CC_BY_4_0
    CC_BYNC CC_BYNC_1_0 CC_BYNC_2_0 CC_BYNC_2_5 CC_BYNC_3_0 CC_BYNC_4_0 CC_BYNCND CC_BYNCND_1_0
    CC_BYNCND_2_0 CC_BYNCND_2_5 CC_BYNCND_3_0 CC_BYNCND_4_0 CC_BYNCSA CC_BYNCSA_1_0 CC_BYNCSA_2_0
    CC_BYNCSA_2_5 CC_BYNCSA_3_0 CC_BYNCSA_4_0 CC_BYND CC_BYND_1_0 CC_BYND_2_0 CC_BYND_2_5 CC_BYND_3_0
    CC_BYND_4_0 CC_BYSA CC_BYSA_1_0 CC_BYSA_2_0 CC_BYSA_2_5 CC_BYSA_3_0 CC_BYSA_3_0_NL CC_BYSA_4_0
    CC_PDM_1_0 CDDL_1_0 CECILL_2_1 CECILL_B_1_0 CECILL_C_1_0 CLARIN_ACA_1_0 CNRI_PYTHON COM_REUSE
    CPAL_1_0 CPL_1_0 DFSL_1_0 DLDE_BY_1_0 DLDE_BY_2_0 DLDE_BYNC_1_0 DLDE_ZERO_2_0 ECL_1_0 ECL_2_0
    ECOS_2_0 EFL_1_0 EFL_2 ENTESSA EPL_1_0 EPL_2_0 ETALAB_2_0 EU_DATAGRID EUPL_1_0 EUPL_1_1 EUPL_1_2
    EUROGEO_2022 EUROGEO_2024 FAIR FRAMEWORX_1_0 GNU_FDL GNU_FDL_1_1 GNU_FDL_1_2 GNU_FDL_1_3
    GNU_FDL_1_3_OR_LATER GPL_2_0 GPL_2_0_OR_LATER GPL_3_0 GPL_3_0_OR_LATER HPND HROD IODL_1_0 IODL_2_0
    IPA IPL_1_0 ISA_OML ISA_OML_1_1 ISC LGPL_2_1 LGPL_2_1_OR_LATER LGPL_3_0 LGPL_3_0_OR_LATER
    LILIQ_P_1_1 LILIQ_R_1_1 LILIQ_RPLUS_1_1 LPL_1_0 LPL_1_02 LPPL_1_3C MIROS MIT MOTOSOTO MPL_1_0
    MPL_1_1 MPL_2_0 MS_PL MS_RL MULTICS NASA_1_3 NAUMEN NCSA NGPL NLOD_1_0 NLOD_2_0 NOKIA NPOSL_3_0 NTP
    OCLC_2_0 ODC_BL ODC_BY ODC_PDDL OFL_1_1 OGL_1_0 OGL_2_0 OGL_3_0 OGL_NC OGL_NC_2_0 OGL_ROU_1_0 OGTSL
    OP_DATPRO OPL_2_1 OSL_1_0 OSL_2_1 OSL_3_0 PHP_3_0 POSTGRE_SQL PSEUL PYTHON_2_0 QPL_1_0 RPL_1_1
    RPL_1_5 RPSL_1_0 RSCPL SIMPL_2_0 SLEEPYCAT SODL_1_0 SPL_1_0 UCL_1_0 UNLICENCE UPL_1_0 VSL_1_0 W3C
    WATCOM_1_0 WXWINDOWS XNET ZLIB ZPL_2_0
"""
#: The codes of the EU licence table (publications.europa.eu, 2025). A code added there
#: later is refused until it is added here.
LICENCES: frozenset[str] = frozenset(_LICENCE_CODES.split())

#: The EU access rights that DCAT-AP names, with their English labels.
ACCESS_RIGHTS: dict[str, str] = {"PUBLIC": "Public", "RESTRICTED": "Restricted", "NON_PUBLIC": "Non-public"}

#: The code lists that are checked, as namespace: (name, codes).
TABLES: dict[str, tuple[str, frozenset[str]]] = {
    EU_THEME: ("the EU data-theme table", frozenset(THEMES)),
    EU_LICENCE: ("the EU licence table", LICENCES),
    EU_ACCESS_RIGHT: ("the EU access-right table", frozenset(ACCESS_RIGHTS)),
    PUBLISHER_TYPE: ("the ADMS publisher types", frozenset(PUBLISHER_TYPES)),
    LICENCE_TYPE: ("the ADMS licence types", frozenset(LICENCE_TYPES)),
}

#: Spellings of the vocabularies' namespaces that name nothing, with the right one.
WRONG_SCHEMES = {
    "https://publications.europa.eu/resource/authority/": EU,
    "https://purl.org/adms/": ADMS_VOCABULARIES,
}


def _key(code: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", code.upper())


def closest(code: str, codes: frozenset[str]) -> str | None:
    """The code of ``codes`` that ``code`` most likely misspells, if one is close.

    >>> closest("NationalAuthorithy", frozenset(PUBLISHER_TYPES))
    'NationalAuthority'
    >>> closest("cc-by-sa-4.0", LICENCES), closest("XYZZY", LICENCES)
    ('CC_BYSA_4_0', None)
    """
    by_key = {_key(c): c for c in sorted(codes)}
    found = difflib.get_close_matches(_key(code), list(by_key), n=1, cutoff=0.6)
    return by_key[found[0]] if found else None


def code_problem(iri: str) -> str | None:
    """What is wrong with ``iri`` as a code of a checked EU or ADMS list, or None."""
    for wrong, right in WRONG_SCHEMES.items():
        if iri.startswith(wrong):
            return f"<{iri}>: the EU vocabularies are named with http, not https: write <{right}{iri[len(wrong) :]}>"
    for namespace, (name, codes) in TABLES.items():
        if not iri.startswith(namespace) or iri[len(namespace) :] in codes:
            continue
        code = iri[len(namespace) :]
        message = f"<{iri}>: {code!r} is not a code of {name}"
        guess = closest(code, codes)
        if guess:
            return f"{message}; did you mean <{namespace}{guess}>?"
        if len(codes) <= 20:
            return f"{message} ({', '.join(sorted(codes))})"
        return message
    return None
