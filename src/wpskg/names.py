"""How a name a user types is compared with a name in the data.

Case, the composed or decomposed form of an accented letter (NFC or NFD, as
a copy from a PDF or a Mac may give), a typographic apostrophe (’ for ') and
runs of spaces do not make two names differ. The accents themselves do: "Belgie"
is not "België" (:func:`bare` drops them, for a second try that must be unique).

>>> key("Côte d’Ivoire ") == key("CÔTE  D'IVOIRE") == key(unicodedata.normalize("NFD", "Côte d'Ivoire"))
True
>>> bare("Côte d’Ivoire")
"cote d'ivoire"
"""

from __future__ import annotations

import unicodedata

#: The characters written for an apostrophe, each read as '.
APOSTROPHES = "’‘ʼ′`"
_APOSTROPHES = str.maketrans(dict.fromkeys(APOSTROPHES, "'"))


def key(name: str) -> str:
    """``name`` composed (NFC), case-folded, with ' for each typographic apostrophe and single spaces."""
    return " ".join(unicodedata.normalize("NFC", name).translate(_APOSTROPHES).casefold().split())


def bare(name: str) -> str:
    """:func:`key` without accents."""
    decomposed = unicodedata.normalize("NFD", key(name))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def spellings(name: str) -> list[str]:
    """``name`` as written, composed and decomposed: the forms a label in the data may have.

    >>> [len(s) for s in spellings("België")]
    [6, 7]
    """
    return list(dict.fromkeys(unicodedata.normalize(form, name) for form in ("NFC", "NFD")))


def name_order(name: str) -> tuple[str, str]:
    """A key that sorts names as a reader expects: École with the Es, not after Z.

    >>> sorted(["Zambia", "École de maintien de la paix", "Egypt"], key=name_order)
    ['École de maintien de la paix', 'Egypt', 'Zambia']
    """
    return (bare(name), key(name))
