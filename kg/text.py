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


# letters that SQLite's search index (its Unicode 6.1 tables) reads as separators, where Python's newer tables
# see letters (New Tai Lue vowel signs and tone marks, two Vedic signs): words are split there for both stores
# (found by a store parity fuzzer: "Aᦲb" was one word on Neo4j, two on SQLite, and search answered otherwise)
_SQLITE_SEPARATORS = str.maketrans({c: " " for c in [*map(chr, range(0x19B0, 0x19C1)), "\u19c8", "\u19c9",
                                                       "\u1cf2", "\u1cf3"]})
LONGEST_WORD = 255  # Neo4j's full-text index cuts longer words in pieces of this many UTF-16 units; so does fold


def fold(text: str) -> str:
    """Lower case, accents and punctuation removed, spaces collapsed: what search compares (words split
    where either store's search index would split them, so both find the same).

    >>> [len(w) for w in fold("x" * 600).split()]
    [255, 255, 90]
    """
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[\W_]+", " ", text.translate(_SQLITE_SEPARATORS)).strip()
    if len(text) > LONGEST_WORD // 2 and any(len(w) > LONGEST_WORD // 2 for w in text.split(" ")):
        text = " ".join(p for w in text.split(" ") for p in _pieces(w))
    return text


def _pieces(word: str) -> list[str]:
    """``word`` cut as Lucene's tokenizers cut a word (a piece ends once it holds 255 UTF-16 units or more)."""
    out, piece, units = [], [], 0
    for c in word:
        piece.append(c)
        units += 2 if ord(c) > 0xFFFF else 1
        if units >= LONGEST_WORD:
            out.append("".join(piece))
            piece, units = [], 0
    if piece:
        out.append("".join(piece))
    return out


def rounded(value: float, places: int = 4) -> float:
    """A reliability or strength kept to ``places`` decimals, or below 0.1 to ``places - 1`` significant
    digits (a path of 4e-13 still carries a message, 0 carries none; 1.4e-4 is not 6e-5).

    >>> rounded(0.123456), rounded(0.0123456), rounded(1.4e-4), rounded(4.2e-13), rounded(0.0)
    (0.1235, 0.0123, 0.00014, 4.2e-13, 0.0)
    """
    if value == 0 or abs(value) >= 0.1:
        return round(value, places)
    return float(f"{value:.{places - 1}g}")


def counted(n: int, word: str, plural: str | None = None) -> str:
    """``n`` and the word, plural unless ``n`` is 1.

    >>> counted(1, "member"), counted(0, "hop"), counted(3, "process", "processes")
    ('1 member', '0 hops', '3 processes')
    """
    return f"{n} {word if n == 1 else plural or word + 's'}"


def figure(value: float) -> str:
    """A link's reliability, or a strength the tool derived, as text: at most three decimals (as
    channels' reliabilities are shown), trailing zeros dropped, or two significant digits below 0.1.

    >>> figure(0.69282), figure(0.81), figure(0.8), figure(1.0), figure(1.4e-4), figure(4.2e-13)
    ('0.693', '0.81', '0.8', '1', '0.00014', '4.2e-13')
    """
    return f"{rounded(value, 3):g}"


def shown(value: float | None, places: int = 3) -> str:
    """A reliability as text: ``places`` decimals, or two significant digits when it would read 0.

    >>> shown(0.25), shown(3.1e-19), shown(0.0), shown(None)
    ('0.250', '3.1e-19', '0.000', 'none')
    """
    if value is None:
        return "none"
    if value == 0 or abs(value) >= 0.5 * 10 ** -places:
        return f"{value:.{places}f}"
    return f"{value:.2g}"


def without_credentials(uri: str) -> str:
    """A server's URI as it may be printed: a user name and password written into it left out (everything up
    to the last ``@`` after the scheme, since a password may hold one).

    >>> without_credentials("neo4j+s://neo4j:p@ss/w0rd@db.example:7687")
    'neo4j+s://…@db.example:7687'
    >>> without_credentials("bolt://127.0.0.1:7687")
    'bolt://127.0.0.1:7687'
    >>> without_credentials("neo4j:S3cret@db.example:7687")
    '…@db.example:7687'
    >>> without_credentials("neo4j:se://cret@127.0.0.1:1"), without_credentials("neo4j://h:9?policy=a@b")
    ('…@127.0.0.1:1', 'neo4j://h:9?policy=a@b')
    """
    if "@" not in uri:
        return uri
    scheme = re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", uri)  # (a "://" inside a password is no scheme: a reader)
    rest = uri[scheme.end():] if scheme else uri
    host, query = rest.partition("?")[0], rest.partition("?")[2]
    if query and "@" not in host and re.fullmatch(r"[A-Za-z0-9.\-\[\]:/]*", host):
        return uri  # (an @ in the query, "?policy=a@b", holds no password)
    # (a URI without a scheme, "neo4j:user:pass@host", is masked whole up to its host: a second reader)
    return f"{scheme.group(0) if scheme else ''}…@{rest.rpartition('@')[2]}"


def ended_on(end: str) -> str:
    """When something ended, as the data dates it: "on 2013-03-05" for a day, "in 2013-03" or "in 2013" for a
    month or a year (a reader found "ended on 2001").

    >>> ended_on("2013-03-05"), ended_on("2001")
    ('on 2013-03-05', 'in 2001')
    """
    return f"on {end}" if len(end) == 10 else f"in {end}"
