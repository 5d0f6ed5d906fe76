"""Text from the data made safe to show in a terminal or an XML report."""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and what XML 1.0 cannot hold (U+FFFE, U+FFFF)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


def visible(text: str) -> str:
    r"""``text`` with each control character (but tab and newline) written as an escape, so that
    a label in the data cannot clear the screen, retitle the terminal or break an XML report.

    >>> visible("Foo\x1b[2J\x1b]0;pwned\x07 and a tab\tstays")
    'Foo\\x1b[2J\\x1b]0;pwned\\x07 and a tab\tstays'
    """
    return _CONTROL.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text
    )
