"""Cleaning of typed text, in one place: what no field of ours ever keeps.

Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the invisible
direction marks (U+200E, U+200F, U+061C) let a name or a file name read differently from what
it is ("[U+202E]gpj.exe" shows as "exe.jpg"); Chinese and English text never needs them.
Control characters (NUL and the rest of C0, DEL, C1) are refused by PostgreSQL (NUL) or are
invisible in a page; lone surrogates cannot be encoded at all. Tab, line feed and carriage
return stay: a textarea's lines are the person's own.
"""
import re

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
KEPT_CONTROLS = "\t\n\r"

_REMOVED = re.compile(
    "[" + re.escape(BIDI_CONTROLS)
    + "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"     # C0 but tab, LF, CR; DEL; C1
    + "\ud800-\udfff"                            # lone surrogates
    + "]")


def clean_text(value: str) -> str:
    """``value`` without bidirectional controls, control characters (but tab, LF, CR) or lone
    surrogates. Everything else, Chinese included, is kept as it is."""
    return _REMOVED.sub("", value)


def is_clean(value: str) -> bool:
    return _REMOVED.search(value) is None
