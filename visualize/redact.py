"""Names of people kept out of maps shared beyond the team (data-model.md v2, "Sensitivity in answers").

A :class:`Redactor` knows every person of the store (drawn or not): their id,
name and aliases. It rewrites any text so that none of them, and no word of
three letters or more of them, survives: a full name, alias or id becomes the
person's pseudonym; a word that holds a name word (``Arafat's``,
``Hirschfeld-Qurei``, ``QUREI``, ``Qureı``) becomes ``[…]`` (a pseudonym there
would say which word of the name it stands for, and "Bill of Rights" would then
say Bill Clinton). Words are compared folded:
compatibility-decomposed, accents and invisible characters dropped, any script
transliterated to ASCII (``Арафат`` is ``arafat``), case-folded; ``ı``, ``ø``,
``ß``, ``æ`` fold as a reader would read them.

A pseudonym is ``P-`` and twelve digits from an HMAC of the person's id under a
secret salt kept in the store: the same person has the same pseudonym in every
map of one store, nobody without the store can reverse it, and it holds no
letters, so it cannot spell a name word itself.

>>> r = Redactor({"yasser-arafat": ["Yasser Arafat", "Abu Ammar"]}, "salt")
>>> p = r.pseudonym("yasser-arafat")
>>> r.text("Holst met YASSER ARAFAT in Tunis") == f"Holst met {p} in Tunis"
True
>>> r.text("Holst met Arafat in Tunis")
'Holst met […] in Tunis'
>>> r.mentions("abu-ammar's office"), r.mentions("Tunis")
(True, False)
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import html
import re
import secrets
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any
from urllib.parse import unquote_plus

from anyascii import anyascii

from kg.store.base import GraphStore

SALT_SETTING = "pseudonym_salt"
WITHHELD = "[\u2026]"
MIN_WORD = 3  # name words shorter than this are not secrets ("al", "de", "Ng" alone)
RUN_TOGETHER = 6  # a whole name of several words run together counts from this many letters ("JaneDoe")
# words of names and aliases that are common words of text, not secrets on their own ("The Heron" must not
# blank every "the"); a whole name or alias holding them is still matched. But a person's surname (the last
# word of a name) or a one-word name is a secret whatever it is: Tarun Das's "Das" (an adversary found "Das &
# Associates" kept), at the cost of the German "das" (common_word)
_FILE_WORDS = frozenset({"public", "restricted", "confidential", "person", "organization", "event"})
COMMON_WORDS = frozenset({"the", "and", "for", "with", "from", "der", "die", "das", "den", "von", "van", "del",
                          "des", "les", "los", "las", "dos", "und", "mit", "une", "that", "this",
                          # the words every map and export writes of its records: a hidden "Alice Public"
                          # must not rewrite every "public" of the file
                          *_FILE_WORDS})


def common_word(word: str, last: bool) -> bool:
    """Whether a folded name word is a word of text matched only within the whole name: one of
    :data:`COMMON_WORDS` that is not the last word of the name (``last``), or one of the words every file
    writes of its records ("public", "person").

    >>> common_word("das", last=False), common_word("das", last=True), common_word("public", last=True)
    (True, False, True)
    """
    return word in _FILE_WORDS or (word in COMMON_WORDS and not last)
# letters NFKD does not take apart, as a reader would spell them in ASCII
_SPECIAL = str.maketrans({"ı": "i", "İ": "I", "ø": "o", "Ø": "O", "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE",
                          "œ": "oe", "Œ": "OE", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
                          "þ": "th", "Þ": "TH", "ħ": "h", "Ħ": "H",
                          # Azerbaijani schwa, written a in English (Əliyev is Aliyev), as Cyrillic ә folds
                          "ə": "a", "Ə": "A",
                          # Arabic final yeh written as alef maqsura (Egyptian spelling: مرسى for مرسي)
                          "ى": "ي"})
# words of text of four letters or more that another spelling of a name may give (_marked): "said" of Saʿīd
_COMMON_VARIANTS = COMMON_WORDS | frozenset({
    "said", "sand", "maid", "paid", "raid", "laid", "main", "rain", "gain", "pain", "wait", "mail", "sail", "fail",
    "hail", "jail", "fair", "hair", "pair", "made", "male", "same", "came", "name", "game", "late", "date", "rate",
    "have", "save", "case", "base", "face", "race", "once", "done", "gone", "more", "some", "home", "hope", "rose",
    "role", "mode", "code", "road", "load", "goal", "boat", "coat", "soon", "door", "poor", "room", "good", "food",
    "book", "look", "took", "time", "line", "life", "side", "ride", "mine", "fine", "here", "there", "were", "where",
    "then", "than", "them", "they", "what", "when", "well", "also", "only", "over", "into", "upon", "about", "after",
    "mans", "rads", "sads", "dial", "deal", "real", "read", "near", "year", "hear", "dear", "mean", "lean", "bean"})
# particles of names that belong to the word after them ("de Palacio", "bin Laden", "El Abidine")
_PARTICLES = frozenset({"de", "da", "di", "du", "do", "dos", "das", "del", "della", "der", "den", "van", "von", "la",
                        "le", "el", "al", "bin", "ben", "ibn", "bint", "abu", "abd", "ould", "ter", "ten", "mac", "st"})
# the ASCII spellings of letters a name may also be written with (Müller as Mueller, Ødegård as Oedegaard,
# Åse as Aase): a name holding them is matched in each spelling
_SPELLED_OUT = {"ü": ("ue",), "Ü": ("Ue",), "ö": ("oe",), "Ö": ("Oe",), "ä": ("ae",), "Ä": ("Ae",),
                "ø": ("oe",), "Ø": ("Oe",), "å": ("aa",), "Å": ("Aa",), "ə": ("e",), "Ə": ("E",)}
# what may stand inside a word of a name written in other text: a line-break hyphen ("Hirsch- feld"),
# a middle dot or hyphenation point, a blank that shows as a space
_INSIDE_WORD = re.compile(r"(?<=[^\W\d_])(?:[-\u00ad\u2010\u2011](?:\s+)|[\u00b7\u2027\u2e31\u30fb\u2800]\s*)"
                          r"(?=[^\W\d_])")
# short words of ordinary text: two of them side by side are not a name word split in two ("in a", "a bed")
_TEXT_WORDS = COMMON_WORDS | frozenset({
    "a", "an", "as", "at", "be", "by", "do", "he", "if", "in", "is", "it", "me", "my", "no", "of", "on", "or", "so",
    "to", "up", "us", "we", "la", "le", "el", "de", "da", "di", "du", "al", "et", "en", "y", "o", "i", "e", "s", "t"})
# \u0051, \x75, \u{51}, \U00000051
_ESCAPED = re.compile(r"\\u\{([0-9a-fA-F]{1,6})\}|\\U([0-9a-fA-F]{8})|\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})")
# markup inside a word: "Qu<b>rei</b>" shows as Qurei (an attribute may quote a ">": <span title='>'>); BBCode
# ("Hirsch[b]feld[/b]"); a TeX command around a part ("Hirsch\textbf{feld}")
_TAG = re.compile(r"""<(?:[^<>"']|"[^"]*"|'[^']*'){0,300}>|\[/?[a-zA-Z*]{1,10}(?:=[^\]]{0,60})?\]""")
_TEX = re.compile(r"\\[a-zA-Z]+\{([^{}]{0,200})\}")
# other escapes a reader (or a browser) decodes: octal \144, CSS \48 (a space may end it), quoted-printable =48
_OCTAL = re.compile(r"\\([0-7]{3})")
_CSS = re.compile(r"\\([0-9a-fA-F]{1,6}) ?")
_QUOTED_PRINTABLE = re.compile(r"=([0-9A-F]{2})")
# digits a reader joins across a separator ("X773-1942", "773 1942" for an id's X7731942)
_DIGITS_APART = re.compile(r"(?<=\d)[\s\-.,/'\u2019\u00a0\u202f\u2009]+(?=\d)")
# a run written right to left by a control character ("\u202eieruQ" shows as "Qurei"), to its end or pop
_RTL_RUN = re.compile(r"[\u202e\u202b\u2067]([^\u202c\u2069\u202a\u202d\u2066\u2068]*)")
_PUNYCODE = re.compile(r"xn--[a-z0-9-]+", re.IGNORECASE)  # a domain name's label: xn--jrgen-mller-thbg
_PERCENT_U = re.compile(r"%u([0-9a-fA-F]{4})")
_PERCENT_ESCAPE = re.compile(r"%(?:u[0-9a-fA-F]{4}|[0-9a-fA-F]{2})")
# a word of letters with digits or signs standing for letters among them ("Cl1nton", "4r4f4t", "C|inton")
# (fixed widths only: a run of letters before or after must not be searched from each of its letters)
_LEET_WORD = re.compile(r"[^\W\d_][0-9|!@$¡ǀ]+[^\W\d_]|(?<![^\W\d_])[0-9|!@$¡ǀ][^\W\d_]{2}"
                        r"|[^\W\d_]{2}[0-9|!@$¡ǀ](?![^\W\d_])")
_CAPITAL_I = re.compile(r"(?<=[a-z])I|(?<=\b[A-Z])I(?=[a-z]{2})|\bI(?=[a-z]{2})")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "|": "l", "!": "i",
                       "@": "a", "$": "s", "¡": "i", "ǀ": "l", "Ɩ": "l"})
_LEET_L = str.maketrans({"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "|": "i", "!": "l",
                         "@": "a", "$": "s", "¡": "l", "ǀ": "i", "Ɩ": "i"})
# base64 (a query string or a data: link pasted into a source: "WWFzc2VyIEFyYWZhdA==" is "Yasser Arafat"), plain
# or URL-safe; and code points written U+0041 or U+41
_BASE64 = re.compile(r"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{8,}={0,2}")
_CODE_POINT = re.compile(r"[Uu]\+([0-9A-Fa-f]{2,6})\s?")


def _base64_texts(text: str) -> list[str]:
    """What the base64 runs of ``text`` decode to, when they decode to readable text (UTF-8, printable)."""
    out = []
    for m in _BASE64.finditer(text):
        token = m.group(0).rstrip("=")
        if not any(c.isdigit() or c.isupper() for c in token) or not any(c.islower() for c in token):
            continue  # an ordinary word ("reconciliation") is no base64 worth reading
        token += "=" * (-len(token) % 4)
        for alt in (b"+/", b"-_"):
            try:
                decoded = base64.b64decode(token, altchars=alt, validate=True).decode("utf-8")
            except (binascii.Error, ValueError):
                continue
            if decoded and all(c.isprintable() or c.isspace() for c in decoded):
                out.append(decoded)
                break
    return out


def _code_point(m: re.Match[str]) -> str:
    code = int(m.group(1), 16)
    return chr(code) if code <= 0x10FFFF else m.group(0)
# letters of other scripts that look like Latin ones (read as they look, not as they transliterate)
# (Cyrillic and Greek; and the Lisu and Cherokee letters a name can be typed in to look Latin, from Unicode's
# confusables: "ꓢꓔꓳꓠꓰ" reads STONE, an adversarial reader; the Latin iota, which folds to i but shows as an l:
# "Cɩinton", an adversary)
_LOOK_ALIKE = str.maketrans("АВЕКМНОРСТХаеорсухіјѕΑΒΕΖΗΙΚΜΝΟΡΤΥΧοικνρτυχ"
                            "ЅӀӏҮүϹϲІЈҺһԚԛԜԝԁ"
                            "ꓐꓑꓓꓔꓖꓗꓙꓚꓜꓝꓟꓠꓡꓢꓣꓦꓧꓪꓫꓬꓮꓰꓲꓳꓴ"
                            "ᎪᏴᏟᎠᎬᏀᎻᎥᎫᏦᏞᎷᏢᎡᏚᎢᏙᎳᏃ"
                            "ɩƖ",
                            "ABEKMHOPCTXaeopcyxijsABEZHIKMNOPTYXoikvptux"
                            "SllYyCcIJhhQqWwd"
                            "BPDTGKJCZFMNLSRVHWXYAEIOU"
                            "ABCDEGHiJKLMPRSTVWZ"
                            "ll")
# "FreeBob", "AbuAla", "BobLee"; in Cyrillic and Greek too ("#ШаатЛжёт", a second adversary)
_CAMEL = re.compile(r"(?<=[a-zа-яёα-ω])(?=[A-ZА-ЯЁΑ-Ω])")
_DIGIT_GROUPS = re.compile(r"(?<=\d)[,.'\u2019\u00a0\u202f\u2009 ](?=\d{3}(?!\d))")  # "8,200", "8 200"
_LEADING_ZEROS = re.compile(r"(?<!\d)0+(?=\d)")  # "Battalion 0101"
_DIGIT_RUN = re.compile(r"\d{5,}")  # (any script's digits: ٤٨٢١٣ too)


def _unescaped(m: re.Match[str]) -> str:
    code = int(next(g for g in m.groups() if g), 16)
    return chr(code) if code <= 0x10FFFF else m.group(0)


def _punycode(m: re.Match[str]) -> str:
    try:
        return m.group(0)[4:].encode("ascii").decode("punycode")
    except (UnicodeError, ValueError):
        return m.group(0)


def spellings(name: str) -> set[str]:
    """``name`` and its other spellings with ``ue``, ``oe``, ``ae``, ``aa`` (each letter either way), and
    with each ``ue``, ``oe``, ``ae``, ``aa`` it holds as the one vowel (the letter it transcribes, folded).

    >>> sorted(spellings("Ødegård"))
    ['Oedegaard', 'Oedegård', 'Ødegaard', 'Ødegård']
    >>> sorted(spellings("Roed-Larsen")), sorted(spellings("Aase"))
    (['Rod-Larsen', 'Roed-Larsen'], ['Aase', 'Ase'])
    """
    out = {""}
    i = 0
    while i < len(name):
        c = name[i]
        if name[i:i + 2].casefold() in _TRANSCRIBED:  # the other way: Schroeder, Roed written Schröder, Rød
            options: tuple[str, ...] = (name[i:i + 2], c)
            i += 2
        else:
            options = (c, *_SPELLED_OUT.get(c, ()))
            i += 1
        out = {o + x for o in out for x in options}
        if len(out) > 16:  # (a name of many such letters: each alone, and all of them, are enough)
            return {name, "".join(_SPELLED_OUT.get(c, (c,))[0] for c in name),
                    _TRANSCRIPTION.sub(lambda m: m.group(0)[0], name)} | {
                name[:i] + _SPELLED_OUT[c][0] + name[i + 1:] for i, c in enumerate(name) if c in _SPELLED_OUT}
    return out


# a name given in its ASCII transcription is also matched in the letters transcribed (Schroeder as Schröder,
# folded "schroder"; Roed-Larsen as Rød-Larsen; Aase as Åse): an adversary found them kept
_TRANSCRIBED = frozenset({"oe", "ue", "ae", "aa"})
_TRANSCRIPTION = re.compile("oe|ue|ae|aa", re.IGNORECASE)


def _unmarked(text: str) -> str:
    """``text`` without the letters and marks that fold to an apostrophe inside a word (an ayn or hamza, ``ʿ``
    ``ʾ``; a Cyrillic soft or hard sign; ``'`` between letters): a name word split by one is also written
    without it ("Fuʾād Maʿṣūm" as Fuad Masum, "Илья" as Ilya).

    >>> _unmarked("Fuʾād Maʿṣūm"), _unmarked("Илья Яшин"), _unmarked("O'Brien's 'own'")
    ('Fuād Maṣūm', 'Иля Яшин', "OBriens 'own'")
    """
    out = []
    for i, c in enumerate(text):
        if fold(c) in ("'", "`") and (c.isalpha() or (0 < i < len(text) - 1 and text[i - 1].isalpha()
                                                        and text[i + 1].isalpha())):
            continue
        out.append(c)
    return "".join(out)


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """``text`` as plain lower-case ASCII: accents, invisible characters and scripts folded away.

    >>> fold("Terje Rød-Larsen"), fold("QUREı"), fold("Straße"), fold("Ара\\u200bфат")
    ('terje rod-larsen', 'qurei', 'strasse', 'arafat')
    """
    return anyascii(_bare_letters(text)).casefold()


def _bare_letters(text: str, modifiers: bool = False) -> str:
    """``text`` decomposed, without its marks (accents) and invisible characters, and with ``modifiers``
    without modifier letters too (the ayn and hamza of a transcription, the Arabic tatweel)."""
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    dropped = ("Mn", "Mc", "Me", "Cf", "Lm") if modifiers else ("Mn", "Mc", "Me", "Cf")
    return "".join(c for c in text if unicodedata.category(c) not in dropped)


def _runs(folded: str) -> list[str]:
    """The letter runs of folded text: ``"o'brien-2x"`` -> ``["o", "brien", "x"]``."""
    out, cur = [], []
    for c in folded:
        if "a" <= c <= "z":
            cur.append(c)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


PSEUDONYM = re.compile(r"P-\d{4}-\d{4}-\d{4}")  # (as :func:`pseudonym` writes one)


def _alnum_runs(folded: str) -> list[str]:
    """The runs of letters and digits of folded text: ``"unit 8200"`` -> ``["unit", "8200"]``."""
    return re.findall(r"[a-z0-9]+", folded)


@lru_cache(maxsize=4096)
def _word_class(c: str) -> int:
    """0: not in a word; 1: a letter, mark, digit or invisible character; 2: a symbol standing for one
    Latin letter (circled ⓩ, parenthesized ⒵, squared, a flag's letter). Symbol letters make words of
    their own: "ⓚⓔⓝ" reads as "ken", and "Ken™" or "Ken🇺🇸" is still the word "Ken"."""
    cat = unicodedata.category(c)
    if cat[0] in "LMN" or cat == "Cf":
        return 1
    if cat == "So":
        name = unicodedata.name(c, "")
        if ("LATIN" in name and "LETTER" in name) or name.startswith("REGIONAL INDICATOR SYMBOL LETTER"):
            return 2
    return 0


def words(text: str, digits: bool = False) -> list[Any]:
    """Each word of ``text`` (a run of letters, marks, digits and invisible characters) as its span
    and the letter runs of its folded form; with ``digits``, also its runs of letters and digits
    (``(start, end, runs, tokens)``), for a word that has either."""
    out: list[Any] = []
    i, n = 0, len(text)
    while i < n:
        kind = _word_class(text[i])
        if not kind:
            i += 1
            continue
        j = i
        while j < n and _word_class(text[j]) == kind:
            j += 1
        folded = fold(text[i:j])
        if kind == 2:  # symbol letters: one word of their letters ("(k)(e)(n)" is "ken")
            folded = "".join(ch for ch in folded if "a" <= ch <= "z")
        runs = _runs(folded)
        if digits:
            tokens = _alnum_runs(folded)
            if tokens:
                out.append((i, j, runs, tokens))
        elif runs:
            out.append((i, j, runs))
        i = j
    return out


def name_words(text: str) -> list[str]:
    """The words of a name (or id) that must not survive redaction: folded, three letters or more."""
    return [r for _, _, runs in words(text) for r in runs if len(r) >= MIN_WORD]


# a source that points somewhere: a web address, an e-mail address, a DOI or URN, a Wikidata item. On a
# person's link it can say who the person is without a word of the name (".../wiki/Q34211#P39" is Yasser
# Arafat's item), so a redacted file leaves it out there. Also a Wikidata item of any case or length named as
# one ("Wikidata Q76"; "q34211"), a bare DOI ("10.1093/ref:odnb/31231") and an ORCID id (found by a second
# reader: they stood)
_POINTER = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://|\bwww\.|\b[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}/|[\w.+-]+@[\w-]+\.\w"
                      r"|\b(?:doi|urn|mailto):|\b[Qq]\d{3,}\b|\bwikidata\b\W{0,20}(?:item\W{0,5})?[Qq]\d+\b"
                      r"|\b10\.\d{4,9}/\S|\borcid\b|\b\d{4}-\d{4}-\d{4}-\d{3}[\dXx]\b", re.IGNORECASE)


def points_somewhere(source: str | None) -> bool:
    """Whether ``source`` is or holds a link, an address or an item id (not a citation in words).

    >>> [points_somewhere(s) for s in ("https://www.wikidata.org/wiki/Q34211#P39", "wikidata.org/wiki/x", "Q34211",
    ...  "x@pflp.ps", "Beilin, Touching Peace (1999)", "Q3 report", "Interview, 2001")]
    [True, True, True, True, False, False, False]
    >>> [points_somewhere(s) for s in ("Wikidata Q76 (P39)", "q34211", "10.1093/ref:odnb/31231",
    ...  "ORCID 0000-0002-1825-0097", "0000-0002-1825-009X", "Q4 2001 figures, p. 10.5", "Section 10.2/3")]
    [True, True, True, True, True, False, False]
    """
    return bool(source) and _POINTER.search(source) is not None  # type: ignore[arg-type]


def pseudonym(actor_id: str, salt: str) -> str:
    """``P-dddd-dddd-dddd``: stable for one salt, unguessable without it, no letters to spell a name.

    >>> pseudonym("shimon-peres", "salt") == pseudonym("shimon-peres", "salt")
    True
    >>> pseudonym("shimon-peres", "salt") != pseudonym("shimon-peres", "other salt")
    True
    """
    digest = hmac.new(salt.encode(), actor_id.encode(), hashlib.sha256).digest()
    code = f"{int.from_bytes(digest[:8], 'big') % 10**12:012d}"
    return f"P-{code[:4]}-{code[4:8]}-{code[8:]}"


def store_salt(store: GraphStore) -> str:
    """The store's pseudonym salt, created atomically on first use: when two processes create
    it at once, the store keeps the first and both use it (``GraphStore.set_meta_once``)."""
    salt = store.get_meta(SALT_SETTING) or getattr(store, "salt_for_this_run", None)  # (a read-only store's)
    if salt:
        return salt
    return store.set_meta_once(SALT_SETTING, secrets.token_hex(16))


class Redactor:
    """Rewrites text so that no person of ``people`` (id -> names and aliases) can be read in it.

    Counts what it rewrote and left out per field (:attr:`rewritten`, :attr:`dropped`),
    for the command to say.
    """

    def __init__(self, people: dict[str, list[str]], salt: str,
                 organizations: Iterable[tuple[str, list[str]]] = (), *, absent: Iterable[str] = (),
                 public_names: Iterable[str] = (), unreadable: bool | str = False,
                 public_bodies: Iterable[list[str]] = ()) -> None:
        # unreadable: a word in a script whose names folding cannot compare (Arabic and Hebrew, written
        # without their vowels and with words glued on; Chinese, Korean; letters of other scripts inside a
        # Latin word) is written […] whole: a name in it could not be told from any other word
        # "names": only the words that could hold a hidden name: those mixing a readable script with
        # another ("Pսndak", an Armenian ս), and those holding a hidden name's word of such a script
        # ("ولقريع", "and to Qurei", a prefix glued on); what an export without --redact does, where the
        # people left out are few and a blanket rule would blank every Arabic word of every note
        self.unreadable = unreadable
        # people not in the file (left out) are written […]: their pseudonym would say that someone
        # hidden is named here, and tie this file to any other that shows them
        gone = set(absent)
        self.ids = {pid: WITHHELD if pid in gone else pseudonym(pid, salt) for pid in people}
        self.owners: dict[str, set[str]] = {}  # name word -> the people it can mean
        phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}  # first run -> (runs, person)
        # organizations and events (confidential ones left out of a map or an export) are rewritten where
        # their whole name, an alias or the id stands, as "[…]": their words are common ones ("the", "front",
        # "ministry"). Each under a key of its own: an event's id may be a person's too.
        bodies = {f"\x00{i}": [oid, *names] for i, (oid, names) in enumerate(organizations)}
        for key in bodies:
            self.ids[key] = WITHHELD
        # (a body left out may be a restricted one, with --public-only: a second reader)
        self.named = "a person or a body left out" if bodies else "a person"
        # names holding digits are also matched whole with their digits ("Unit 8200", "C7", "oslo-1993"):
        # their letters alone are a common word, or a letter
        numbered: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self._small_given: set[tuple[str, ...]] = set()  # names given in small letters ("de Klerk", "bell hooks")
        self._id_digits: set[str] = set()  # the digits of five or more of ids, without leading zeros
        self.joined: dict[str, set[str]] = defaultdict(set)  # a person's whole name run together -> who
        # a word only another spelling of a name gives (the one vowel of its ue/oe/ae/aa, its pieces joined
        # across an ayn or hamza) that is short or a word of text ("sad" of Saad, "man" of Maan, "said" of
        # Saʿīd): matched alone only in a word written with a letter or mark it reads ("Rød", "Åse", "Saʿd"),
        # not in ordinary text (a second reader: "a sad war; the man ... who said no" was withheld)
        self._marked: dict[str, set[str]] = {}
        self._joined_bodies: dict[str, set[str]] = {}  # a hidden body's name run together, of 7 letters or more
        for pid, names in [*people.items(), *bodies.items()]:
            whole_only = pid not in people
            given = {*names} if pid in bodies else {pid, *names}
            # what tells an id apart, alone: a piece of five characters or more with a digit ("X7731942"
            # of pass-X7731942, "48213" of informant-48213), and its digits of five or more
            for piece in _alnum_runs(fold(names[0] if pid in bodies else pid)):
                if len(piece) >= 5 and any(c.isdigit() for c in piece):
                    for form in {(piece,), tuple(re.findall(r"[a-z]+|[0-9]+", piece)),
                                 *((d,) for d in re.findall(r"[0-9]{5,}", piece))}:
                        numbered.setdefault(form[0], []).append((form, pid))
                    self._id_digits.update(d.lstrip("0") for d in re.findall(r"[0-9]{5,}", piece))
            # (each also without the marks that split a word of it: "Maʿṣūm" is matched as Masum too)
            name_forms = {u for g in names for v in spellings(g) for u in (v, _unmarked(v))}
            # (a name or alias written as the id is a name: "4711" both, its number withheld from three digits on,
            # a second reader)
            id_forms = set() if pid in bodies else {u for v in spellings(pid) for u in (v, _unmarked(v))} - name_forms
            as_given = {r for g in given for _, _, rs in words(g) for r in rs}  # (the words of no other spelling)
            for n in name_forms | id_forms:
                tokens = tuple(t for _, _, _, ts in words(n, digits=True) for t in ts)
                runs = tuple(r for _, _, rs in words(n) for r in rs)
                if any(c.isdigit() for c in n) and tokens:
                    joined = "".join(tokens)
                    # digits alone: a body's from five on (a year is not a name: "oslo-1993"); a person's from three
                    # on, as the whole name or a word of it ("1234", the "4711" of "Source 4711": a codename is the
                    # number that names them, and a year is blanked only where someone is so named; an adversary)
                    if len(joined) >= ((5 if whole_only or n in id_forms else 3) if joined.isdigit() else 2):
                        # as written, run together ("Unit8200") and apart ("C-7" for "C7")
                        for form in {tokens, (joined,), tuple(re.findall(r"[a-z]+|[0-9]+", joined))}:
                            numbered.setdefault(form[0], []).append((form, pid))
                    if not whole_only and n not in id_forms:  # (an id's digits: from five on, as before)
                        for t in tokens:
                            if t.isdigit() and len(t) >= 3:
                                numbered.setdefault(t, []).append(((t,), pid))
                if not runs or (len(runs) == 1 and len(runs[0]) < (MIN_WORD if whole_only else 2)):
                    continue  # a one-letter name cannot be told from any other letter (nor "ON" from "on")
                if whole_only and len(runs) == 1 and any(c.isdigit() for c in n):
                    continue  # "oslo-1993", "Unit 8200": without its digits, a common word is left
                if (not whole_only and len(runs) == 1 and runs[0] not in as_given
                        and (len(runs[0]) <= MIN_WORD or runs[0] in _COMMON_VARIANTS)):
                    if len(runs[0]) >= MIN_WORD:  # a one-word name's other spelling: as its word ("rod" of roed)
                        self._marked.setdefault(runs[0], set()).add(pid)
                    continue
                phrases.setdefault(runs[0], []).append((runs, pid))
                # a name so given: "de Klerk" (not an id, nor its other spellings: "rod" for roed, a second reader)
                if n not in id_forms and next((c for c in n if c.isalpha()), "A").islower():
                    self._small_given.add(runs)
                if whole_only:
                    if len(runs) >= 2 and len("".join(runs)) >= 6:  # a body's name run together ("blacksun.org")
                        self.joined["".join(runs)].add(pid)
                        # and inside a longer word ("theblackfox.org", "@nightarmyhq"): a name of two words or more
                        # besides "the", of eight letters or more ("Net Work" is in "networking", a second reader)
                        if len("".join(runs)) >= 8 and len([r for r in runs if r != "the"]) > 1:
                            self._joined_bodies.setdefault("".join(runs), set()).add(pid)
                    continue
                if len(runs) == 2:  # a name of two words, in the other order too ("Na Li" for "Li Na")
                    phrases.setdefault(runs[1], []).append(((runs[1], runs[0]), pid))
                if len(runs) >= 2:  # and run together ("boblee@forum.org"), either way for two words
                    self.joined["".join(runs)].add(pid)
                    self.joined["".join(reversed(runs))].add(pid) if len(runs) == 2 else None
                # and two or three words of it side by side run together, when each is too short to be found
                # inside another word ("BENALI", "www.benali.tn" for Zine El Abidine Ben Ali; an adversary)
                for size in (2, 3):
                    for k in range(len(runs) - size + 1 if size < len(runs) else 0):
                        side = runs[k:k + size]
                        # (six letters or more, and not ending in a particle that belongs to the word after it:
                        # "banki" of Ban Ki-moon took the Russian "Банки", "anade" of Ana de Palacio the Spanish
                        # "añade", "hochi" of Ho Chi Minh "Hochi"; a second reader)
                        if (len("".join(side)) >= 6 and side[-1] not in _PARTICLES
                                and all(len(r) <= MIN_WORD or r in COMMON_WORDS for r in side)):
                            self.joined["".join(side)].add(pid)
                for k, r in enumerate(runs):
                    if len(r) >= MIN_WORD and not common_word(r, k == len(runs) - 1):
                        if r not in as_given and (len(r) <= MIN_WORD or r in _COMMON_VARIANTS):
                            self._marked.setdefault(r, set()).add(pid)
                        else:
                            self.owners.setdefault(r, set()).add(pid)
        # who each whole name can mean; for each first run, the lengths of the names it begins, longest
        # first ("yossi beilin" before "beilin"): a name is then found by a look-up for each length, not
        # by a scan of the thousands of names that begin alike
        self.phrase_owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self.firsts: dict[str, list[int]] = {}
        self.numbered_owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self.numbered_firsts: dict[str, list[int]] = {}
        for table, owners, firsts in ((phrases, self.phrase_owners, self.firsts),
                                      (numbered, self.numbered_owners, self.numbered_firsts)):
            for first, options in table.items():
                for ph, pid in options:
                    owners[ph].add(pid)
                firsts[first] = sorted({len(ph) for ph, _ in options}, reverse=True)  # the lengths, longest first
        self._lengths = sorted({len(w) for w in self.owners if len(w) > MIN_WORD})
        # a name word's consonants as they sound (_sounds_like), for a word in Cyrillic or Greek letters that
        # spells it another way: "Уитфилд" for Whitfield, "Джеймс" for James (a new user found them left whole)
        self._sounds: dict[str, set[str]] = defaultdict(set)  # as it sounds, or its consonants (three or more)
        # (in each of its readings: a "ch" as sh, k or h, "Chirac", "Christopher", "Brecht"; a "j" as y, "Juul")
        for w, who in self.owners.items():
            for reading in _readings(w):
                heard, bare = _sounds_like(reading)
                self._sounds["=" + heard] |= who
                if len(bare) >= SOUND_KEY:
                    self._sounds[bare] |= who
                elif len(bare) == SOUND_KEY - 1 and len(_vowels_as_one(heard)) > SOUND_KEY:
                    self._sounds["~" + _vowels_as_one(heard)] |= who  # "Ясир" for Yasser (not "мир" for Meir)
        # words of the names of bodies and parties (public_names) that are also words of a person's name
        # ("Israel" of Israel Hasson and the Government of Israel): a pseudonym there ("Government of
        # P-2785-...") would tell the word of the name it stands for, so such a word is written […]
        shared_text = " ".join(public_names)
        said = {r for _, _, rs in words(shared_text) for r in rs}
        # a name word that is one of theirs, or stands inside one ("Ford" of Oxford, "Eden" of Sweden)
        self._shared = {w for w in self.owners if w in said}
        for word in said:
            for size in self._lengths:
                if size >= len(word):
                    break
                self._shared.update(word[i:i + size] for i in range(len(word) - size + 1)
                                    if word[i:i + size] in self.owners)
        self._shared_tokens = {t for _, _, _, ts in words(shared_text, digits=True) for t in ts}
        self._cache: dict[str, set[str]] = {}
        self._span_cache: dict[str, list[tuple[int, int, str]]] = {}
        self.rewritten: Counter[str] = Counter()  # distinct texts per field
        self.dropped: Counter[str] = Counter()
        self.left_out: Counter[str] = Counter()  # texts left out whatever they say (a person's description)
        self._seen: set[tuple[str, str]] = set()
        # the whole names and aliases, in a script names cannot be compared in, of the bodies and parties the
        # file keeps (``public_bodies``: each body's names together): "حركة حماس" stays where it stands whole.
        # Not its words one by one, and none of a body's names when one of them names a person (the Yasser
        # Arafat Foundation's Arabic name spells his)
        # Nor when a word of one, read as Latin consonants, has the consonants of a person's name word (three or
        # more): "مؤسسة ياسر عرفات" for a Yasser Arafat given in Latin letters only (an adversary)
        # Only a surname's consonants, or two words' of one person, count (found by a second reader: Salam ~
        # الإسلامية, Israel ~ ישראל, given names, took Hamas's name and the Government of Israel's); and no word of
        # _SEMITIC_COMMON (Sarid ~ משרד, a ministry)
        self._consonants: dict[str, set[tuple[str, str, bool]]] = defaultdict(set)  # key -> (who, word, surname)
        for pid, names in people.items():
            for n in {pid, *names}:
                name_runs = [r for _, _, rs in words(_unmarked(n)) for r in rs if r not in COMMON_WORDS]
                for k, r in enumerate(name_runs):
                    # (two consonants count only beside another word of the name: "سلام فياض" for Salam Fayyad)
                    for c in _consonant_keys(r):
                        if len(c) >= SOUND_KEY - 1:
                            self._consonants[c].add((pid, r, k == len(name_runs) - 1 and len(c) >= SOUND_KEY))
        self._exempt = sorted({n for names in public_bodies
                               if not any(self._spans_in(x) or self._spells_a_name(x) for x in names)
                               for n in names if any(_unreadable_letter(c) for c in n)}, key=len, reverse=True)
        self._hidden_names: _HiddenNames | None = None
        if unreadable == "names":
            self._hidden_names = _HiddenNames([n for names in people.values() for n in names],
                                              [n for names in bodies.values() for n in names[1:]])

    def pseudonym(self, person_id: str) -> str:
        return self.ids[person_id]

    def _spells_a_name(self, text: str) -> bool:
        """Whether a word of ``text`` in Arabic or Hebrew letters, read as Latin consonants (with a prefix
        glued on or not), has the consonants of a person's name word (:func:`_semitic_keys`)."""
        if not self._consonants:
            return False
        found = [(pid, w, last) for i, j, _ in words(text) for k in _semitic_keys(text[i:j])
                 for pid, w, last in self._consonants.get(k, ())]
        if any(last for _, _, last in found):
            return True
        words_of: dict[str, set[str]] = defaultdict(set)
        for pid, w, _last in found:
            words_of[pid].add(w)
        return any(len(ws) >= 2 and any(len(c) >= SOUND_KEY for w in ws for c in _consonant_keys(w))
                   for ws in words_of.values())

    def withhold(self, person_ids: Iterable[str]) -> None:
        """Write these people […] from now on, not as their pseudonyms: they are not in the file."""
        for pid in person_ids:
            if pid in self.ids:
                self.ids[pid] = WITHHELD
        self._span_cache.clear()

    def _hits(self, run: str) -> set[str]:
        """The people a letter run names: equal to a name word (or to one and a plural or possessive s),
        or holding one of four letters or more."""
        cached = self._cache.get(run)
        if cached is not None:
            return cached
        found = set(self.owners.get(run, ())) | self.joined.get(run, set())
        for plain in singulars(run):  # "Bobs", "Zebs": a short name word with a plural or possessive s
            found |= self.owners.get(plain, set()) | self.joined.get(plain, set())  # ("BlackTigers")
        for joined, bodies in self._joined_bodies.items():  # (an adversarial reader: "www.theblackfox.org")
            if len(joined) < len(run) and joined in run:
                found |= bodies
        for n in self._lengths:
            if n > len(run):
                break
            for i in range(len(run) - n + 1):
                who = self.owners.get(run[i:i + n])
                if who:
                    found |= who
        if len(self._cache) < 500_000:
            self._cache[run] = found
        return found

    def _replacement(self, who: set[str]) -> str:
        """What stands for a name that can mean ``who``: a pseudonym for one person in the file,
        else […]."""
        return self.ids[next(iter(who))] if len(who) == 1 else WITHHELD

    def _spans(self, text: str) -> list[tuple[int, int, str]]:
        """Where ``text`` names a person, and what to put there: a whole name, alias or id (folded)
        is replaced by that person's pseudonym; a word holding a name word takes the whole word."""
        cached = self._span_cache.get(text)
        if cached is None:
            cached = self._find_spans(text)
            if len(self._span_cache) < 300_000:  # a map repeats its texts ("kind", "public", dates)
                self._span_cache[text] = cached
        return cached

    def _find_spans(self, text: str) -> list[tuple[int, int, str]]:
        spans = self._spans_in(text)
        if self._sounds and not text.isascii():
            spans = self._sound_spans(text, spans)
        if self.unreadable and not text.isascii():
            spans = _with_unreadable(text, spans, self._exempt, self._hidden_names)
        if self.unreadable is True and not text.isascii():  # (--redact: Braille, turned letters)
            spans = _with_turned(text, spans)
        if "P-" in text:  # a pseudonym this file writes is not a name ("p0042" is not "P-0042-...")
            issued = set(self.ids.values()) - {WITHHELD}
            codes: list[tuple[int, int]] = []
            foreign: list[tuple[int, int]] = []
            for m in PSEUDONYM.finditer(text):
                (codes if m.group() in issued else foreign).append(m.span())
            kept = []
            for start, end, repl in spans:
                for a, b in codes:  # what follows a pseudonym in the same word is still read ("...9012Qurei")
                    if a < end and start < b:
                        start = max(start, b)
                if start < end:
                    kept.append((start, end, repl))
            # one shaped like a pseudonym that this file does not write: an id of this store (written as its
            # pseudonym, found above), or a code from another store's redacted file, which would tie the two
            # files together
            kept += [(a, b, WITHHELD) for a, b in foreign if not any(x < b and a < y for x, y, _r in kept)]
            spans = sorted(kept)
        if self._survives(_apply(text, spans)):  # written otherwise, a name is still there: all of it goes
            return [(0, len(text), WITHHELD)]
        return spans

    def _sound_spans(self, text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """``spans``, and the words in Cyrillic or Greek letters that sound like a name word (:func:`_sounds_like`:
        alike, or with the same consonants, three or more), written […] whole: another spelling of the name,
        or a word that sounds like it (the safe side)."""
        added = []
        for start, end, runs in words(text):
            if any(a < end and start < b for a, b, _ in spans):
                continue
            if self._sounds_named(text[start:end], runs):
                added.append((start, end, WITHHELD))
        return sorted(spans + added) if added else spans

    def _sounds_named(self, word: str, runs: list[str] | None = None, strict: bool = False) -> bool:
        """Whether ``word``, in Cyrillic or Greek letters, sounds like a name word (see :meth:`_sound_spans`);
        ``strict``: spelt alike only (words joined: by their consonants alone, ordinary text would match)."""
        script = _sound_script(word)
        if script is None or not self._sounds:
            return False
        # a Russian word also without its case ending ("Ясиром", "с Джеймсом Бейкером")
        forms = _cyrillic_forms(word) if script == "CYRILLIC" else ["".join(runs or _runs(fold(word)))]
        for form in forms:
            # (Greek ντ is a d, and an nt too: Κλίντον is Clinton)
            for greek in ((True, False) if script == "GREEK" else (False,)):
                heard, bare = _sounds_like(form, greek=greek)
                if "=" + heard in self._sounds or not strict and (
                        bare in self._sounds or "~" + _vowels_as_one(heard) in self._sounds):
                    return True
        return False

    def _survives(self, text: str) -> bool:
        """Whether ``text`` (already rewritten) still names someone when read as a person would read it:
        percent-encoded (a link: ``Bj%C3%B8rn``), a word broken at the line's end or by a dot
        (``Hirsch- feld``), words run together in capitals (``#FreeBob``), digits grouped
        (``Unit 8,200``) or with leading zeros, or a name word split in two (``Hirsch feld``)."""
        if "P-" in text:
            text = PSEUDONYM.sub(" ", text)
        decoded = html.unescape(text) if "&" in text else text  # (&#x51;urei)
        if "\\" in decoded:  # (\u0051urei, Q\x75rei, \u{51}urei)
            decoded = _ESCAPED.sub(_unescaped, decoded)
        # a percent sign, or a %XX escape, inside a word, as other punctuation there: "Hirsch%feld" (an adversary)
        percent = [decoded.replace("%", ""), _PERCENT_ESCAPE.sub("", decoded)] if "%" in decoded else []
        if "%" in decoded or "+" in decoded:  # (N%2561ssar, encoded again and again; %u0075 as old browsers wrote it)
            decoded = _PERCENT_U.sub(lambda m: chr(int(m.group(1), 16)), decoded)
            for _ in range(6):
                again = unquote_plus(decoded)
                if again == decoded:
                    break
                decoded = again
        forms = [decoded, *percent] + [pattern.sub(by, decoded) for pattern, by in ((_INSIDE_WORD, ""), (_CAMEL, " "))]
        if "<" in decoded or "[" in decoded:
            forms.append(_TAG.sub("", decoded))
        if "\\" in decoded:  # (TeX, octal and CSS escapes)
            forms += [_TEX.sub(r"\1", decoded), _OCTAL.sub(lambda m: chr(int(m.group(1), 8)), decoded),
                      _CSS.sub(_unescaped, decoded)]
        if "=" in decoded:
            forms.append(_QUOTED_PRINTABLE.sub(lambda m: chr(int(m.group(1), 16)), decoded))
        if len(decoded) >= 8:  # (base64, as a browser's address bar or a decoder shows it)
            forms += _base64_texts(decoded)
        if "+" in text:  # (U+0041 U+0072 ...; before a link's "+" is read as a space)
            forms.append(_CODE_POINT.sub(_code_point, html.unescape(text)))
        if "\u202e" in decoded or "\u202b" in decoded or "\u2067" in decoded:  # as it shows: the runs reversed
            forms += [_RTL_RUN.sub(lambda m: m.group(1)[::-1], decoded), decoded[::-1]]
        if "xn--" in decoded.lower():  # a domain name as a browser shows it (xn--jrgen-mller-thbg: jürgen-müller)
            forms.append(_PUNYCODE.sub(_punycode, decoded))
        if any(c.isdigit() for c in decoded):
            forms += [_LEADING_ZEROS.sub("", _DIGIT_GROUPS.sub("", decoded)), _DIGITS_APART.sub("", decoded)]
            if self._id_digits and any(m.group(0).lstrip("0") in self._id_digits  # glued: x48213, ref048213
                                       for m in _DIGIT_RUN.finditer(_ascii_digits(decoded))):
                return True
        if not decoded.isascii():  # Cyrillic or Greek letters that look Latin (Реres, Ηirschfeld)
            forms.append(decoded.translate(_LOOK_ALIKE))
            if any("\U000e0020" <= c <= "\U000e007e" for c in decoded):  # invisible tag letters spell ASCII
                forms.append("".join(chr(ord(c) - 0xE0000) if "\U000e0020" <= c <= "\U000e007e" else c
                                     for c in decoded))
        if _LEET_WORD.search(decoded):  # digits and signs for letters (Cl1nton, 4r4f4t, C|inton)
            forms += [decoded.translate(_LEET), decoded.translate(_LEET_L),
                      decoded.translate(_LEET).replace("I", "l")]  # (a capital I for an l: CI1nton)
        if not decoded.isascii() and (_BRAILLE.search(decoded) or any(c in _UPSIDE_DOWN for c in decoded)):
            # Braille as the letters it spells (⠓⠊⠗⠎⠉⠓⠋⠑⠇⠙), a word upside down as it reads turned round (plǝɟɥɔsɹᴉH)
            forms.append(_BRAILLE.sub(lambda m: " " + anyascii(m.group(0)) + " ", decoded))
            forms += [_turned_round(decoded, back) for back in (True, False)]
        if _CAPITAL_I.search(decoded):  # a capital I that shows as an l inside a word (HirschfeId)
            forms.append(_CAPITAL_I.sub("l", decoded))
        # (and a Cyrillic or Greek word that sounds like a name, in each reading too: Шаат percent-encoded in a
        # link, Хирш-\nфельд broken at a line's end, #ШаатЛжёт run together, a second reader)
        if any(form != text and (self._spans_in(form) or self._sound_spans(form, [])) for form in forms):
            return True
        # a name word split by spaces ("Hirsch feld", "Qure i", "Hir sch feld", "Hirsch felds"): two to five
        # words side by side, unless every one is a short word of text ("in a" is not Ina; "a bed" may be Abed:
        # the safe side), or letters spelled out one by one
        return any(self._split_name(form) for form in dict.fromkeys(forms))

    def _split_name(self, text: str) -> bool:
        """Whether ``text`` holds a name word split by spaces into two to five words, or spelled out."""
        runs = [r for _, _, rs in words(text) for r in rs]
        for n in (2, 3, 4, 5):
            for i in range(len(runs) - n + 1):
                pieces = runs[i:i + n]
                if all(p in _TEXT_WORDS for p in pieces):
                    continue
                joined = "".join(pieces)
                if joined in self.owners or self.joined.get(joined) or any(x in self.owners for x in singulars(joined)):
                    return True
        # (in Cyrillic or Greek letters, the words as written: "Хирш фельд")
        ws = [text[a:b] for a, b, _ in words(text)]
        for n in (2, 3):
            for i in range(len(ws) - n + 1):
                joined = "".join(ws[i:i + n])
                if _sound_script(joined) and len(joined) > MIN_WORD and self._sounds_named(joined, strict=True):
                    return True
        letters = "".join(r if len(r) == 1 else " " for r in runs).split()  # "H i r s c h f e l d"
        spelled = "".join(t if len(t) == 1 else " " for t in ws).split()  # "Х.и.р.ш.ф.е.л.ь.д"
        return (any(len(w) > MIN_WORD and self._hits(w) for w in letters)
                or any(len(w) > MIN_WORD and self._sounds_named(w) for w in spelled))

    def _spans_in(self, text: str) -> list[tuple[int, int, str]]:
        ws = words(text, digits=bool(self.numbered_owners) and any(c.isdigit() for c in text))
        out = self._name_spans(ws, text)
        if not ws or len(ws[0]) < 4:  # (no name with digits, or no digit in the text)
            return out
        numbered = self._numbered_spans(ws)
        if not numbered:
            return out
        merged: list[tuple[int, int, str]] = []
        for span in sorted(numbered + out, key=lambda x: (x[0], -x[1])):
            if merged and span[0] < merged[-1][1]:  # overlapping: one span over both, withheld
                start, end, _ = merged.pop()
                span = (start, max(end, span[1]), WITHHELD)
            merged.append(span)
        return merged

    def _numbered_spans(self, ws: list[Any]) -> list[tuple[int, int, str]]:
        """Where the text of the words ``ws`` holds a whole name with digits, compared by its letters
        and digits."""
        flat: list[str] = []
        starts: dict[int, int] = {}  # position in flat of a word's first token -> the word
        ends: dict[int, int] = {}  # position in flat just past a word's last token -> the word
        for wi, (_, _, _, tokens) in enumerate(ws):
            starts[len(flat)] = wi
            flat.extend(tokens)
            ends[len(flat)] = wi
        out: list[tuple[int, int, str]] = []
        k = 0
        while k < len(flat):
            hit = None
            if k in starts:
                for n in self.numbered_firsts.get(flat[k], ()):
                    phrase = tuple(flat[k:k + n])
                    if k + n in ends and phrase in self.numbered_owners:
                        hit = (n, self._replacement(self.numbered_owners[phrase]))
                        break
            if hit is None:
                k += 1
                continue
            n, repl = hit
            if self._shared_tokens and all(t in self._shared_tokens for t in flat[k:k + n]):
                repl = WITHHELD  # (a party named "P0" and a person of id p0: the pseudonym would tell it)
            if n == 1 and flat[k].isdigit() and len(flat[k]) < 5:
                # a short number alone ("1993" of an alias "Agent 1993") is withheld, not the pseudonym: "founded in
                # P-7657..." told P-7657's codename (a second reader)
                repl = WITHHELD
            out.append((ws[starts[k]][0], ws[ends[k + n]][1], repl))
            k += n
        return out

    def _name_spans(self, ws: list[Any], text: str) -> list[tuple[int, int, str]]:
        ws = [w for w in ws if w[2]]  # words with letters ("8200" has none)
        flat: list[str] = []
        first = []
        for _, _, runs, *_tokens in ws:
            first.append(len(flat))
            flat.extend(runs)
        owner_of_run = [wi for wi, (_, _, runs, *_tokens) in enumerate(ws) for _ in runs]
        out: list[tuple[int, int, str]] = []
        wi = 0
        while wi < len(ws):
            who: set[str] = set()
            last = wi
            whole = False
            # a whole name may begin at any run of the word ("x2Black Sun", "alʻBlack Sun")
            for k in range(first[wi], first[wi] + len(ws[wi][2])):
                for n in self.firsts.get(flat[k], ()):
                    phrase = tuple(flat[k:k + n])
                    if len(phrase) != n:
                        continue
                    # and with a plural or possessive s on its last word ("two Black Tigers", "the Night
                    # Hawks struck": an adversarial reader found a hidden body's name read so)
                    # (-es and -ies only of a name of two words or more besides "the": "the parties" is no
                    # plural of a hidden "The Party", a second reader)
                    several = len([r for r in phrase if r != "the"]) > 1
                    for form in (phrase, *(phrase[:-1] + (one,) for one in singulars(phrase[-1], several))):
                        if form in self.phrase_owners:
                            who = self.phrase_owners[form]
                            last, whole = owner_of_run[k + n - 1], True
                            break
                    if whole:
                        break
                if whole:
                    break
            shared = False
            if whole:
                shared = bool(self._shared) and all(r in self._shared for r in phrase)
                # a whole name as a phrase of text: in small letters ("the bulldozer" of Sharon's alias), or
                # naming a place or a thing after the person ("Yitzhak Rabin Square", "Yasser Arafat
                # International Airport"): the pseudonym there would still say who it is
                shared = shared or _as_text(text, ws[wi][0], ws[last][1], phrase in self._small_given)
            else:  # (a whole name says whom it names: its words do not add others)
                runs = ws[wi][2]
                # one run's people as _hits keeps them (a common surname's thousands are not copied)
                who = self._hits(runs[0]) if len(runs) == 1 else set().union(*map(self._hits, runs))
                if len(runs) > 1 and not who:  # its pieces joined where a mark split them ("Maʿṣūm", "Илья")
                    joined = fold(text[ws[wi][0]:ws[wi][1]]).replace("'", "").replace("`", "")
                    who = set().union(*map(self._hits, _runs(joined)))
                if not who and self._marked and not text[ws[wi][0]:ws[wi][1]].isascii():  # ("Rød", "Saʿd")
                    joined = fold(text[ws[wi][0]:ws[wi][1]]).replace("'", "").replace("`", "")
                    who = {p for r in {*runs, *_runs(joined)} for x in (r, *singulars(r))
                           for p in self._marked.get(x, ())}
                # one word of a name, alone or inside a longer word ("Arafat", "Singer", "Across" for Ross,
                # "Bill of Rights"), is written […]: a pseudonym there would say which word of the name it stands
                # for, and the text around it may show that word an ordinary one. Only a whole name, alias or id
                # takes the pseudonym (a whole name run together, "mali" for Ma Li, is one word too)
                shared = True
            if who:
                out.append((ws[wi][0], ws[last][1], WITHHELD if shared else self._replacement(who)))
                wi = last + 1
            else:
                wi += 1
        return out

    def mentions(self, text: str | None) -> bool:
        """Whether ``text`` names a person (a word of their id, name or alias, folded)."""
        return bool(text) and bool(self._spans(text))  # type: ignore[arg-type]

    def text(self, value: str | None, field: str = "text") -> str:
        """``value`` with every mention of a person replaced by a pseudonym (or ``[…]``)."""
        if not value:
            return value or ""
        spans = self._spans(value)
        if not spans:
            return value
        if (field, value) not in self._seen:
            self._seen.add((field, value))
            self.rewritten[field] += 1
        return _apply(value, spans)

    def keep_or_drop(self, value: str | None, field: str) -> str:
        """``value`` if it names no person, else ``""`` (counted as left out): for sources and citations,
        where a pseudonym next to a book's title would still say who wrote it."""
        if value and self.mentions(value):
            if ("-" + field, value) not in self._seen:
                self._seen.add(("-" + field, value))
                self.dropped[field] += 1
            return ""
        return value or ""

    def names_given(self, text: str, names: dict[str, str]) -> str:
        """``text`` with each name of ``names`` (person id -> name) that the rewriting cannot read (a codename
        "K", "4711", a symbol) replaced by the person's pseudonym (or […]) where it stands whole: for text
        built of people's names, such as a map's channels note."""
        for pid, name in sorted(names.items(), key=lambda x: -len(x[1])):
            if name and name in text and self.text(name) == name:
                text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", self.ids[pid], text)
        return text

    def report(self) -> list[str]:
        """What was rewritten and left out, one line each, for the command to print."""
        def each(c: Counter[str]) -> str:
            return ", ".join(f"{n} {f}" for f, n in sorted(c.items()))
        out = []
        if self.rewritten:
            out.append(f"rewritten because they named {self.named}: {each(self.rewritten)}")
        if self.dropped:
            out.append(f"left out because they named {self.named}: {each(self.dropped)}")
        if self.left_out:
            out.append(f"left out whatever they said (they tell who someone is): {each(self.left_out)}")
        return out


# scripts whose letters fold to a reading that names can be compared in (with the look-alike table for
# Greek and Cyrillic; kana spell sounds, but クリントン reads "kurinton", no name a Latin one can be told in)
_READABLE_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC", "MODIFIER", "FULLWIDTH LATIN",
                     "MATHEMATICAL", "CIRCLED LATIN", "PARENTHESIZED LATIN", "SQUARED LATIN",
                     "NEGATIVE CIRCLED LATIN", "NEGATIVE SQUARED LATIN", "REGIONAL INDICATOR")


SOUND_KEY = 3  # the fewest consonants of a name word matched by its consonants alone (two match too many words)
_SOUND_PAIRS = (("sch", "s"), ("dzh", "j"), ("zh", "j"), ("dj", "j"), ("kh", "h"), ("ch", "c"), ("sh", "s"),
                ("ts", "s"), ("ph", "f"), ("th", "t"), ("ck", "k"), ("gh", "g"))
# (how Greek writes b, d, g, y; and its chi, a kh: "Χίρσφελντ" is Hirschfeld, whose sch it writes σ)
_GREEK_PAIRS = (("tz", "j"), ("mp", "b"), ("nt", "d"), ("gk", "g"), ("gg", "g"), ("gi", "i"), ("ch", "h"))
_SOUND_LETTERS = str.maketrans({"c": "k", "q": "k", "x": "ks", "z": "s", "y": "i", "w": "u", "h": ""})
_VOWELS = str.maketrans("", "", "aeiou")


def _sounds_like(word: str, greek: bool = False, letters: dict[int, str] | None = None) -> tuple[str, str]:
    """A folded word as it sounds (its letters in classes, doubles made one), and its consonants alone: the
    same for a name and its usual Cyrillic or Greek spellings.

    >>> [_sounds_like(w)[1] for w in ("whitfield", "uitfild", "james", "dzheyms", "mensah", "mensa")]
    ['tfld', 'tfld', 'jms', 'jms', 'mns', 'mns']
    >>> [_sounds_like(w)[0] for w in ("ruiz", "ruis", "ruth", "rut", "ayo", "aio")]
    ['ruis', 'ruis', 'rut', 'rut', 'aio', 'aio']
    >>> _sounds_like("mparre", greek=True) == _sounds_like("barre"), _sounds_like("agio", greek=True)[0]
    (True, 'aio')
    """
    for a, b in (_GREEK_PAIRS if greek else ()) + _SOUND_PAIRS:
        word = word.replace(a, b)
    word = word.translate(letters or _SOUND_LETTERS)
    form = "".join(c for i, c in enumerate(word) if i == 0 or c != word[i - 1])
    bare = form.translate(_VOWELS)
    return form, "".join(c for i, c in enumerate(bare) if i == 0 or c != bare[i - 1])


def _readings(word: str) -> set[str]:
    """The ways a folded name word may be read aloud, as Cyrillic and Greek write it: each "ch" (not of "sch",
    read as sh) as sh, k or h (Chirac is Ширак, Christopher Кристофер, Churchill Τσόρτσιλ, Brecht Брехт), and
    each "j" after the first letter also as y (Terje is Терье; an initial one is read in the Cyrillic word,
    :func:`_cyrillic_forms`), and a first "h" also as g (Hirschfeld is Гиршфельд, Herzog Герцог).

    >>> sorted(_readings("chirac")), sorted(_readings("terje")), sorted(_readings("fischer"))
    (['chirac', 'hirac', 'kirac', 'shirac'], ['terje', 'terye'], ['fischer'])
    >>> sorted(_readings("hirschfeld"))
    ['girschfeld', 'hirschfeld']
    """
    out = {word, "g" + word[1:]} if word[:1] == "h" and word[1:2] not in ("", "h") else {word}
    if "ch" in word:
        out |= {w.replace("sch", "\0").replace("ch", by).replace("\0", "sch") for w in out for by in ("sh", "k", "h")}
    if "j" in word[1:]:
        out |= {w[0] + w[1:].replace("j", "y") for w in out}
    if "w" in word:  # (a w Russian writes в: Вашингтон)
        out |= {w.replace("w", "v") for w in out}
    return out


# a Russian noun's case endings (a name takes them: "с Ясиром Арафатом", "Бейкера"), longest first
_CASE_ENDINGS = ("ами", "ями", "ому", "ему", "ого", "его", "ові", "еві", "ими", "ыми", "ой", "ей", "ою", "ею", "ом",
                 "ем", "ём", "ым", "им", "ам", "ям", "ах", "ях", "ов", "ев", "ую", "юю", "ий", "ый", "ая", "ое",
                 "ие", "ые", "их", "ых", "а", "я", "у", "ю", "е", "ы", "и", "і")
# ... and what makes an adjective of a name ("хиршфельдовский план", "Хиршфельдовы записи"), under that ending
_ADJECTIVE_SUFFIXES = ("овск", "евск", "инск", "ов", "ев", "ин")
_CYRILLIC_VOWELS = "аеёиоуыэюяьъй"


def _cyrillic_forms(word: str) -> list[str]:
    """A Cyrillic word folded (:func:`fold`, letters only) as it is, and without a case ending (a stem of three
    letters or more, also with a feminine ``а``: "Моной" is Мона), a ``ё`` after a consonant read as o and a
    soft sign before a vowel as y ("Рёд" is Rød, "Терье" Terje); one that begins with a y sound (й, ю, я, ё)
    also with a j (the J of Juul, Juncker, Jan: Юуль, Юнкер, Ян).

    >>> _cyrillic_forms("Ясиром"), _cyrillic_forms("Рёд"), _cyrillic_forms("Терье")[0], _cyrillic_forms("Юуль")
    (['yasirom', 'yasir', 'yasira', 'jasirom', 'jasir', 'jasira'], ['rod'], 'terie', ['yuul', 'juul'])
    >>> _cyrillic_forms("Йохан"), _cyrillic_forms("Ёрген")
    (['iokhan', 'jokhan'], ['iorgen', 'jorgen'])
    """
    low = word.lower()
    low = "йо" + low[1:] if low[:1] == "ё" else low
    low = "".join("о" if c == "ё" and k and low[k - 1] not in _CYRILLIC_VOWELS else
                  "й" if c in "ьъ" and low[k + 1:k + 2] in ("е", "ё", "ю", "я", "и") else c
                  for k, c in enumerate(low))
    forms = [low]

    def long_enough(stem: str) -> bool:  # (of three letters as Latin spells it: Яна, Яну, Яном are Jan's)
        return len("".join(_runs(fold(stem)))) >= MIN_WORD

    ending = next((e for e in _CASE_ENDINGS if low.endswith(e) and long_enough(low[:-len(e)])), None)
    if ending:
        stem = low[:-len(ending)]
        forms += [stem, stem + "а"]
        more = next((x for x in _ADJECTIVE_SUFFIXES if stem.endswith(x) and long_enough(stem[:-len(x)])), None)
        if more:
            forms.append(stem[:-len(more)])
    out = ["".join(_runs(fold(f))) for f in forms]
    return out + ["j" + f[1:] for f in out if f[:1] in ("y", "i")] if low[:1] in "йюя" else out


def _sound_script(word: str) -> str | None:
    """``CYRILLIC`` or ``GREEK`` for a word holding letters of that script (and none of the other), else None."""
    found = {s for c in word if not c.isascii() for s in ("GREEK", "CYRILLIC") if _script_of(c).startswith(s)}
    return found.pop() if len(found) == 1 else None


def _consonant_keys(word: str) -> set[str]:
    """A folded word's consonants as they sound (:func:`_sounds_like`), with v read as b and p as f (one letter
    each in Arabic and Hebrew): what a name word and its Arabic or Hebrew spelling share. Each of its readings:
    h and kh dropped (as the sound-alike reading drops them) and kept (Zahar is الزهار, Khamenei خامنه‌ای); a "ch"
    as k and as s (Smotrich is סמוטריץ'); a w as a vowel and as a consonant (Ashrawi is عشراوي).

    >>> sorted(_consonant_keys("arafat")), sorted(_consonant_keys("peres")), sorted(_consonant_keys("rabin"))
    (['rft'], ['frs'], ['rbn'])
    >>> sorted(_consonant_keys("zahar")), sorted(_consonant_keys("smotrich")), sorted(_consonant_keys("ashrawi"))
    (['shr', 'sr'], ['smtrk', 'smtrs'], ['sr', 'srw'])
    >>> sorted(_consonant_keys("herzog")), sorted(_consonant_keys("weizmann")), sorted(_consonant_keys("weitzman"))
    (['hrsg', 'rsg'], ['smn', 'wsmn'], ['smn', 'wsmn'])
    """
    word = word.replace("tz", "z")
    readings = {word, word.replace("sch", "\0").replace("ch", "s").replace("\0", "sch")} if "ch" in word else {word}
    return {_sounds_like(r, letters=table)[1].translate(_B_F) for r in readings
            for table in (_SOUND_LETTERS, _SOUND_LETTERS_H, _SOUND_LETTERS_W)}


_B_F = str.maketrans("vp", "bf")
_SOUND_LETTERS_H = {**_SOUND_LETTERS, ord("h"): "h"}  # (h kept)
_SOUND_LETTERS_W = {**_SOUND_LETTERS_H, ord("w"): "w"}  # (h and w kept)
# Arabic and Hebrew letters as the consonants (:func:`_consonant_keys`) of a Latin spelling of a name (their
# vowels unwritten, ayin and hamza not written at all): "عرفات" reads "rft", "פרס" "frs"; each letter alone (a
# ز then ه is no "zh"); צ as s, which Latin tz, z and s read alike ("הרצוג" is Herzog, "ויצמן" Weizmann, a second
# reader found them kept); h and w as below; ج also as g ("جمال" is Egyptian Gamal as well as Jamal)
_SEMITIC = str.maketrans({
    "ا": "", "أ": "", "إ": "", "آ": "", "ٱ": "", "ء": "", "ؤ": "", "ئ": "", "ب": "b", "ت": "t", "ث": "t",
    "ج": "j", "ح": "h", "خ": "h", "د": "d", "ذ": "d", "ر": "r", "ز": "s", "س": "s", "ش": "s", "ص": "s", "ض": "d",
    "ط": "t", "ظ": "s", "ع": "", "غ": "g", "ف": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
    "ة": "", "و": "w", "ي": "", "ى": "", "پ": "f", "چ": "k", "ژ": "j", "ڤ": "b", "گ": "g", "ک": "k", "ی": "",
    "א": "", "ב": "b", "ג": "g", "ד": "d", "ה": "h", "ו": "w", "ז": "s", "ח": "h", "ט": "t", "י": "", "כ": "k",
    "ך": "k", "ל": "l", "מ": "m", "ם": "m", "נ": "n", "ן": "n", "ס": "s", "ע": "", "פ": "f", "ף": "f", "צ": "s",
    "ץ": "s", "ק": "k", "ר": "r", "ש": "s", "ת": "t"})
# common words of bodies' names, never read as a name's consonants (with their prefixes taken off as above)
_SEMITIC_COMMON = frozenset({
    "حركة", "مقاومة", "المقاومة", "إسلامية", "الإسلامية", "اسلامية", "الاسلامية", "إسلامي", "الإسلامي", "اسلامي",
    "الاسلامي", "إسلام", "الإسلام", "اسلام", "الاسلام", "جبهة", "الجبهة", "منظمة", "تحرير", "التحرير",
    "فلسطين", "الفلسطينية", "وزارة", "الوطنية", "الشعبية", "الديمقراطية", "حزب", "مجلس", "المجلس", "الحكومة", "حكومة",
    "ישראל", "משרד", "ממשלת", "ממשלה", "הממשלה", "מדינת", "החוץ", "הביטחון", "הכנסת", "כנסת",
    "מפלגת", "מרכז", "מכון", "עמותת", "ארגון", "צבא", "לישראל", "הישראלי", "הישראלית"})
# letters glued on before an Arabic word (and, or, with, to, as; the article) and a Hebrew one (and, the, in,
# to, that, as, from)
_ARABIC_PREFIXES = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
_HEBREW_PREFIXES = "והבלשכמ"


def _dedupe(letters: str) -> str:
    return "".join(c for i, c in enumerate(letters) if i == 0 or c != letters[i - 1])


def _semitic_keys(word: str) -> set[str]:
    """The consonant keys (:func:`_consonant_keys`) an Arabic or Hebrew word may stand for: as written, and
    without a prefix glued on (an Arabic one, or up to three Hebrew letters); each with its h (ح خ ه, ח ה) kept,
    without a last ه or ה (a vowel: خامنه‌ای), and without any; its و or ו as w and as a vowel; none for another word.

    >>> sorted(_semitic_keys("وعرفات")), sorted(_semitic_keys("פרס")), _semitic_keys("Arafat")
    (['rft', 'wrft'], ['frs'], set())
    >>> sorted(_semitic_keys("הרצוג")), sorted(_semitic_keys("جمال"))
    (['hrsg', 'hrswg', 'rsg', 'rswg'], ['gml', 'jml'])
    >>> sorted(_semitic_keys("خامنه\u200cای")), sorted(_semitic_keys("الزهار")), sorted(_semitic_keys("عشراوي"))
    (['hmn', 'hmnh', 'mn'], ['lshr', 'lsr', 'shr', 'sr'], ['sr', 'srw'])
    """
    bare = "".join(c for c in unicodedata.normalize("NFKD", word) if unicodedata.category(c)[0] == "L")
    if not bare or not all("\u0600" <= c <= "\u06ff" or "\u05d0" <= c <= "\u05ea" for c in bare):
        return set()
    forms = {bare} | {bare[len(p):] for p in _ARABIC_PREFIXES if bare.startswith(p) and len(bare) - len(p) >= 3}
    # (a Hebrew prefix only where four letters or more are left: "משרד", a ministry, is no "מ" + Sarid)
    forms |= {bare[k:] for k in (1, 2, 3) if len(bare) - k >= 4 and all(c in _HEBREW_PREFIXES for c in bare[:k])}
    forms = {f for f in forms if f not in _SEMITIC_COMMON}
    out = set()
    for f in forms:
        for read in {f.translate(_SEMITIC), f.replace("ج", "g").translate(_SEMITIC)}:
            for w in (read, read.replace("w", "")):
                w = _dedupe(w)
                out |= {_dedupe(x) for x in (w, w[:-1] if w.endswith("h") else w, w.replace("h", ""))}
    return {k for k in out if k}


@lru_cache(maxsize=8192)
def _unreadable_letter(c: str) -> bool:
    """Whether ``c`` is a letter of a script that names cannot be compared in (:class:`Redactor`)."""
    if unicodedata.category(c)[0] != "L":
        return False
    base = unicodedata.normalize("NFKD", c)[:1] or c
    name = unicodedata.name(base, "")
    return not name.startswith(_READABLE_SCRIPTS)


# scripts whose words are glued to Latin ones in ordinary text ("在Oslo举行", "NHKニュース"): such a word is no
# look-alike trick (a Latin word holding an Armenian ս is)
_GLUED_TO_LATIN = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "HALFWIDTH", "IDEOGRAPHIC", "ARABIC", "HEBREW", "THAI",
                   "DEVANAGARI", "BENGALI", "TAMIL", "TELUGU", "KANNADA", "MALAYALAM", "GUJARATI", "GURMUKHI",
                   "ETHIOPIC", "KHMER", "LAO", "MYANMAR", "TIBETAN", "SYRIAC", "THAANA", "SINHALA", "BOPOMOFO")
# scripts written without spaces between words, where a name stands inside a longer run ("エリさんは")
_UNSPACED = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "HALFWIDTH", "IDEOGRAPHIC", "THAI", "KHMER", "LAO", "MYANMAR")


def _vowels_as_one(heard: str) -> str:
    """A word as it sounds (:func:`_sounds_like`) with every run of vowels one mark: the same for "iaser"
    (Yasser) and "iasir" (Ясир), whose two consonants alone would match too many words. A name word is
    matched so only when this has four marks or more: "m.r" (Meir) would take "мир", peace.

    >>> _vowels_as_one("iaser"), _vowels_as_one("iasir"), _vowels_as_one("sara")
    ('.s.r', '.s.r', 's.r.')
    """
    marked = heard.translate(_VOWEL_MARK)
    return "".join(c for i, c in enumerate(marked) if i == 0 or c != "." or marked[i - 1] != ".")


_VOWEL_MARK = str.maketrans("aeiou", ".....")


@lru_cache(maxsize=8192)
def _script_of(c: str) -> str:
    """The Unicode name of ``c``, which begins with its script ("CYRILLIC SMALL LETTER A")."""
    return unicodedata.name(c, "")


class _HiddenNames:
    """What words in a script names cannot be compared in may hold a hidden actor's name, in a file made
    without --redact (:func:`_with_unreadable`): a person's name word in that script with a prefix of up to
    three letters glued on (Arabic و ل ب ال, Hebrew ו ה ב ל ש כ); a body's or event's whole name so, its
    first word with such a prefix ("وكتائب القسام"); in a script without spaces, the name anywhere in the
    run ("エリさんは"). Found by adversarial readers, both ways: names missed, and public words taken
    ("عليه", "upon him", for a hidden "علي")."""

    def __init__(self, people: list[str], bodies: list[str]) -> None:
        def script_words(text: str) -> list[str]:
            return [text[i:j] for i, j, *_ in words(text)]

        def unreadable(word: str) -> bool:
            return any(_unreadable_letter(c) for c in word)

        def unspaced(word: str) -> bool:
            return any(_unreadable_letter(c) and _script_of(c).startswith(_UNSPACED) for c in word)

        # a person's name words; a body's whole name, its words run together (its words alone are common ones:
        # "日本" of a hidden "日本 赤軍" took every sentence about Japan, a second reader)
        self.unspaced = sorted({w for n in people for w in script_words(n) if len(w) >= 2 and unspaced(w)}
                               | {"".join(script_words(n)) for n in bodies
                                  if any(unspaced(w) for w in script_words(n))})
        # (each folded, and without a Hebrew article ה, which a prefix ב ל כ swallows: "לבית" for "ל" + "הבית")
        self.words = sorted({self.forms(w) for n in people for w in script_words(n)
                             if unreadable(w) and not unspaced(w) and len(fold(w)) >= 2})
        self.phrases = sorted({tuple(self.forms(w) for w in script_words(n)) for n in bodies
                               if script_words(n) and all(unreadable(w) and not unspaced(w) for w in script_words(n))})

    @staticmethod
    def forms(word: str) -> tuple[str, str]:
        """A name word folded, and folded without its Hebrew article (or "" when it has none)."""
        return fold(word), fold(word[1:]) if word[:1] == "\u05d4" and len(word) > 2 else ""

    @staticmethod
    def prefixed(word: str, name: tuple[str, str]) -> bool:
        """Whether ``word`` is the name ``name`` (:meth:`forms`) with at most three letters glued on before it."""
        whole, bare = name
        if fold(word) == whole:
            return True
        if len(whole) < 3:
            return False
        letters = 0
        for k, c in enumerate(word):
            if c.isalpha():
                letters += 1
                if letters > 3:
                    return False
                rest = fold(word[k + 1:])
                if rest == whole or (bare and rest == bare and c in "\u05d1\u05dc\u05db"):
                    return True
        return False

    def spans(self, text: str, ws: list[tuple[int, int]]) -> set[int]:
        """Which of the words ``ws`` of ``text`` (by index) may hold a hidden name."""
        out: set[int] = set()
        texts = [text[i:j] for i, j in ws]
        for k, word in enumerate(texts):
            if any(n in word for n in self.unspaced) or any(self.prefixed(word, n) for n in self.words):
                out.add(k)
            for phrase in self.phrases:
                if (k + len(phrase) <= len(texts) and self.prefixed(word, phrase[0])
                        and all(fold(texts[k + m]) == phrase[m][0] for m in range(1, len(phrase)))):
                    out.update(range(k, k + len(phrase)))
        return out


_BRAILLE = re.compile(r"[\u2801-\u28ff]+")  # (the blank U+2800 aside: it is read as a space inside a word)
# letters written upside down, as the letters they show turned round (ɐ is a, ɥ h, ʇ t; p is d and d p)
_UPSIDE_DOWN = {"ɐ": "a", "ɔ": "c", "ǝ": "e", "ɟ": "f", "ƃ": "g", "ɥ": "h", "ᴉ": "i", "ɾ": "j", "ʞ": "k", "ɯ": "m",
                "ɹ": "r", "ʇ": "t", "ʌ": "v", "ʍ": "w", "ʎ": "y", "∀": "A", "Ɔ": "C", "Ǝ": "E", "Ⅎ": "F", "⅁": "G",
                "ſ": "J", "ꓘ": "K", "˥": "L", "Ԁ": "P", "ᴚ": "R", "ꓕ": "T", "⅄": "Y", "⊥": "T", "∩": "U"}
_TURNED_BACK = {**dict(zip("pdbqnu", "dpqbun", strict=True)), **_UPSIDE_DOWN}


def _turned_round(text: str, back: bool) -> str:
    """``text`` with each word that holds a letter written upside down as it reads turned round: its letters
    in the other order (``back``), or in the same, each as the letter it shows turned ("plǝɟɥɔsɹᴉH" ->
    "Hirschfeld").

    >>> _turned_round("see plǝɟɥɔsɹᴉH notes", True)
    'see Hirschfeld notes'
    """
    def turn(word: str) -> str:
        if not any(c in _UPSIDE_DOWN for c in word):
            return word
        return "".join(_TURNED_BACK.get(c, c) for c in (reversed(word) if back else word))
    return re.sub(r"[^\s]+", lambda m: turn(m.group(0)), text)


def _turned_letter(c: str) -> bool:
    """Whether ``c`` is a Latin letter written turned or inverted (ǝ, ɥ, ᴉ, ɹ; ɟ, a turned f): no letter of a
    language's alphabet (the open ɔ of Akan, Greek Λ, are not).

    >>> [_turned_letter(c) for c in "ǝɥᴉɹɟʍ"], [_turned_letter(c) for c in "ɔƆΛəƏe"]
    ([True, True, True, True, True, True], [False, False, False, False, False, False])
    """
    return c == "ɟ" or (c.isalpha() and not c.isascii() and _script_of(c).startswith("LATIN")
                        and ("TURNED" in _script_of(c) or "INVERTED" in _script_of(c)))


def _with_turned(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``spans`` and, as […], each run of Braille and each word holding a letter written upside down: a name
    can be read in them that no other reading finds (grade 2 Braille, a name written turned another way)."""
    found = [m.span() for m in _BRAILLE.finditer(text)]
    found += [(i, j) for i, j, *_ in words(text) if any(_turned_letter(c) for c in text[i:j])]
    extra = [(i, j, WITHHELD) for i, j in found if not any(a < j and i < b for a, b, _ in spans)]
    return sorted(spans + extra) if extra else spans


def _with_unreadable(text: str, spans: list[tuple[int, int, str]],
                     exempt: list[str] = (),  # type: ignore[assignment]
                     only: _HiddenNames | None = None) -> list[tuple[int, int, str]]:
    """``spans`` and, as […], each other word of ``text`` that holds an unreadable letter, but those
    standing inside a whole name of ``exempt`` (bodies' and parties' names kept) written in the text.
    ``only``: of those words, the ones mixing a Latin letter with a look-alike's, or that may hold a hidden
    name (:class:`_HiddenNames`)."""
    ws = [(i, j) for i, j, *_ in words(text)]
    named = only.spans(text, ws) if only is not None else set()

    def suspect(k: int, word: str) -> bool:
        if not any(_unreadable_letter(c) for c in word):
            return False
        if only is None or k in named:
            return True
        return any(c.isalpha() and not _unreadable_letter(c) for c in word) and any(
            _unreadable_letter(c) and not _script_of(c).startswith(_GLUED_TO_LATIN) for c in word)

    unreadable = [(i, j) for k, (i, j) in enumerate(ws) if suspect(k, text[i:j])
                  and not any(a < j and i < b for a, b, _ in spans)]
    if not unreadable:
        return spans
    kept = []
    for name in exempt:  # (searched only in a text that holds such a word)
        at = text.find(name)
        while at >= 0:
            kept.append((at, at + len(name)))
            at = text.find(name, at + 1)
    extra = [(i, j, WITHHELD) for i, j in unreadable if not any(a <= i and j <= b for a, b in kept)]
    return sorted(spans + extra) if extra else spans


# what a place or a thing named after a person is called, before or after the name
_NAMED_AFTER = frozenset({"square", "street", "st", "avenue", "ave", "boulevard", "road", "rd", "lane", "bridge",
                          "airport", "memorial", "center", "centre", "rue", "place", "platz", "strasse", "kikar",
                          "stadium", "prize", "award", "foundation", "institute", "university", "school", "college",
                          "hospital", "library", "museum", "park", "hall", "chair", "fellowship", "scholarship",
                          "doctrine", "plan", "accords", "accord", "declaration", "commission", "report", "rally"})
# words of text that join names in a title ("Meeting Of Yasser Arafat And Uri Savir")
_JOINING = frozenset({"and", "of", "with", "the", "in", "at", "to", "for", "by", "on", "or", "a", "an", "vs"})


def _as_text(text: str, start: int, end: int, small_given: bool = False) -> bool:
    """Whether the whole name at ``text[start:end]`` reads as a phrase of text rather than as a name: its
    first letter small where letters have a case (unless it was given so: "de Klerk"), or naming a place or
    thing after the person: a word with a capital right after it ("Square"), or a word such as square,
    street, airport or memorial on either side ("Rue Yasser Arafat", "Rabin memorial rally")."""
    first = next((c for c in text[start:end] if c.isalpha()), "")
    if not small_given and first.islower() and first.upper() != first:
        return True
    after = re.match(r"([\s\u00a0]*-?[\s\u00a0]*)(\w+)", text[end:end + 60])
    before = re.search(r"(\w+)[\s\u00a0-]+$", text[max(0, start - 60):start])
    near = [w for w in (after.group(2) if after and after.group(1) else None, before and before.group(1)) if w]
    if any(w.casefold() in _NAMED_AFTER for w in near):
        return True
    # a capitalised word right after, but a joining word, or another name after a hyphen ("Hirschfeld-Qurei")
    spaced = after is not None and after.group(1) != "" and "-" not in after.group(1)
    return spaced and after.group(2)[:1].isupper() and after.group(2).casefold() not in _JOINING  # type: ignore[union-attr]


def _ascii_digits(text: str) -> str:
    """``text`` with every digit, of any script (٤٨٢١٣, ４８２１３), written as ASCII."""
    return "".join(str(unicodedata.decimal(c)) if c.isdigit() and not c.isascii() and unicodedata.decimal(c, None)
                   is not None else c for c in text)


def _apply(text: str, spans: list[tuple[int, int, str]]) -> str:
    """``text`` with each span replaced by its replacement."""
    if not spans:
        return text
    parts, pos = [], 0
    for start, end, repl in spans:
        parts.append(text[pos:start])
        parts.append(repl)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def singulars(run: str, phrase: bool = False) -> list[str]:
    """What ``run`` reads as without a plural or possessive ending (``bobs`` -> ``bob``); the last word
    of a name of several words (``phrase``) also without ``es`` and ``ies`` for ``y`` ("Black Foxes",
    "Night Armies").

    >>> singulars("bobs"), singulars("times"), singulars("ab"), singulars("armies", phrase=True)
    (['bob'], ['time'], [], ['armie', 'armi', 'army'])
    """
    out = []
    if run.endswith("s") and len(run) > MIN_WORD:
        out.append(run[:-1])  # (not "es" for one word: "Times" is no plural of Tim, "Danes" none of Dan)
        if phrase and run.endswith("es") and len(run) > MIN_WORD + 1:
            out.append(run[:-2])
            if run.endswith("ies"):
                out.append(run[:-3] + "y")
    return out


_NAME_WORD = re.compile(r"[^\W\d_]+")


def plain_words(text: str) -> tuple[str, ...]:
    """The words of ``text`` (letters only) without accents, in lower case: what an export's check that no word of
    a hidden name is left compares (:func:`holds_whole_name` reads names as :func:`fold` does)."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()
    return tuple(_NAME_WORD.findall(folded))


_ASCII_RUN = re.compile(r"[A-Za-z0-9]+")
_INNER_MARK = re.compile(r"(?<=[A-Za-z])['`\u2019](?=[A-Za-z])")
_PIECE = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")  # a run's pieces: "JaneDoe" -> Jane, Doe; "C7" -> C, 7


def _ascii(text: str) -> str:
    """``text`` as :func:`fold` reads it (accents, invisible characters, look-alikes and scripts folded into
    ASCII: "Wałęsa", "Ja\u00adne", "Иван", "王小明" -> "WangXiaoMing"), its letters' case kept."""
    # (and modifier letters: "Maʿṣūm" is Masum; the Arabic tatweel only lengthens a stroke; an apostrophe within
    # a word, "Fu'ad")
    return _INNER_MARK.sub("", anyascii(_bare_letters(text, modifiers=True)))


def _runs_and_pieces(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The runs of letters and digits of ``text`` folded to ASCII ("JaneDoe Media" -> janedoe, media), and the
    same split where a capital follows a small letter or letters meet digits (jane, doe, media; "Unit8200" ->
    unit, 8200), all in small letters."""
    runs = _ASCII_RUN.findall(_ascii(text))
    return (tuple(r.casefold() for r in runs),
            tuple(p.casefold() for r in runs for p in (_PIECE.findall(r) or [r])))


def _without_initials(pieces: tuple[str, ...]) -> tuple[str, ...]:
    """Pieces without single letters ("jane m doe" -> jane, doe); a digit stays ("c 7")."""
    return tuple(p for p in pieces if len(p) > 1 or p.isdigit())


class WholeNames(set[tuple[str, ...]]):
    """Names as the words :func:`holds_whole_name` compares (:func:`whole_names`), with what it looks them up
    by, made when first asked and again when names were added since."""

    _built = -1
    _lengths: list[int]
    _joined: dict[str, set[str]]

    def lookup(self) -> tuple[list[int], dict[str, set[str]]]:
        """(the names' numbers of words; the run-together forms of names of several words, by their first and
        by their last :data:`RUN_TOGETHER` letters)."""
        if self._built != len(self):
            self._lengths = sorted({len(h) for h in self})
            joined: dict[str, set[str]] = defaultdict(set)
            for h in self:
                if len(h) > 1 and len(run := "".join(h)) >= RUN_TOGETHER:
                    joined["<" + run[:RUN_TOGETHER]].add(run)
                    joined[">" + run[-RUN_TOGETHER:]].add(run)
            self._joined = dict(joined)
            self._built = len(self)
        return self._lengths, self._joined


def name_forms(text: str) -> set[tuple[str, ...]]:
    """A hidden name's forms as :func:`holds_whole_name` compares them: its pieces (:func:`_runs_and_pieces`),
    and without its initials ("Jane M. Doe" is Jane Doe); none of fewer than three letters or digits in all
    unless it mixes them (a codename "K", an id "19", an alias "Al": every "K Street", "Article 19", "al-" would
    hold it; "C7" is a name)."""
    _runs, pieces = _runs_and_pieces(text)
    out = {pieces}
    bare = _without_initials(pieces)
    if len(bare) > 1:
        out.add(bare)

    def named(f: tuple[str, ...]) -> bool:
        joined = "".join(f)
        return len(joined) >= MIN_WORD or (any(c.isdigit() for c in joined) and any(c.isalpha() for c in joined))
    return {f for f in out if f and named(f)}


def whole_names(people: dict[str, list[str]]) -> WholeNames:
    """Each person's id, name and aliases as :func:`name_forms`, for :func:`holds_whole_name`."""
    return WholeNames({f for pid, names in people.items() for n in (pid, *names) for f in name_forms(n)})


def holds_whole_name(text: str, names: set[tuple[str, ...]], handle: bool = False) -> bool:
    """Whether ``text`` holds one of ``names`` (:func:`whole_names`) whole, its words in a row: what makes a
    public actor's own name one to rewrite in a file without --redact ("Friends of Mohammed Ali", not
    "Mohammed Abbas" beside a confidential Mohammed Ali: an adversary found the public names rewritten).
    Read as free text is (accents, look-alike letters, invisible characters and other scripts folded: "Lech
    Walesa Institute" holds Lech Wałęsa, "Фонд Иван Петров" Ivan Petrov), also with a middle initial ("Jane M.
    Doe Trust"), a name of several words with a plural s on its last ("Falcon Cells Watch"), run together where
    a capital or a digit shows it ("JaneDoe Media", "Unit8200 Alumni"), and in an address, a handle or an id
    (``handle``) run together at the start or end of a word ("www.theblackfox.org", "janedoe-media"): adversaries
    found these kept whole where the text beside them was rewritten. Not in the other order (Ali Hassan is not
    Hassan Ali), not a one-word name as a plural or within a longer word (Adams is not Adam's, MacArthur not
    Arthur's, Stanford not Stan's), not a name of fewer than three letters: second readers found public names
    rewritten so.

    >>> hidden = whole_names({"jane-doe": ["Jane Doe"], "fc": ["Falcon Cell"], "x": ["Arthur"], "q2001": [],
    ...                       "w": ["Lech Wałęsa"], "k": ["K"]})
    >>> [holds_whole_name(t, hidden) for t in ("JaneDoe Media", "Jane M. Doe Trust", "Falcon Cells Watch",
    ...                                        "www.janedoe.org", "Q2001 cell", "Lech Walesa Institute")]
    [True, True, True, True, True, True]
    >>> [holds_whole_name(t, hidden) for t in ("Doe Jane", "MacArthur Foundation", "Amy Doe", "Janedoestreet",
    ...                                        "Q1001", "K Street Group")]
    [False, False, False, False, False, False]
    >>> holds_whole_name("janedoe-media", hidden, handle=True), holds_whole_name("janedoe-media", hidden)
    (True, False)
    """
    if not text:
        return False
    lengths, joined = (names if isinstance(names, WholeNames) else WholeNames(names)).lookup()
    runs, pieces = _runs_and_pieces(text)
    for words, one_word in ((runs, True), (pieces, False), (_without_initials(pieces), False)):
        for i in range(len(words)):
            for n in lengths:
                if i + n > len(words):
                    break
                if n == 1 and not one_word:
                    continue  # (a one-word name is a whole run: not "Arthur" of MacArthur)
                here = words[i:i + n]
                if here in names or (n > 1 and here[-1].endswith("s") and here[:-1] + (here[-1][:-1],) in names):
                    return True
    if joined:
        # (the words holding a dot, @, slash, colon or #: split, not searched by a pattern, which took minutes on a
        # hostile name of thousands of letters)
        for handle_text in ([text] if handle else []) + [w for w in text.split() if any(c in w for c in "./@:#")]:
            for run in _runs_and_pieces(handle_text)[0]:
                if len(run) < RUN_TOGETHER:
                    continue
                plural = run[:-1] if run.endswith("s") else run
                if (any(run.startswith(j) for j in joined.get("<" + run[:RUN_TOGETHER], ()))
                        or any(x.endswith(j) for x in (run, plural)
                               for j in joined.get(">" + x[-RUN_TOGETHER:], ()))):
                    return True
    return False


def people_of(actors: Iterable[object]) -> dict[str, list[str]]:
    """Every person among ``actors`` (kg.model.Actor records) as id -> [name, aliases...]."""
    return {a.id: [a.name, *a.aliases] for a in actors if getattr(a, "kind", None) == "person"}  # type: ignore[attr-defined]


def body_and_party_names(actors: Iterable[object]) -> list[str]:
    """The names and aliases of the bodies among ``actors`` and every party named: a word of a person's
    name that stands in one of them is written […], not as the person's pseudonym (:class:`Redactor`)."""
    out: list[str] = []
    for a in actors:
        if getattr(a, "kind", None) == "organization":
            out += [a.name, *a.aliases]  # type: ignore[attr-defined]
        out += list(getattr(a, "party", ()))
    return out


def bodies_kept(actors: Iterable[object]) -> list[list[str]]:
    """The names of the bodies among ``actors`` (those a file keeps), each body's together, and each party
    they name: what :class:`Redactor` leaves whole in a script it cannot compare names in."""
    out: list[list[str]] = []
    parties: set[str] = set()
    for a in actors:
        if getattr(a, "kind", None) == "organization":
            out.append([a.name, *a.aliases])  # type: ignore[attr-defined]
        parties.update(getattr(a, "party", ()))
    return out + [[p] for p in sorted(parties)]
