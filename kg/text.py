"""Folding text for search and comparison: case, accents and punctuation ignored.

>>> fold("Terje Rød-Larsen")
'terje rod larsen'
>>> fold("KILIÇDAROĞLU") == fold("Kılıçdaroğlu")
True
"""

from __future__ import annotations

import re
import unicodedata

_SPECIAL = str.maketrans({"ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "ß": "ss", "đ": "d", "Đ": "d", "ł": "l",
                          "Ł": "l", "ı": "i", "œ": "oe", "Œ": "oe", "å": "a", "Å": "a", "þ": "th", "ð": "d"})


def fold(text: str) -> str:
    """Lower case, accents and punctuation removed, spaces collapsed: what search compares."""
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.sub(r"[\W_]+", " ", text).strip()
