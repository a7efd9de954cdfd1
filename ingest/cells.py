"""Spreadsheet-safe CSV cells, and the way back.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a
tab or carriage return) as a formula: a name such as ``=HYPERLINK(...)`` in an
export would do something when a colleague opens the file. ``kg export``
therefore writes such a cell with a single quote in front, which spreadsheets
show as text; ``kg ingest`` takes one leading quote off a cell that is quotes
followed by one of those characters, so an exported folder loads back as the
same records. A cell that already began with quotes and one of those
characters gets one more quote on the way out, so the round trip holds for it
too.

>>> neutralise("=1+1"), unneutralise(neutralise("=1+1"))
("'=1+1", '=1+1')
>>> neutralise("'=x"), unneutralise("''=x")
("''=x", "'=x")
>>> neutralise("Peres"), unneutralise("'quoted'")
('Peres', "'quoted'")
"""

from __future__ import annotations

import dataclasses
import re

from ingest.readers import RawRow
from kg.errors import RecordError

_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_NEUTRALISED = re.compile(r"^'+[=+\-@\t\r]")


def neutralise(cell: str) -> str:
    """``cell`` as a spreadsheet will show it, never run it."""
    return "'" + cell if _FORMULA.match(cell) else cell


def unneutralise(cell: str) -> str:
    """The value a cell written by :func:`neutralise` stood for."""
    return cell[1:] if _NEUTRALISED.match(cell) else cell


def unneutralise_row(row: RawRow | RecordError) -> RawRow | RecordError:
    """A CSV row with every neutralised cell (and column name) turned back into its value."""
    if isinstance(row, RecordError):
        return row
    try:  # the usual case, nothing neutralised, told by two joins (C) rather than a test per cell
        if "\0'" not in "\0" + "\0".join(row.values.values()) and "\0'" not in "\0" + "\0".join(row.values):
            return row
    except TypeError:  # a cell or column name that is not text
        if not any(isinstance(v, str) and v[:1] == "'" for v in row.values.values()) \
                and not any(k[:1] == "'" for k in row.values if isinstance(k, str)):
            return row
    values = {unneutralise(k): unneutralise(v) if isinstance(v, str) else v for k, v in row.values.items()}
    return dataclasses.replace(row, values=values)
