"""Readers: turn a file into raw rows, each placed at its file and line.

Readers only read; validation is :func:`kg.model.parse_record`'s. A problem
with the file itself (bytes that are not text in its encoding, a quote never
closed, a cell too long, a missing header column, a broken JSON line) comes
out as a :class:`~kg.errors.FileProblem` in the stream, in its place, and the
reader goes on with the next line: nothing after a bad line is dropped.

CSV files may be separated by commas, semicolons (Excel in much of Europe) or
tabs; the header line tells which. Workbooks (``.xlsx``) hold one sheet per
record kind, named like the CSV files.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import itertools
import json
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from kg.errors import FileProblem, RecordError
from kg.model import FILES, KINDS, PLURAL, SCHEMA, misnamed_column
from kg.text import counted

SEPARATORS = (",", ";", "\t")
# a cell may be as long as a JSON Lines value (csv's own limit, 131,072 characters, lost longer texts
# on a round trip through a CSV export); past this, a quote left open is the likelier reading
CELL_LIMIT = 16 * 1024 * 1024
csv.field_size_limit(max(csv.field_size_limit(), CELL_LIMIT))
SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


@dataclass(frozen=True)
class RawRow:
    """One record as read: its kind, its raw values, and where it stands."""

    kind: str
    values: dict[str, Any]
    file: str
    line: int


# A row of this kind is no record but a note about its file (``values["text"]``), for the load's report.
FILE_NOTE = "file note"

# --- encodings -------------------------------------------------------------------------

# The encodings a file that is not UTF-8 most likely has, most likely first, with their names.
ENCODINGS = {"cp1252": "Windows-1252", "cp1251": "Windows-1251, Cyrillic",
             "cp1256": "Windows-1256, Arabic", "cp1255": "Windows-1255, Hebrew"}
_PLAUSIBLE_SYMBOLS = frozenset("€°§©®±×÷·•")


def check_encoding(name: str) -> str:
    """The codec's canonical name, or ValueError when Python has no such text encoding."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise ValueError(f'"{name}" is not an encoding Python knows (try cp1252, latin-1, utf-16)') from None
    if not getattr(info, "_is_text_encoding", True):
        raise ValueError(f'"{name}" is not a text encoding')
    return info.name


def guess_encoding(data: bytes) -> str | None:
    """The likeliest of the common single-byte encodings for ``data`` (bytes that are not UTF-8).

    Each candidate decoding is scored by how odd its text looks: symbols where
    letters should be, words mixing scripts, words of accented letters only
    (Cyrillic or Arabic read as Windows-1252), vowel points on nothing. A
    heuristic for a hint in an error message, not a detector to trust blindly.

    >>> guess_encoding("Rød-Larsen".encode("cp1252")), guess_encoding("Лавров".encode("cp1251"))
    ('cp1252', 'cp1251')
    """
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    best: tuple[float, str] | None = None
    for enc in ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _oddness(text)
        if best is None or score < best[0]:
            best = (score, enc)
    return best[1] if best else None


def _oddness(text: str) -> float:
    odd = 0.0
    word: list[str] = []
    for c in text + " ":
        cat = unicodedata.category(c)
        if cat[0] in "LM":
            if cat[0] == "M" and not word:
                odd += 2  # a vowel point or an accent on nothing
            word.append(c)
            continue
        if not c.isascii() and cat[0] in "SC" and c not in _PLAUSIBLE_SYMBOLS:
            odd += 1
        if word:
            odd += _word_oddness(word)
            word = []
    return odd


def _word_oddness(word: list[str]) -> float:
    letters = [c for c in word if unicodedata.category(c)[0] == "L"]
    scripts = {"LATIN" if c.isascii() else unicodedata.name(c, "? ?").split(" ")[0] for c in letters}
    other = scripts - {"LATIN"}
    odd = 0.0
    if len(other) > 1 or (other and "LATIN" in scripts):
        odd += 2
    if scripts == {"LATIN"} and len(letters) >= 3 and not any(c.isascii() for c in letters):
        odd += len(letters) / 2
    odd += sum(1 for a, b in zip(letters, letters[1:], strict=False) if a.islower() and b.isupper())
    if "CYRILLIC" in scripts and letters[0].islower():
        odd += 0.5  # names start with a capital; Hebrew read as Cyrillic is all lower case
    return odd


_BAD_BYTE = re.compile("[\udc80-\udcff]")


def _has_bad_bytes(text: str) -> bool:
    return _BAD_BYTE.search(text) is not None


def _bad_bytes(text: str) -> bytes:
    return bytes(ord(c) - 0xDC00 for c in text if "\udc80" <= c <= "\udcff")


def _is_utf8_beyond_ascii(data: bytes) -> bool:
    """Whether ``data`` holds bytes beyond ASCII and is good UTF-8 (the odds that text of a one-byte
    encoding such as cp1252 is, by chance, are tiny: its letters beyond ASCII would have to come in
    UTF-8's lead-and-continuation patterns throughout)."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_LINE_BYTES = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")  # a line of bytes, with its end (as csv reads lines)


def _utf8_lines(data: bytes) -> list[int]:
    """The numbers of the lines of ``data`` that hold bytes beyond ASCII and are good UTF-8 (none when
    the whole of ``data`` is ASCII, or none is)."""
    if data.isascii():
        return []
    return [n for n, line in enumerate(_LINE_BYTES.findall(data), start=1)
            if not line.isascii() and _is_utf8_beyond_ascii(line)]


def _ascii_compatible(encoding: str) -> bool:
    """Whether ``encoding`` writes ASCII text and line ends as ASCII does (not UTF-16 or UTF-32)."""
    try:
        return bytes(range(128)).decode(encoding) == bytes(range(128)).decode("ascii")
    except (UnicodeError, LookupError):
        return False


def _single_byte(encoding: str) -> bool:
    """Whether ``encoding`` is one byte a character (cp1252, latin-1, koi8-r...): a line of it is good UTF-8
    only when it holds mojibake itself ("Ã¸"), where in an encoding of several bytes a character (Shift
    JIS, GBK) a short line may be by chance."""
    import importlib

    name = codecs.lookup(encoding).name
    if name in ("ascii", "iso8859-1", "latin-1"):
        return True
    try:
        module = importlib.import_module(f"encodings.{name.replace('-', '_')}")
    except ImportError:
        return False
    return isinstance(getattr(module, "decoding_table", None), str)


def _lines_said(lines: list[int]) -> str:
    shown = ", ".join(map(str, lines[:5])) + (f" and {len(lines) - 5:,} more" if len(lines) > 5 else "")
    return f"line {shown} is" if len(lines) == 1 else f"lines {shown} are"


def _their(lines: list[int]) -> str:
    return "its" if len(lines) == 1 else "their"


def _utf16_without_mark(data: bytes) -> str | None:
    """``le`` or ``be`` when ``data`` reads as UTF-16 without a byte-order mark: text of mostly Latin
    letters then has a zero byte after (little-endian) or before (big-endian) each; else None."""
    head = data[:4096]
    if len(head) < 4 or b"\x00" not in head:
        return None
    even, odd = head[0::2], head[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_odd > 0.3 and zeros_even < 0.05:
        return "le"
    if zeros_even > 0.3 and zeros_odd < 0.05:
        return "be"
    return None


_CONTAINERS = (
    (b"PK\x03\x04", "a zip archive (an Excel workbook, .xlsx, is one): give a workbook its .xlsx name, or "
                     "save the sheet as CSV UTF-8, or unpack the archive"),
    (b"\x1f\x8b", "gzip-compressed: unpack it first (gunzip)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel workbook (.xls) or another Office file: save it as "
                                          ".xlsx or as CSV UTF-8"),
    (b"%PDF-", "a PDF document: export its table as CSV UTF-8"),
)


def _container(data: bytes, encoding: str | None) -> str | None:
    """What a file that is no text is, said as a problem of the whole file; None for text.

    >>> _container(b"PK\x03\x04 ...", None)[:29], _container(b"id,name", None)
    ('the file is not text: it is a', None)
    >>> _container(codecs.BOM_UTF32_LE + b"i", None)[:22], _container(codecs.BOM_UTF32_LE + b"i", "utf-32")
    ('the file is UTF-32 tex', None)
    """
    for magic, what in _CONTAINERS:
        if data.startswith(magic):
            return f"the file is not text: it is {what}"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) and (
            encoding is None or not codecs.lookup(encoding).name.startswith("utf-32")):
        return "the file is UTF-32 text, not UTF-8; save it as UTF-8, or load it with --encoding utf-32"
    return None


class _Decoded:
    """A file's text, bytes that do not decode kept as lone surrogates (``surrogateescape``).

    Such a line is not read as a record; :meth:`problem` says which line and
    what the encoding likely is.
    """

    def __init__(self, data: bytes, encoding: str | None, label: str) -> None:
        self.label = label
        self.note: str | None = None
        # not text at all (a workbook or an archive renamed .csv): said as what it is, where the advice was an
        # encoding, and following it gave lines of binary (an adversary)
        container = _container(data, encoding)
        self.whole_file_problem: str | None = container
        self.guess: str | None = None
        self.first_bad: int | None = None
        if container is not None:
            self.text, self.has_bad_bytes, self.encoding, self.mixed = "", False, encoding, False
            return
        if encoding is not None and data.isascii() and b"\x00" not in data:
            # plain ASCII is UTF-8 too: a folder's other files stay readable when --encoding names the one
            # saved as UTF-16 ("Unicode text" from Excel); said when the encoding named would read it otherwise
            if data.decode(encoding, errors="replace") != data.decode("ascii"):
                self.note = f"read as UTF-8, not {encoding}: it is plain ASCII text"
            encoding = None
        elif encoding is not None and _is_utf8_beyond_ascii(data):
            # --encoding names the encoding of the files that are not UTF-8 (the folder's other files may
            # be): one whose letters beyond ASCII are good UTF-8 is read as UTF-8, not as RÃ¸d for Rød
            self.note = (f"read as UTF-8, not {encoding}: its letters beyond ASCII are good UTF-8 (were it "
                         f"{encoding} text, save it as UTF-8 from a program that reads it right)")
            encoding = None
        self.encoding = encoding
        # a file of the encoding given with lines of good UTF-8 beyond ASCII among them (one line typed on a
        # Windows machine at the end of a UTF-8 file): those lines read as UTF-8, not as mojibake (Rød read
        # as RÃ¸d, ids too, which made a second actor of each: an adversary)
        utf8_lines = (_utf8_lines(data) if encoding is not None and codecs.lookup(encoding).name not in
                      ("utf-8", "utf-8-sig") and _ascii_compatible(encoding) else [])
        if encoding is not None and utf8_lines and not _single_byte(encoding):  # (a line may be UTF-8 by chance)
            self.text = ""
            self.has_bad_bytes = False
            self.whole_file_problem = (
                f"the file mixes two encodings: {_lines_said(utf8_lines)} good UTF-8 with letters beyond ASCII, "
                f"which --encoding {encoding} would misread; save the whole file as UTF-8 and load it without "
                "--encoding")
            return
        if encoding is None:
            if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                self.text = ""
                self.has_bad_bytes = False
                self.whole_file_problem = (
                    "the file is UTF-16 text, not UTF-8; save it as UTF-8, or load it with --encoding utf-16")
                return
            order = _utf16_without_mark(data)
            if order is not None:
                self.text = ""
                self.has_bad_bytes = False
                endian = {"le": "little-endian", "be": "big-endian"}[order]
                self.whole_file_problem = (f"the file looks like UTF-16 text ({endian}) without a byte-order mark, "
                                           f"not UTF-8; save it as UTF-8, or load it with --encoding utf-16-{order}")
                return
            self.text = data.decode("utf-8-sig", errors="surrogateescape")
        elif utf8_lines:
            self.text = "".join(line.decode("utf-8") if n in utf8_lines else line.decode(encoding, "surrogateescape")
                                for n, line in enumerate(_LINE_BYTES.findall(data), start=1))
            if self.text.startswith("\ufeff"):
                self.text = self.text[1:]
            self.note = (f"{_lines_said(utf8_lines)} read as UTF-8, not {encoding}: {_their(utf8_lines)} letters "
                         "beyond ASCII are good UTF-8 (the file mixes two encodings: check those lines, and save "
                         "the file as UTF-8)")
        else:
            try:
                self.text = data.decode(encoding, errors="surrogateescape")
            except UnicodeError as e:  # (UTF-16 of an odd length, IDNA: bad bytes no escape can keep)
                where = f" at byte {e.start + 1}" if isinstance(e, UnicodeDecodeError) else ""
                self.text = ""
                self.has_bad_bytes = False
                self.whole_file_problem = (f"the file is not {encoding} text{where}; check the encoding given "
                                           "with --encoding (or save the file as UTF-8 and load it without)")
                return
            if self.text.startswith("\ufeff"):
                self.text = self.text[1:]
        self.whole_file_problem = None
        self.has_bad_bytes = _has_bad_bytes(self.text)
        # other lines hold letters beyond ASCII that are good UTF-8: the file mixes two encodings, and
        # --encoding would misread those lines (Rød read as RÃ¸d)
        self.mixed = (encoding is None and self.has_bad_bytes
                      and any(c > "\x7f" and not "\udc80" <= c <= "\udcff" for c in self.text))
        if encoding is None and self.has_bad_bytes:
            self.guess = guess_encoding(_bad_bytes(self.text))

    def problem(self, line: int) -> FileProblem:
        """The one line saying that ``line`` holds bytes that are not text in the file's encoding."""
        if self.first_bad is not None:
            return FileProblem(f"the line is not {self.encoding or 'UTF-8'} text either (see line {self.first_bad})",
                               file=self.label, line=line)
        self.first_bad = line
        if self.encoding is not None:
            return FileProblem(f"the line is not {self.encoding} text; check the encoding given with --encoding",
                               file=self.label, line=line)
        if self.mixed:  # (a few bytes of another encoding can read as UTF-8 by chance: both are said)
            how = (f"load it with --encoding {self.guess} if this line is {ENCODINGS.get(self.guess, self.guess)} "
                   "(the lines of good UTF-8 are still read as UTF-8), or " if self.guess else "")
            return FileProblem("the line is not UTF-8 text, though other lines of the file are: if the file mixes "
                               f"two encodings, {how}retype this line and save the file as UTF-8",
                               file=self.label, line=line)
        hint = ""
        if self.guess:
            hint = f"; it looks like {ENCODINGS.get(self.guess, self.guess)} ({self.guess})"
        how = f", or load it with --encoding {self.guess}" if self.guess else ""
        return FileProblem(f"the line is not UTF-8 text{hint}: save the file as UTF-8{how}",
                           file=self.label, line=line)


def _read_bytes(path: Path, label: str) -> bytes | FileProblem:
    try:  # (opened without waiting, and read only when a regular file: a pipe put in the place of a file that
        # was checked would wait for a writer forever, a device be read until memory runs out)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return FileProblem("the file cannot be read: it is not a regular file (a pipe, a device or a "
                                   "socket); put the file itself in its place", file=label)
            return fh.read()
    except OSError as e:
        return FileProblem(f"the file cannot be read: {e.strerror or e}", file=label)


# --- CSV -------------------------------------------------------------------------------

def detect_separator(header_line: str) -> str:
    """The separator of a CSV file, from its header line: the commonest of comma, semicolon
    and tab outside quotes (comma when there is none).

    >>> detect_separator("member;organization;role"), detect_separator('id,name,"a;b"')
    (';', ',')
    """
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = False
    for c in header_line:
        if c == '"':
            quoted = not quoted
        elif not quoted and c in counts:
            counts[c] += 1
    best = max(SEPARATORS, key=lambda s: counts[s])  # ties go to the first: comma
    return best if counts[best] else ","


def read_csv(path: Path, kind: str, label: str | None = None, encoding: str | None = None
             ) -> Iterator[RawRow | RecordError]:
    """Rows of one dataset CSV file (``kind`` records), header checked first.

    ``encoding`` None means UTF-8 (a byte-order mark is skipped).
    """
    label = label or path.name
    data = _read_bytes(path, label)
    if isinstance(data, FileProblem):
        yield data
        return
    decoded = _Decoded(data, encoding, label)
    if decoded.whole_file_problem:
        yield FileProblem(decoded.whole_file_problem, file=label, line=1)
        return
    if decoded.note:
        yield RawRow(FILE_NOTE, {"text": decoded.note}, label, 1)
    yield from csv_rows(decoded.text, kind, label, decoded if decoded.has_bad_bytes else None)


def _lines(text: str) -> list[str]:
    # Lines as the csv module sees them: split at \n, \r\n or \r only (not at \x0c or U+2028).
    return io.StringIO(text, newline="").readlines()


def csv_rows(text: str, kind: str, label: str, decoded: _Decoded | None = None
             ) -> Iterator[RawRow | RecordError]:
    """Rows of CSV ``text``; after a line that cannot be read the next line is read as a new row."""
    lines = _lines(text)
    if not lines or not lines[0].strip():
        at = next((i for i, line in enumerate(lines[:HEADER_LOOKAHEAD]) if line.strip()), None)
        if at is None:
            yield FileProblem("the file is empty; expected a header row", file=label, line=1)
        else:
            yield FileProblem(f"the header must be the first line; line {at + 1} is the first that is not empty: "
                              f"remove the {at} empty line{'s' if at > 1 else ''} above it", file=label, line=1)
        return
    if decoded is not None and _has_bad_bytes(lines[0]):
        yield decoded.problem(1)
        return
    sep = detect_separator(lines[0])
    if lines[0].count('"') % 2:  # a quoted header cell that runs on to the next line (a line break in a name)
        yield FileProblem("the header has a column name with a line break in it (a quoted cell that runs on "
                          "to the next line): remove the line break from the name", file=label, line=1)
        return
    header = [h.strip() for h in next(csv.reader([lines[0]], delimiter=sep))]
    header_problem = _header_problem(header, kind, label, sep)
    if header_problem:  # a header put lower down is looked for in the lines below (one line, not one a column)
        below = []
        for line in lines[1:HEADER_LOOKAHEAD]:
            try:
                below.append([h.strip() for h in next(csv.reader([line], delimiter=detect_separator(line)), [])])
            except csv.Error:  # (a cell past the limit, a quote never closed)
                below.append([])
        header_problem = _header_problem(header, kind, label, sep, below)
    if header_problem:
        yield from header_problem
        return
    yield from _body_rows(lines, header, kind, label, sep, decoded)


HEADER_LOOKAHEAD = 20  # lines (or rows) looked at for a header that is not on the first


def _header_problem(header: list[str], kind: str, label: str, sep: str,
                    below: list[list[str]] | None = None, unit: str = "line") -> list[RecordError]:
    """What is wrong with a header row (``below``: the rows after it, where a header put lower down is
    looked for): one line for a header in capitals or put lower down, else one per column missing."""
    required = [f.name for f in SCHEMA[kind] if f.required]
    missing = [c for c in required if c not in header]
    if missing:
        lowered = {h.lower(): h for h in header}
        if any(c in lowered for c in missing):
            known = {f.name for f in SCHEMA[kind]}  # every column of the kind written so, not only those required
            capitals = [h for h in header if h != h.lower() and h.lower() in known]
            given = ", ".join(f'"{h}"' for h in capitals)
            absent = [c for c in missing if c not in lowered]
            more = (f"; and the header has no {', '.join(absent)} column{'s' if len(absent) > 1 else ''}"
                    if absent else "")
            return [FileProblem(f"the header writes {given} with capitals; column names are lower case "
                                f"({', '.join(h.lower() for h in capitals)}): write them so{more}",
                                field=capitals[0], file=label, line=1)]
        for at, row in enumerate(below or [], start=2):
            if all(c in row for c in required):
                return [FileProblem(f"the header must be the first {unit}; {unit} {at} looks like it (it names "
                                    f"{', '.join(required)}): remove the {at - 1} {unit}{'s' if at > 2 else ''} "
                                    "above it", file=label, line=1)]
        marked = [h for h in header if "\ufeff" in h and h.replace("\ufeff", "").strip() in missing]
        if marked:  # (two byte-order marks at the start, one read as part of the first name: an adversary
            # read 'did you mean "\ufeffid"?', the mark invisible)
            col = marked[0].replace("\ufeff", "").strip()
            return [FileProblem(f"the header has a byte-order mark (U+FEFF, an invisible character) before {col}, "
                                "besides the one a UTF-8 file may begin with (the mark written twice, or two files "
                                f"joined): delete the character before {col} in a text editor (some show it as "
                                "ï»¿, others not at all)", field=col, file=label, line=1)]
        found = ", ".join(h.replace("\ufeff", "[byte-order mark]") for h in header) or "nothing"
        known = {f.name for f in SCHEMA[kind]}

        def meant(col: str) -> str:  # a column of the header no column of the kind is, spelt like the one missing
            close = difflib.get_close_matches(col, [h for h in header if h not in known], n=1, cutoff=0.7)
            return f'; did you mean "{close[0]}"? rename it "{col}"' if close else ""

        return [FileProblem(f'required column "{col}" is missing from the header (found: {found}; '
                            f"read as {SEPARATOR_NAMES[sep]}-separated){meant(col)}", field=col, file=label, line=1)
                for col in missing]
    dupes = sorted({h for h in header if header.count(h) > 1 and h})
    if dupes:
        return [FileProblem("the header names this column twice", field=dupes[0], file=label, line=1)]
    # a column a reader would take for a listed one: said once, for the header, not for each row that fills it
    # (every row of a sheet with a "Notes" column was refused, a line each)
    misnamed = [(h, said) for h in header if (said := misnamed_column(kind, h, header)) is not None]
    return [FileProblem(said, field=h, file=label, line=1) for h, said in misnamed]


def _body_rows(lines: list[str], header: list[str], kind: str, label: str, sep: str,
               decoded: _Decoded | None) -> Iterator[RawRow | RecordError]:
    pos = 1  # index in ``lines`` of the next line to read; lines[i] is line i + 1
    while pos < len(lines):
        base, consumed, done = pos, 0, 0

        def feed(base: int = base) -> Iterator[str]:
            nonlocal consumed
            for i in range(base, len(lines)):
                consumed = i - base + 1
                yield lines[i]

        restart: int | None = None
        reader = csv.reader(feed(), delimiter=sep)
        try:
            for cells in reader:
                first, end = base + done + 1, base + consumed  # the row's first and last line
                done = consumed
                if not "".join(cells).strip():
                    continue
                problem = (_repeats_header(cells, header, label, first)
                           or _row_problem(cells, header, lines, first, end, label, sep, decoded))
                if problem is None and len(cells) == 1 < len(header) and end == first:
                    problem = _other_separator(lines[first - 1], header, label, sep, first)
                if problem is None:
                    values = {h: c for h, c in zip(header, cells, strict=False) if h or c.strip()}
                    yield RawRow(kind, values, label, first)
                    continue
                problem.refers = _row_names(kind, header, cells)
                yield problem
                if end > first and _quote_trouble(cells, header, lines, first, end):
                    restart = first  # read on from the line after the broken one
                    break
        except csv.Error as e:
            first = base + done + 1
            reason = str(e)
            if "field larger than field limit" in reason:
                reason = (f"a cell runs past {csv.field_size_limit():,} characters: a quote (\") opened on this "
                          "line is probably never closed, or a cell is longer than a value may be")
            yield FileProblem(f"the line cannot be read as CSV ({reason}); the lines after it are read on "
                              "their own", file=label, line=first)
            restart = first
        if restart is None:
            return
        pos = restart


def _other_separator(line: str, header: list[str], label: str, sep: str, at: int) -> RecordError | None:
    """The one line for a row of one cell that another separator splits into cells for the header's columns
    (one comma-separated row in a semicolon-separated file, pasted from elsewhere): it said only that its
    required columns were empty (an adversary). Every kind has two required columns: such a row is refused
    anyway."""
    for other in SEPARATORS:
        if other == sep:
            continue
        try:
            cells = next(csv.reader([line], delimiter=other), [])
        except csv.Error:
            continue
        if 2 <= len(cells) <= len(header):
            return RecordError(f"the row has 1 cell but the header has {len(header)} columns: it is "
                               f"{SEPARATOR_NAMES[other]}-separated, where the file is {SEPARATOR_NAMES[sep]}-"
                               f"separated (as its header line is); separate its cells with "
                               f"{SEPARATOR_NAMES[sep]}s", file=label, line=at)
    return None


def _quote_trouble(cells: list[str], header: list[str], lines: list[str], first: int, end: int) -> bool:
    """Whether a row read over several lines is most likely a quote left open, not a long cell."""
    odd_quotes = sum(lines[i].count('"') for i in range(first - 1, end)) % 2 == 1
    return odd_quotes or len(cells) > len(header)


def _row_names(kind: str, header: list[str], cells: list[str]) -> tuple[str, str] | None:
    """The actor or event a refused row would have made, (kind, id): records naming it are told it was refused."""
    if kind in ("actor", "event") and "id" in header and header.index("id") < len(cells):
        return kind, cells[header.index("id")].strip()
    return None


def _repeats_header(cells: list[str], header: list[str], label: str, line: int) -> RecordError | None:
    """A row that is the header again (files joined, a sheet pasted twice): said as one, not as a problem a
    column ("kind: is \"kind\"", "country: is \"country\"": an analyst)."""
    if not cells or not header or cells[0].strip().casefold() != header[0].casefold():
        return None  # (the usual row, at once: this runs for every row of a large file)
    named = [(h, c) for h, c in zip(header, cells, strict=False) if h]
    if len(named) >= 2 and all(c.strip().casefold() == h.casefold() for h, c in named):
        return RecordError("the row repeats the header row (files joined, or a sheet pasted twice?); delete the "
                           "row", file=label, line=line)
    return None


def _row_problem(cells: list[str], header: list[str], lines: list[str], first: int, end: int, label: str,
                 sep: str, decoded: _Decoded | None) -> RecordError | None:
    if decoded is None and end == first != len(lines) and len(cells) <= len(header):
        return None  # the usual row: one line, not the last, no more cells than columns, text decoded cleanly
    if decoded is not None and any(_has_bad_bytes(c) for c in cells):
        return decoded.problem(first)
    spans = f"; the row runs from line {first} to line {end}" if end > first else ""
    odd_quotes = sum(lines[i].count('"') for i in range(first - 1, end)) % 2 == 1
    if odd_quotes and end == len(lines) and any("\n" in c or "\r" in c for c in cells):
        after = "; the lines after it are read on their own" if end > first else ""
        return FileProblem(f'a quote (") opened on this line is never closed (it runs to the end of '
                           f"the file, line {end}){after}", file=label, line=first)
    if end > first and _quote_trouble(cells, header, lines, first, end):
        return FileProblem(f'the row has {len(cells)} cells but the header has {len(header)} columns{spans}: '
                           f'a quote (") left open?', file=label, line=first)
    if len(cells) > len(header):
        what = {",": "an unquoted comma?", ";": "an unquoted semicolon?", "\t": "a tab inside a cell?"}[sep]
        return RecordError(f"the row has {len(cells)} cells but the header has {len(header)} columns "
                           f"({what})", file=label, line=first)
    return None


# --- JSON Lines ------------------------------------------------------------------------

class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise _DuplicateKey(k)
        out[k] = v
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json_line(text: str) -> dict[str, Any]:
    """One JSON Lines object, or ValueError with one line saying why it is not one.

    Duplicate keys, ``NaN``/``Infinity``, nesting too deep and integers of
    thousands of digits are refused, as is anything but an object.
    """
    try:  # (without the line's end, an error at the end of the line is placed on it, not on a next one)
        obj = json.loads(text.rstrip("\r\n"), object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except _DuplicateKey as e:
        raise ValueError(f'the object has the key "{e}" twice; keep one') from None
    except json.JSONDecodeError as e:
        stripped = text.strip()
        # (the start of one JSON value written over several lines: an analyst's pretty-printed file gave a
        # problem a line and no word of what to do)
        hint = ("; the file looks like JSON written over several lines: write one object a line (`jq -c '.[]' "
                "FILE` for an array, `jq -c . FILE` otherwise)" if stripped in ("{", "[") or
                (stripped.startswith("[") and stripped.endswith("{")) else "")
        raise ValueError(f"the line is not valid JSON ({e.msg} at column {e.colno}){hint}") from None
    except RecursionError:
        raise ValueError("the line is not valid JSON here: it nests too deep") from None
    except ValueError as e:
        raise ValueError(f"the line is not valid JSON here: {str(e).split(';')[0]}") from None
    if not isinstance(obj, dict):
        raise ValueError("the line is not a JSON object")
    return obj


def read_jsonl(path: Path, label: str | None = None, encoding: str | None = None
               ) -> Iterator[RawRow | RecordError]:
    """Rows of a JSON Lines file: one object a line with ``"type"`` naming its kind."""
    label = label or path.name
    data = _read_bytes(path, label)
    if isinstance(data, FileProblem):
        yield data
        return
    decoded = _Decoded(data, encoding, label)
    if decoded.whole_file_problem:
        yield FileProblem(decoded.whole_file_problem, file=label, line=1)
        return
    if decoded.note:
        yield RawRow(FILE_NOTE, {"text": decoded.note}, label, 1)
    # a raw carriage return cannot be inside a JSON value: alone, it ends a line (old Mac files)
    yield from jsonl_rows(_LINE_END.split(decoded.text), label, decoded if decoded.has_bad_bytes else None)


_LINE_END = re.compile("\r\n|\r|\n")


def jsonl_rows(lines: Iterable[str], label: str, decoded: _Decoded | None = None
               ) -> Iterator[RawRow | RecordError]:
    """Rows of JSON Lines ``lines`` (the text of each line)."""
    for n, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        if decoded is not None and _has_bad_bytes(text):
            yield decoded.problem(n)
            continue
        try:
            obj = parse_json_line(text)
        except ValueError as e:
            yield FileProblem(str(e), file=label, line=n)
            continue
        kind = str(obj.get("type", "")).strip().lower() if isinstance(obj.get("type"), str) else ""
        if kind not in KINDS:
            shown = obj.get("type")
            reason = "is missing" if shown in (None, "") else f"is {json.dumps(shown, ensure_ascii=False)}"
            yield RecordError(f"{reason}; expected one of {', '.join(KINDS)}", field="type", file=label, line=n)
            continue
        yield RawRow(kind, obj, label, n)


# --- Excel workbooks -------------------------------------------------------------------

def _cell_text(value: Any, number_format: str | None) -> str:
    """A workbook cell as the CSV saved from it would hold it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.time() != time(0) and not _date_only(number_format):
            return value.isoformat(sep=" ")
        value = value.date()
    if isinstance(value, date):
        fmt = _format_codes(number_format)
        if fmt and "d" not in fmt and "y" in fmt:
            return f"{value:%Y-%m}" if "m" in fmt else f"{value:%Y}"  # "Jan-93" was typed as 1993-01
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return repr(value)
    if isinstance(value, time):
        return value.isoformat()
    return str(value)


def _date_only(number_format: str | None) -> bool:
    fmt = _format_codes(number_format)
    return bool(fmt) and "h" not in fmt and "s" not in fmt


_NOT_CODES = re.compile(r'"[^"]*"?|\[(?![hms]+\])[^\]]*\]?|\\.|[_*].', re.IGNORECASE)  # ([h]: elapsed hours, kept)


def _format_codes(number_format: str | None) -> str:
    """A number format's codes, lower case, without what only decorates them: bracketed sections (a locale
    "[$-de-DE]", a colour "[Red]", a condition), quoted text ("de" in Spanish "mmm \"de\" yyyy"),
    characters escaped with a backslash, and the character after "_" or "*" (a space, a fill); of the
    first section (before ";"), which a date is shown by. The d of "[$-de-DE]mmm yy" or "[Red]mmm-yy"
    read a month-year cell as one day (an adversary).

    >>> _format_codes('[$-de-DE]mmm yy'), _format_codes('[Red]mmm-yy;[Blue]d'), _format_codes('mmm "de" yyyy')
    ('mmm yy', 'mmm-yy', 'mmm  yyyy')
    >>> _format_codes("[h]:mm:ss")
    '[h]:mm:ss'
    """
    return _NOT_CODES.sub("", number_format or "").split(";")[0].lower()


def read_xlsx_sheet(rows: Iterable[Iterable[tuple[Any, Any]]], kind: str, label: str,
                    hidden: HiddenCells | None = None) -> Iterator[RawRow | RecordError]:
    """Records of one sheet given as rows of (value, number_format) pairs, the first row the header.

    ``hidden``: the cells that read otherwise than they are (:func:`hidden_cells`): a row with one
    under a named column is refused, naming the cell."""
    it = iter(rows)
    header: list[str] | None = None
    by_row: dict[int, list[tuple[int, str]]] = {}
    for (r, c), why in sorted(hidden.cells.items() if hidden else ()):
        by_row.setdefault(r, []).append((c, why))
    merges = sorted(hidden.merges) if hidden else []  # by first row
    active: list[tuple[int, int, int, int, str]] = []
    next_merge = 0
    for n, row in enumerate(it, start=1):
        row = list(row)
        cells = [_cell_text(v, f) for v, f in row]
        while next_merge < len(merges) and merges[next_merge][0] <= n:  # (rows come in order)
            active.append(merges[next_merge])
            next_merge += 1
        if active:
            active = [m for m in active if m[2] >= n]
        if header is not None and active:  # a merged range's cells past its first, of a named column
            for r1, c1, _r2, c2, ref in active:
                at = next((c for c in range(c1 + (n == r1), min(c2, len(header)) + 1)
                           if header[c - 1] and (c > len(row) or row[c - 1][0] is None)), None)
                if at is not None:
                    by_row.setdefault(n, []).insert(0, (at, f"is merged into {ref}, whose value stands in its "
                                                           "first cell only; unmerge the cells and fill in each"))
                    break
        if header is not None and n in by_row:
            # (a row read as a stream may stop before its last cells when they are empty)
            found = next(((c, w) for c, w in by_row[n]  # (a cell of no named column is not read: no matter)
                          if c <= len(header) and header[c - 1]
                          and (c > len(row) or row[c - 1][0] is None or w.startswith(SPREADSHEET_ERROR))), None)
            if found is not None:
                at, reason = found
                column = header[at - 1] if at <= len(header) else ""
                refused = RecordError(reason, field=column or f"column {at}", file=label, line=n)
                # (what names the actor refused here is told so, as for a CSV row refused whole)
                refused.refers = _row_names(kind, header, cells)
                yield refused
                continue
        if header is None:
            header = [c.strip() for c in cells]
            problem = _header_problem(header, kind, label, ",")
            if problem:  # a header put lower down is looked for in the rows below (one line, not one a column)
                below = [[_cell_text(v, f).strip() for v, f in r] for r in itertools.islice(it, HEADER_LOOKAHEAD - 1)]
                problem = _header_problem(header, kind, label, ",", below, unit="row")
                if not any(header) and not problem[0].reason.startswith("the header must be the first"):
                    yield FileProblem("the sheet's first row is empty; expected a header row", file=label, line=n)
                    return
            if problem:
                for p in problem:
                    yield FileProblem(p.reason.replace("; read as comma-separated", ""), field=p.field,
                                      file=label, line=1)
                return
            continue
        if not any(c.strip() for c in cells):
            continue
        extra = [(i, c) for i, c in enumerate(cells) if i >= len(header) and c.strip()]
        if extra:
            yield RecordError(f"the row has a value in column {_letters(extra[0][0] + 1)}, right of the last named "
                              f"column ({extra[0][1]!r}); name the column or move the value", file=label, line=n)
            continue
        again = _repeats_header(cells, header, label, n)
        if again is not None:
            yield again
            continue
        damaged = _damaged_cell(row, header)
        if damaged is not None:
            column, why = damaged
            refused = RecordError(why, field=column, file=label, line=n)
            refused.refers = _row_names(kind, header, cells)
            yield refused
            continue
        unnamed = next((i for i, (h, c) in enumerate(zip(header, cells, strict=False)) if not h and c.strip()), None)
        if unnamed is not None:  # (said by its letter: "" named no column of a sheet of thirteen, an analyst)
            letters = _letters(unnamed + 1)
            refused = RecordError(f"column {letters} has no name in the header row but holds a value "
                                  f"({cells[unnamed].strip()!r}); name the column or empty its cells",
                                  field=f"column {letters}", file=label, line=n)
            refused.refers = _row_names(kind, header, cells)
            yield refused
            continue
        values = {h: c for h, c in zip(header, cells, strict=False) if h or c.strip()}
        yield RawRow(kind, values, label, n)
    # a sheet with nothing on it holds no records (a template's unused sheet): nothing to say


_ID_COLUMNS = frozenset({"id", "a", "b", "member", "organization", "from", "to", "actor", "event", "group"})


def _damaged_cell(row: list[tuple[Any, Any]], header: list[str]) -> tuple[str, str] | None:
    """A cell whose value the spreadsheet itself has changed: an id typed as a number of more than 15
    digits (a spreadsheet keeps 15: 123456789012345678 is stored as 123456789012345680), or a date
    cell before 1900 (a negative serial number, shown as 1899-12-25 by the reader)."""
    for (value, _fmt), column in zip(row, header, strict=False):
        if isinstance(value, float | int) and not isinstance(value, bool) and column.strip().lower() in _ID_COLUMNS \
                and float(value).is_integer() and abs(value) >= 1e15:
            shown = f"{value:.15g}" if isinstance(value, float) else str(value)
            return column, (f"is the number {shown}, of more digits than a spreadsheet keeps (15): the id may have "
                            "changed when it was typed; format the column as Text, type the ids again and save")
        if isinstance(value, datetime | date) and value.year < 1900:
            return column, (f"is a date cell before 1900 ({value:%Y-%m-%d}), which a spreadsheet cannot hold (a "
                            "negative serial number); type the date as text, as 1899-12-31 is")
    return None


def read_xlsx(path: Path, label: str | None = None, skipped: list[str] | None = None
              ) -> Iterator[RawRow | RecordError]:
    """Records of an Excel workbook: one sheet per record kind, named like the CSV files
    (``actors`` or ``actors.csv``, in any case). Lines are the sheet's row numbers and the
    file is ``book.xlsx[ties]``. Sheets with other names are added to ``skipped``, or
    reported when they look like a misnamed dataset sheet.
    """
    label = label or path.name
    try:
        import openpyxl
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 - zip, XML and openpyxl errors alike: the file is not a workbook
        yield FileProblem(f"the file cannot be read as an Excel workbook ({type(e).__name__}: "
                          f"{str(e).splitlines()[0] if str(e) else 'unreadable'}); save it again as .xlsx, or as CSV",
                          file=label)
        return
    try:
        taken: dict[str, str] = {}
        for ws in wb.worksheets:
            sheet_label = f"{label}[{ws.title}]"
            verdict = classify_name(ws.title, sheet=True)
            if verdict.kind is not None and verdict.kind in taken:
                yield FileProblem(f"the sheet was not read: {verdict.kind} records are read from sheet "
                                  f"{taken[verdict.kind]!r} already", file=sheet_label)
                continue
            if verdict.kind is None:
                # a sheet of another name holding records ("Sheet1" with the ties) is not passed over in
                # silence (--replace would remove what it holds from the store); what its header says
                # comes before what its name suggests
                looks = next((k for row in ws.iter_rows(max_row=HEADER_LOOKAHEAD, values_only=True)
                              if (k := header_kind(row)) is not None), None)
                if looks is not None and looks != verdict.meant:
                    yield FileProblem(not_read_but_looks_like(looks, sheet=True), file=sheet_label)
                elif verdict.suggestion:
                    yield FileProblem(f"the sheet was not read: {verdict.suggestion}", file=sheet_label)
                elif skipped is not None:
                    skipped.append(sheet_label)
                continue
            taken[verdict.kind] = ws.title
            if getattr(ws, "sheet_state", "visible") != "visible":  # (loaded, but its author may not know it is there)
                how = "hidden" if ws.sheet_state == "hidden" else "hidden (so that only a program can show it)"
                yield RawRow(FILE_NOTE, {"text": f"the sheet is {how} in the workbook; its rows were read like any "
                                                 "other's"}, sheet_label, 1)
            if hasattr(ws, "reset_dimensions"):
                ws.reset_dimensions()  # the size a workbook claims may be wrong: read every row there is
            rows = (((c.value, getattr(c, "number_format", None)) for c in row) for row in ws.iter_rows())
            try:
                hidden = hidden_cells(path, ws._worksheet_path) if hasattr(ws, "_worksheet_path") else None
                if hidden is not None and (hidden.rows or hidden.columns):  # (a row filtered out loads all the
                    # same: an adversarial reader; said, as of a hidden sheet)
                    shown_rows = ", ".join(map(str, hidden.rows[:5])) + (" and more" if len(hidden.rows) > 5 else "")
                    what = "; ".join(([f"{counted(len(hidden.rows), 'row')} ({shown_rows})"] if hidden.rows else [])
                                     + ([f"column{'s' if len(hidden.columns) > 1 else ''} "
                                         f"{', '.join(hidden.columns)}"] if hidden.columns else []))
                    yield RawRow(FILE_NOTE, {"text": f"{what} hidden in the sheet (filtered out?) were read like any "
                                                     "other: remove what should not be loaded"}, sheet_label, 1)
                yield from read_xlsx_sheet(rows, verdict.kind, sheet_label, hidden)
            except Exception as e:  # noqa: BLE001 - a damaged sheet part
                yield FileProblem(f"the sheet cannot be read further ({type(e).__name__}); "
                                  "save the workbook again", file=sheet_label)
    finally:
        wb.close()


_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]+)")
SPREADSHEET_ERROR = "holds the spreadsheet error"


@dataclass
class HiddenCells:
    """What the streaming reader does not read as it is, in one sheet (:func:`hidden_cells`)."""

    cells: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) -> why
    merges: list[tuple[int, int, int, int, str]] = field(default_factory=list)  # (row1, col1, row2, col2, "A1:B2")
    rows: list[int] = field(default_factory=list)  # rows hidden (filtered out?)
    columns: list[str] = field(default_factory=list)  # columns hidden, as letters or ranges ("D", "F:H")


def _letters(col: int) -> str:
    """4 -> "D", 27 -> "AA": a column's letters."""
    out = ""
    while col:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out


def _cell_position(ref: str) -> tuple[int, int] | None:
    """``"D12"`` -> (12, 4): the row and column of a cell reference."""
    m = _CELL_REF.fullmatch(ref or "")
    if m is None:
        return None
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def hidden_cells(path: Path, part: str) -> HiddenCells:
    """What the streaming reader does not read as it is in the sheet stored at ``part`` of the
    workbook: cells holding a formula saved without its value (what programs that write workbooks
    do; only a spreadsheet computes it) or a spreadsheet error (``#N/A``, ``#REF!``); and the merged
    ranges (every cell past a range's first reads empty: its value stands in the first only).
    Found by reading the sheet's XML as a stream, whatever the workbook's size."""
    import xml.etree.ElementTree as ET
    import zipfile

    found = HiddenCells()
    out = found.cells
    merges: list[str] = []
    row, col = 0, 0
    try:
        with zipfile.ZipFile(path) as z, z.open(part) as fh:
            for event, el in ET.iterparse(fh, events=("start", "end")):
                tag = el.tag.rsplit("}", 1)[-1]
                if event == "start":
                    if tag == "row":
                        row = int(el.get("r") or row + 1)
                        col = 0
                        if el.get("hidden") in ("1", "true"):
                            found.rows.append(row)
                    elif tag == "col" and el.get("hidden") in ("1", "true"):
                        lo, hi = int(el.get("min") or 0), int(el.get("max") or 0)
                        if 0 < lo <= hi <= 16384:
                            found.columns.append(_letters(lo) + (f":{_letters(hi)}" if hi > lo else ""))
                    continue
                if tag == "c":
                    at = _cell_position(el.get("r") or "")
                    row_, col = at if at is not None else (row, col + 1)
                    formula = value = None
                    saved = False  # a value saved: an empty one only as text (Excel's ="", t="str"); an empty
                    for child in el:  # <v> without a type is what programs that cannot compute write
                        name = child.tag.rsplit("}", 1)[-1]
                        if name == "f":
                            formula = child
                        elif name == "v":
                            value = child.text
                            saved = bool(value) or el.get("t") == "str"
                    if el.get("t") == "e":
                        out[row_, col] = (f"{SPREADSHEET_ERROR} {value or '#VALUE!'}: correct the cell "
                                          "(or its formula) and save the workbook, or write the value")
                    elif formula is not None and not saved:
                        text = f" {('=' + formula.text)[:40]!r}" if formula.text else ""
                        out[row_, col] = (f"holds the formula{text} with no value saved (the workbook was written "
                                          "by a program): open and save it in a spreadsheet, or write the value")
                    el.clear()
                elif tag == "row":
                    el.clear()
                elif tag == "mergeCell":
                    merges.append(el.get("ref") or "")
    except (zipfile.BadZipFile, KeyError, ET.ParseError, OSError, ValueError, EOFError):
        return found  # what is damaged, the streaming reader reports
    for ref in merges:
        first, _, last = ref.partition(":")
        top, bottom = _cell_position(first), _cell_position(last)
        if top is not None and bottom is not None:
            found.merges.append((*top, *bottom, ref))
    return found


# --- which files and sheets hold what --------------------------------------------------

FILE_NAMES = {PLURAL[k]: k for k in KINDS}  # "actors" -> "actor"
# Other names people give these files, each pointing at the dataset file meant.
SYNONYMS = {
    "actor": ("people", "persons", "person", "organizations", "organisations", "organization",
              "organisation", "orgs", "entities", "individuals"),
    "tie": ("relationships", "relations", "links", "edges", "connections", "contacts"),
    "affiliation": ("memberships", "members", "positions", "roles", "employment"),
    "influence": ("influences",),
    "event": ("meetings", "talks"),
    "participation": ("participants", "participations", "attendance", "attendees"),
    "restriction": ("sanctions", "bans", "proscriptions", "designations", "listings"),
}
TEXT_EXTENSIONS = (".csv", ".tsv", ".txt", ".tab", "")  # what may hold CSV under another name
DATA_EXTENSIONS = (".csv", ".tsv", ".txt", ".tab", ".xls", ".xlsx", ".ods", ".json", ".jsonl", ".ndjson")


@dataclass(frozen=True)
class NameVerdict:
    """What a file or sheet name says it holds: a record kind to read, or why it is not read."""

    kind: str | None = None
    fmt: str = "csv"  # csv, jsonl, xlsx
    suggestion: str | None = None  # for a name that looks like a dataset file but is not one
    meant: str | None = None  # the record kind such a name looks like


def classify_name(name: str, sheet: bool = False) -> NameVerdict:
    """Whether ``name`` (a file in a dataset folder, or a workbook's sheet) is read, and as what.

    Dataset CSV files are named exactly ``actors.csv``, ``ties.csv``...; JSON
    Lines files end in ``.jsonl``, workbooks in ``.xlsx``. A sheet is named like
    the CSV file, with or without ``.csv``, in any case. A name close to one of
    these gets a suggestion; any other is skipped.

    >>> classify_name("tie.csv").suggestion
    'did you mean ties.csv?'
    >>> classify_name("People.xlsx").kind, classify_name("Actors", sheet=True).kind
    (None, 'actor')
    """
    lower = name.lower().strip()
    if sheet:
        stem = lower[:-4] if lower.endswith(".csv") else lower
        if stem in FILE_NAMES:
            return NameVerdict(FILE_NAMES[stem])
        kind = _close_kind(stem)
        return NameVerdict(suggestion=f"did you mean a sheet named {PLURAL[kind]}?" if kind else None, meant=kind)
    if name in FILES:
        return NameVerdict(FILES[name])
    if lower.endswith((".jsonl", ".ndjson", ".ftm.json", ".ijson")):  # ours, or a FollowTheMoney stream
        return NameVerdict(fmt="jsonl")
    if lower.endswith((".xlsx", ".xlsm", ".xltx", ".xltm")):  # (a workbook with macros, a template: read alike)
        return NameVerdict(fmt="xlsx")
    stem, dot, ext = lower.rpartition(".")
    if not dot:
        stem, ext = lower, ""
    ext = "." + ext if ext else ""
    kind = _close_kind(stem)
    if ext in (".xls", ".ods", ".xlsb", ".numbers"):
        return NameVerdict(suggestion="this spreadsheet format is not read; save it as .xlsx (one sheet per "
                                      "record kind) or as CSV files")
    if ext == ".json":
        return NameVerdict(suggestion=f"JSON Lines files are read when their name ends in .jsonl: rename it "
                                      f"{stem}.jsonl")
    if kind and (ext in DATA_EXTENSIONS or not ext or name != name.strip()):
        proper = f"{PLURAL[kind]}.csv"
        why = ""
        if name != name.strip():
            why = " (the name has a space at its start or end)"
        elif not ext:
            why = " (the name has no .csv at its end)"
        elif lower == proper:
            why = " (file names are lower case)"
        elif ext != ".csv":
            why = " (comma, semicolon and tab separated files are read when named .csv)"
        return NameVerdict(suggestion=f"did you mean {proper}?{why}", meant=kind)
    return NameVerdict()


def header_kind(cells: Iterable[Any]) -> str | None:
    """The record kind whose required columns a row names (in any case), or None: what a file or
    sheet a load does not read by its name looks like it holds. Of two kinds, the one whose
    required columns are more (an actor's id, name, kind before an event's id, name).

    >>> header_kind(["A", "B", "Kind", "strength"]), header_kind(["id", "name", "start"]), header_kind(["x"])
    ('tie', 'event', None)
    >>> header_kind(["id", "name"]), header_kind(["member", "organization"]), header_kind(["actor", "event"])
    (None, 'affiliation', 'participation')
    """
    names = {str(c).strip().lower() for c in cells if c is not None}
    common = {"source", "confidence", "sensitivity", "note"}
    # every required column; and for an event, a column of its own beside id and name (``id,name`` alone
    # is any list of countries or codes; ``member,organization`` or ``actor,event`` say what they hold)
    fits = [k for k in KINDS if {f.name for f in SCHEMA[k] if f.required} <= names
            and (k != "event" or len({f.name for f in SCHEMA[k]} - common & names) >= 3)]
    return max(fits, key=lambda k: sum(f.required for f in SCHEMA[k]), default=None)


def sniff_header_kind(path: Path) -> str | None:
    """:func:`header_kind` of the first lines of a text file a folder load does not read by its name
    (``people.txt``, ``export (2).csv``), looked for where a header may stand (a title above it)."""
    try:
        with open(path, "rb") as f:
            head = f.read(64 * 1024)
    except OSError:
        return None
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    for line in _lines(text)[:HEADER_LOOKAHEAD]:
        try:
            row = next(csv.reader([line], delimiter=detect_separator(line)), [])
        except csv.Error:
            continue
        kind = header_kind(row)
        if kind is not None:
            return kind
    return None


def not_read_but_looks_like(kind: str, sheet: bool) -> str:
    """Why a file or sheet whose header is a dataset kind's was not read, and how to have it read."""
    need = ", ".join(f.name for f in SCHEMA[kind] if f.required)
    if sheet:
        return (f"the sheet was not read: its header names the columns of {PLURAL[kind]} ({need}), but sheets "
                f"are read by name; rename the sheet {PLURAL[kind]}")
    return (f"the file was not read: its header names the columns of {PLURAL[kind]} ({need}), but files are "
            f"read by name; rename it {PLURAL[kind]}.csv (or move it out of the folder)")


def _close_kind(stem: str) -> str | None:
    candidates: dict[str, str] = {}
    for kind in KINDS:
        candidates[PLURAL[kind]] = kind
        candidates[kind] = kind
        for s in SYNONYMS[kind]:
            candidates[s] = kind
    stem = stem.strip().replace(" ", "_").replace("-", "_")
    if stem in candidates:
        return candidates[stem]
    for plural in sorted(candidates, key=len, reverse=True):  # ties_2023, actors-old
        if len(plural) > 3 and stem.startswith(plural) and not stem[len(plural)].isalpha():
            return candidates[plural]
    close = difflib.get_close_matches(stem, list(candidates), n=1, cutoff=0.85)
    return candidates[close[0]] if close else None
