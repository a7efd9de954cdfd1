"""The files analysts have: semicolon and tab separated CSV, other encodings, Excel workbooks,
and files broken part-way (a quote left open, a cell too long), read to the end."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ingest import load
from ingest.readers import detect_separator, guess_encoding
from kg.cli import main
from kg.errors import StrictLoadError

ACTORS = "id,name,kind,country\nx,Xavier,person,ISR\ny,Yasmin,person,PSE\n"


def _folder(tmp_path: Path, files: dict[str, bytes | str]) -> Path:
    folder = tmp_path / "ds"
    folder.mkdir(exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return folder


# --- separators ---------------------------------------------------------------------------

@pytest.mark.parametrize("sep", [";", "\t"])
def test_semicolon_and_tab_separated_files_load(sep, tmp_path, sqlite_store):
    actors = ACTORS.replace(",", sep)
    # European Excel: semicolons, a decimal comma, a list cell quoted because it holds the separator
    ties = f'a{sep}b{sep}kind{sep}strength{sep}source\nx{sep}y{sep}dialogue{sep}0,8{sep}"Beilin; Touching Peace"\n'
    report = load(sqlite_store, _folder(tmp_path, {"actors.csv": actors, "ties.csv": ties}), strict=True)
    assert report.accepted["actor"] == 2 and report.accepted["tie"] == 1
    (tie,) = sqlite_store.records("tie")
    assert (tie.a, tie.b, tie.strength, tie.source) == ("x", "y", 0.8, "Beilin; Touching Peace")
    # a track of 1,5 too (an adversary found it refused where 0,8 was read)
    more = f"id{sep}name{sep}kind{sep}track\nz{sep}Z{sep}person{sep}1,5\n"
    (tmp_path / "more").mkdir()
    load(sqlite_store, _folder(tmp_path / "more", {"actors.csv": more}), strict=True)
    assert [a.track for a in sqlite_store.records("actor") if a.id == "z"] == ["1.5"]


def test_separator_is_read_from_the_header_outside_quotes():
    assert detect_separator("member;organization;role;official\n") == ";"
    assert detect_separator("a\tb\tkind\n") == "\t"
    assert detect_separator('id,name,"kind;or;type"\n') == ","
    assert detect_separator("id\n") == ","


def test_a_comma_file_with_semicolon_lists_stays_comma_separated(tmp_path, sqlite_store):
    actors = 'id,name,kind,party\nx,Xavier,person,"Israel;Labor"\n'
    load(sqlite_store, _folder(tmp_path, {"actors.csv": actors}), strict=True)
    assert next(sqlite_store.records("actor")).party == ("Israel", "Labor")


def test_missing_column_message_says_how_the_file_was_split(tmp_path, sqlite_store):
    report = load(sqlite_store, _folder(tmp_path, {"actors.csv": "id|name|kind\nx|X|person\n"}))
    assert report.errors[0].describe().startswith(
        'actors.csv:1: id: required column "id" is missing from the header (found: id|name|kind; '
        "read as comma-separated)")


# --- encodings ----------------------------------------------------------------------------

CP1252_ACTORS = ("id,name,kind,country\n"
                 "x,Xavier,person,ISR\n"
                 "y,Yasmin,person,PSE\n"
                 "terje,Terje Rød-Larsen,person,NOR\n"
                 "mona,Mona Juul,person,NOR\n").encode("cp1252")


def test_a_windows_1252_file_names_the_line_and_the_likely_encoding(tmp_path, sqlite_store):
    report = load(sqlite_store, _folder(tmp_path, {"actors.csv": CP1252_ACTORS}))
    assert [e.describe() for e in report.errors] == [
        "actors.csv:4: the line is not UTF-8 text; it looks like Windows-1252 (cp1252): save the file as "
        "UTF-8, or load it with --encoding cp1252"]
    # the lines before and after the bad one are read, not dropped
    assert {a.id for a in sqlite_store.records("actor")} == {"x", "y", "mona"}
    (summary,) = report.summaries
    assert (summary.loaded, summary.fully_read) == (3, False)


def test_every_bad_line_is_named_the_first_with_the_advice(tmp_path, sqlite_store):
    data = "id,name,kind\na,Åse,person\nb,Bob,person\nc,Çelik,person\n".encode("cp1252")
    report = load(sqlite_store, _folder(tmp_path, {"actors.csv": data}))
    assert [e.describe() for e in report.errors] == [
        "actors.csv:2: the line is not UTF-8 text; it looks like Windows-1252 (cp1252): save the file as "
        "UTF-8, or load it with --encoding cp1252",
        "actors.csv:4: the line is not UTF-8 text either (see line 2)"]


def test_encoding_option_reads_the_file(tmp_path):
    folder = _folder(tmp_path, {"actors.csv": CP1252_ACTORS})
    db = str(tmp_path / "k.db")
    result = CliRunner().invoke(main, ["--db", db, "ingest", "--encoding", "cp1252", str(folder)])
    assert result.exit_code == 0, result.output
    out = CliRunner().invoke(main, ["--db", db, "search", "rod-larsen"])
    assert "Terje Rød-Larsen" in out.output


def test_encoding_option_leaves_the_folders_utf8_files_as_they_are(tmp_path, sqlite_store):
    """The error for a cp1252 file says to load with --encoding cp1252; the folder's other files may be
    UTF-8, and were misread (a note "Søren" as "SÃ¸ren", which redaction then no longer matched; found
    by an adversary). --encoding names the encoding of the files that are not UTF-8."""
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "actors.csv").write_bytes("id,name,kind\nsoren,Søren Kjær,person\nmona,Mona,person\n".encode("cp1252"))
    (folder / "ties.csv").write_bytes("a,b,kind,note\nsoren,mona,friendship,introduced by Søren Kjær\n"
                                      .encode())
    report = load(sqlite_store, folder, encoding="cp1252", strict=True)
    assert report.accepted["actor"] == 2
    assert [a.name for a in sqlite_store.records("actor") if a.id == "soren"] == ["Søren Kjær"]
    assert [t.note for t in sqlite_store.records("tie")] == ["introduced by Søren Kjær"]
    assert [n for n in report.notes if n.startswith("ties.csv")] == [  # said, not silent (a second reader)
        "ties.csv: read as UTF-8, not cp1252: its letters beyond ASCII are good UTF-8 (were it cp1252 text, "
        "save it as UTF-8 from a program that reads it right)"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "idna"])
def test_a_file_that_is_not_the_encoding_given_is_one_line_not_a_traceback(tmp_path, encoding):
    """Found by an adversary: UTF-16 (which the tool's own advice names) of an odd number of bytes, UTF-32
    or IDNA ended in a UnicodeDecodeError traceback: no escape keeps such bytes."""
    folder = _folder(tmp_path, {"actors.csv": CP1252_ACTORS})
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "k.db"), "ingest", "--encoding", encoding,
                                       str(folder)])
    assert result.exit_code == 1 and not (tmp_path / "k.db").exists()  # nothing loaded: no store left
    assert f"actors.csv:1: the file is not {encoding} text" in result.stderr, result.output
    assert "Traceback" not in result.output + result.stderr


def test_unknown_encoding_is_a_usage_error(tmp_path):
    folder = _folder(tmp_path, {"actors.csv": ACTORS})
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "k.db"), "ingest", "--encoding", "klingon",
                                       str(folder)])
    assert result.exit_code == 2
    assert '"klingon" is not an encoding Python knows' in result.output


@pytest.mark.parametrize("encoding,text", [
    ("cp1252", "Ministère des Affaires étrangères"),
    ("cp1251", "Сергей Лавров"),
    ("cp1256", "ياسر عرفات"),
    ("cp1255", "שמעון פרס"),
])
def test_likely_encoding_of_names_in_four_scripts(encoding, text):
    assert guess_encoding(f"x,{text},person\n".encode(encoding)) == encoding


def test_utf16_file_is_named_with_the_fix(tmp_path, sqlite_store):
    report = load(sqlite_store, _folder(tmp_path, {"actors.csv": ACTORS.encode("utf-16")}))
    assert report.errors[0].describe() == ("actors.csv:1: the file is UTF-16 text, not UTF-8; save it as UTF-8, "
                                           "or load it with --encoding utf-16")
    load(sqlite_store, _folder(tmp_path, {"actors.csv": ACTORS.encode("utf-16")}), encoding="utf-16",
         strict=True)
    assert sqlite_store.counts()["actors"] == 2


def test_utf32_file_is_named_as_utf32_not_utf16(tmp_path, sqlite_store):
    """Found by an adversary: UTF-32 (whose mark begins as UTF-16's) was said to be UTF-16, and the advice gave
    three lines of NUL-strewn text."""
    data = ACTORS.encode("utf-32")
    report = load(sqlite_store, _folder(tmp_path, {"actors.csv": data}))
    assert [e.describe() for e in report.errors] == [
        "actors.csv:1: the file is UTF-32 text, not UTF-8; save it as UTF-8, or load it with --encoding utf-32"]
    assert sqlite_store.counts()["actors"] == 0
    load(sqlite_store, _folder(tmp_path, {"actors.csv": data}), encoding="utf-32", strict=True)
    assert sqlite_store.counts()["actors"] == 2


def test_a_file_that_is_no_text_is_said_to_be_what_it_is(tmp_path, sqlite_store):
    """Found by an adversary: a workbook, a zip or a gzip renamed actors.csv was given an encoding to try
    (cp1252, or "mixes two encodings"), which read three lines of binary; a folder of actors.csv.gz was told
    only that it has no actors.csv. Each is one line saying what the file is, even under --encoding."""
    import gzip
    import io
    import zipfile

    from ingest.load import InputError

    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as z:
        z.writestr("actors.csv", ACTORS)
    for data, what in ((packed.getvalue(), "it is a zip archive (an Excel workbook, .xlsx, is one)"),
                       (gzip.compress(ACTORS.encode()), "it is gzip-compressed: unpack it first"),
                       (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)), "an old Excel workbook (.xls)")):
        for encoding in (None, "cp1252"):
            report = load(sqlite_store, _folder(tmp_path, {"actors.csv": data}), encoding=encoding)
            [error] = report.errors
            assert error.describe().startswith("actors.csv:1: the file is not text: ") and what in error.describe()
    assert sqlite_store.counts()["actors"] == 0
    folder = tmp_path / "gz"
    folder.mkdir()
    (folder / "actors.csv.gz").write_bytes(gzip.compress(ACTORS.encode()))
    with pytest.raises(InputError) as e:
        load(sqlite_store, folder)
    assert str(e.value).endswith("; actors.csv.gz: compressed, unpack it first"), e.value
    # beside an actors.csv, a compressed ties file is said not read, not "skipped" (a second reader); --strict stops
    (folder / "actors.csv").write_text(ACTORS)
    (folder / "ties.csv.gz").write_bytes(gzip.compress(b"a,b,kind\n"))
    with pytest.raises(StrictLoadError):
        load(sqlite_store, folder, strict=True)
    report = load(sqlite_store, folder)
    assert any("it is compressed; unpack it first" in p.describe() and "ties.csv.gz" in p.describe()
               for p in report.errors), report.errors


def test_a_plain_ascii_file_beside_a_utf16_one_is_read_as_utf8_under_encoding_utf16(tmp_path, sqlite_store):
    """Found by an adversary: one sheet saved from Excel as "Unicode text" (UTF-16) beside plain CSVs; the
    tool's advice, --encoding utf-16, read the plain ASCII ties.csv as UTF-16 too (three lines of garbage
    for its header). Plain ASCII is UTF-8, and is read so, with a note."""
    folder = _folder(tmp_path, {"actors.csv": ACTORS.encode("utf-16"),
                                "ties.csv": b"a,b,kind\nx,y,friendship\n"})
    report = load(sqlite_store, folder, encoding="utf-16", strict=True)
    assert not report.errors and sqlite_store.counts()["ties"] == 1
    assert any("ties.csv: read as UTF-8, not utf-16: it is plain ASCII text" in n for n in report.notes), report.notes


@pytest.mark.parametrize("order", ["le", "be"])
def test_a_utf16_file_without_a_byte_order_mark_is_named_in_one_line(tmp_path, sqlite_store, order):
    """Found by an adversary: UTF-16 without a byte-order mark gave three "required column is missing"
    lines with raw NUL bytes in them; it is one line naming the encoding to give."""
    report = load(sqlite_store, _folder(tmp_path, {"actors.csv": ACTORS.encode(f"utf-16-{order}")}))
    endian = {"le": "little-endian", "be": "big-endian"}[order]
    assert [e.describe() for e in report.errors] == [
        f"actors.csv:1: the file looks like UTF-16 text ({endian}) without a byte-order mark, not UTF-8; save it "
        f"as UTF-8, or load it with --encoding utf-16-{order}"]
    load(sqlite_store, _folder(tmp_path, {"actors.csv": ACTORS.encode(f"utf-16-{order}")}), encoding=f"utf-16-{order}",
         strict=True)
    assert sqlite_store.counts()["actors"] == 2


def test_a_text_longer_than_a_csv_cell_is_refused_in_every_format_so_exports_load_back(tmp_path, sqlite_store):
    """Found by an adversary: JSON Lines took a 17 MiB note; the CSV export wrote it, and loading that
    export refused the row with "a quote opened on this line is probably never closed" (it was closed).
    A value holds at most TEXT_LIMIT characters in every format, one line naming the field."""
    import json

    from kg.model import TEXT_LIMIT
    from kg.store.sqlite import SQLiteStore

    rows = [{"type": "actor", "id": "a", "name": "A", "kind": "person", "description": "x" * (TEXT_LIMIT + 1)},
            {"type": "actor", "id": "b", "name": "B", "kind": "person", "description": "y" * TEXT_LIMIT}]
    report = load(sqlite_store, _folder(tmp_path, {"data.jsonl": "".join(json.dumps(r) + "\n" for r in rows)}))
    assert [e.describe() for e in report.errors] == [
        f"data.jsonl:1: description: is {TEXT_LIMIT + 1:,} characters long; a value holds at most {TEXT_LIMIT:,} "
        "(keep a longer text in a document the record's source names)"]
    out = tmp_path / "export"
    assert CliRunner().invoke(main, ["--db", sqlite_store.path, "export", str(out)]).exit_code == 0
    again = SQLiteStore(tmp_path / "again.db")
    assert not load(again, out, strict=True).errors
    assert [len(a.description) for a in again.records("actor")] == [TEXT_LIMIT]
    again.close()


def test_jsonl_bad_bytes_reject_only_their_line(tmp_path, sqlite_store):
    data = ('{"type": "actor", "id": "a", "name": "A", "kind": "person"}\n'
            '{"type": "actor", "id": "b", "name": "Bø", "kind": "person"}\n'
            '{"type": "actor", "id": "c", "name": "C", "kind": "person"}\n').encode("cp1252")
    report = load(sqlite_store, _folder(tmp_path, {"data.jsonl": data}))
    assert report.errors[0].describe().startswith("data.jsonl:2: the line is not UTF-8 text")
    assert {a.id for a in sqlite_store.records("actor")} == {"a", "c"}


# --- broken quoting and over-long cells: named, and the rest of the file still read -------------

def test_a_quote_never_closed_is_named_and_the_lines_after_it_load(tmp_path, sqlite_store):
    actors = ACTORS + 'q,"Quentin,person\nr,Rana,person\ns,Sami,person\n'
    report = load(sqlite_store, _folder(tmp_path, {"actors.csv": actors.replace(",country", "").replace(",ISR", "")
                                                   .replace(",PSE", "")}))
    assert [e.describe() for e in report.errors] == [
        'actors.csv:4: a quote (") opened on this line is never closed (it runs to the end of the file, line 6); '
        "the lines after it are read on their own"]
    assert {a.id for a in sqlite_store.records("actor")} == {"x", "y", "r", "s"}
    assert not report.summaries[0].fully_read


def test_a_quote_closed_lines_later_is_named_and_the_lines_between_load(tmp_path, sqlite_store):
    actors = 'id,name,kind\nq,"Quentin,person\nr,Rana,person\ns,"Sami",person\nt,Tal,person\n'
    report = load(sqlite_store, _folder(tmp_path, {"actors.csv": actors}))
    assert report.errors[0].describe().startswith("actors.csv:2: the row has")
    assert "the row runs from line 2 to line 4" in report.errors[0].describe()
    assert {a.id for a in sqlite_store.records("actor")} == {"r", "s", "t"}


def test_a_cell_longer_than_the_csv_limit_is_named_and_the_rest_loads(tmp_path, sqlite_store):
    huge = "x" * (csv.field_size_limit() + 10)
    actors = f'id,name,kind\na,A,person\nb,"{huge},person\nc,C,person\n'
    report = load(sqlite_store, _folder(tmp_path, {"actors.csv": actors}))
    (err,) = report.errors
    assert err.describe().startswith(f"actors.csv:3: the line cannot be read as CSV (a cell runs past "
                                     f"{csv.field_size_limit():,} characters")
    assert {a.id for a in sqlite_store.records("actor")} == {"a", "c"}


def test_a_legitimate_multi_line_note_still_loads(tmp_path, sqlite_store):
    actors = 'id,name,kind,note\na,A,person,"first line\nsecond line, with a comma"\nb,B,person,\n'
    load(sqlite_store, _folder(tmp_path, {"actors.csv": actors}), strict=True)
    notes = {a.id: a.note for a in sqlite_store.records("actor")}
    assert notes == {"a": "first line\nsecond line, with a comma", "b": ""}


# --- Excel workbooks ----------------------------------------------------------------------

def _workbook(path: Path, sheets: dict[str, list[list]], formats: dict[tuple[str, str], str] | None = None) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    for (title, cell), fmt in (formats or {}).items():
        wb[title][cell].number_format = fmt
    wb.save(path)
    return path


def test_workbook_sheets_load_like_the_csv_files(tmp_path, sqlite_store):
    book = _workbook(tmp_path / "book.xlsx", {
        "Actors": [["id", "name", "kind", "country", "track"],
                   ["x", "Xavier", "person", "ISR", 1.5], ["y", "Yasmin", "person", "PSE", 2]],
        "ties.csv": [["a", "b", "kind", "strength", "start", "end", "source"],
                     ["x", "y", "dialogue", 0.8, datetime(1993, 1, 20), datetime(1993, 5, 1), 1234]],
        "Notes": [["anything"]],
    }, formats={("ties.csv", "F2"): "mmm-yy"})
    report = load(sqlite_store, book, strict=True)
    assert report.accepted["actor"] == 2 and report.accepted["tie"] == 1
    assert {a.id: a.track for a in sqlite_store.records("actor")} == {"x": "1.5", "y": "2"}
    (tie,) = sqlite_store.records("tie")
    # a date cell becomes ISO; one shown as month-year was typed as a month; a number reads as the CSV would
    assert (tie.strength, tie.start, tie.end, tie.source) == (0.8, "1993-01-20", "1993-05", "1234")
    assert report.skipped == [f"{book}[Notes]"]
    assert [s.file for s in report.summaries] == [f"{book}[Actors]", f"{book}[ties.csv]"]


@pytest.mark.parametrize("fmt, end", [("mmm-yy", "1993-03"), ("[$-de-DE]mmm yy", "1993-03"),
                                      ("[Red]mmm-yy", "1993-03"), ("[$-da-DK]yyyy", "1993"),
                                      ('mmm "de" yyyy', "1993-03"), ("[Yellow]mmm", "1993-03-01"),
                                      ("[$-en-US]yyyy-mm-dd", "1993-03-01"), ("dd/mm/yyyy;[Red]yyyy", "1993-03-01")])
def test_a_month_year_date_cell_reads_as_its_month_whatever_decorates_its_format(tmp_path, sqlite_store, fmt, end):
    """Found by an adversary: a date cell shown as month-year read as one day when its number format held a
    "d" anywhere, in a locale tag ([$-de-DE]) or a colour ([Red]): an end shown as "Mär 93" ended on
    1 March, not 31 March, silently. Only the format's codes say what is shown."""
    book = _workbook(tmp_path / "book.xlsx", {
        "actors": [["id", "name", "kind"], ["x", "Xavier", "person"], ["y", "Yasmin", "person"]],
        "ties": [["a", "b", "kind", "start", "end"],
                 ["x", "y", "dialogue", datetime(1990, 1, 1), datetime(1993, 3, 1)]],
    }, formats={("ties", "E2"): fmt})
    load(sqlite_store, book, strict=True)
    (tie,) = sqlite_store.records("tie")
    assert tie.end == end


def test_a_date_cell_with_a_time_in_a_locale_format_without_hours_reads_as_its_day():
    """The "s" of a locale tag ([$-en-US]) was taken for seconds shown: the cell read as a day and a time."""
    from ingest.readers import _cell_text

    assert _cell_text(datetime(1993, 3, 1, 14, 30), "[$-en-US]dd/mm/yyyy") == "1993-03-01"
    assert _cell_text(datetime(1993, 3, 1, 14, 30), "dd/mm/yyyy hh:mm") == "1993-03-01 14:30:00"


def test_a_sheet_of_another_name_holding_records_is_not_passed_over(tmp_path, sqlite_store):
    """A workbook's "Sheet1" holding the ties had been skipped in silence, and --replace then removed every
    stored tie. A sheet whose header (on its first rows) is a record kind's is reported, naming the kind."""
    book = _workbook(tmp_path / "book.xlsx", {
        "actors": [["id", "name", "kind"], ["x", "Xavier", "person"], ["y", "Yasmin", "person"]],
        "Sheet1": [["Ties, as of May"], [], ["A", "B", "Kind"], ["x", "y", "dialogue"]],
        "people": [["member", "organization", "role"], ["x", "y", "head"]],
        "Notes": [["id", "comment"], ["x", "to check"]],
        "Countries": [["id", "name"], ["NOR", "Norway"]],  # (any list of codes: not taken for events)
    })
    report = load(sqlite_store, book)
    assert [e.describe().removeprefix(f"{tmp_path}/") for e in report.errors] == [
        "book.xlsx[Sheet1]: the sheet was not read: its header names the columns of ties (a, b, kind), but "
        "sheets are read by name; rename the sheet ties",
        "book.xlsx[people]: the sheet was not read: its header names the columns of affiliations (member, "
        "organization), but sheets are read by name; rename the sheet affiliations",
    ]
    assert report.skipped == [f"{book}[Notes]", f"{book}[Countries]"] and report.exit_code == 3
    with pytest.raises(StrictLoadError):
        load(sqlite_store, book, replace=True)


def test_workbook_problems_name_the_sheet_and_its_row(tmp_path, sqlite_store):
    book = _workbook(tmp_path / "book.xlsx", {
        "actors": [["id", "name", "kind"], ["x", "Xavier", "person"], [None, None, None],
                   ["z", "Zed", "persn"]],
        "tie": [["a", "b", "kind"], ["x", "x", "dialogue"]],
    })
    report = load(sqlite_store, book)
    assert [e.describe().removeprefix(f"{tmp_path}/") for e in report.errors] == [
        'book.xlsx[actors]:4: kind: is "persn"; expected person or organization (did you mean "person"?)',
        "book.xlsx[tie]: the sheet was not read: did you mean a sheet named ties?",
    ]
    assert report.exit_code == 3


def test_workbook_in_a_folder_is_read_and_a_broken_one_is_one_line(tmp_path, sqlite_store):
    folder = _folder(tmp_path, {"broken.xlsx": b"PK\x03\x04 not really a zip"})
    _workbook(folder / "book.xlsx", {"actors": [["id", "name", "kind"], ["x", "Xavier", "person"]]})
    report = load(sqlite_store, folder)
    assert report.accepted["actor"] == 1
    (err,) = report.errors
    assert err.describe().startswith("broken.xlsx: the file cannot be read as an Excel workbook (")
    assert report.exit_code == 3


# --- found by an adversarial reader of the formats ------------------------------------------------

def actors_workbook(rows: list[list[Any]]) -> Any:
    """A workbook whose one sheet, "actors", holds ``rows`` under id, name, kind, sensitivity."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "actors"
    wb.active.append(["id", "name", "kind", "sensitivity"])
    for row in rows:
        wb.active.append(row)
    return wb


def test_a_workbook_formula_without_its_value_and_merged_cells_are_named_not_read_as_empty(tmp_path,
                                                                                         sqlite_store):
    """openpyxl (and pandas, xlsxwriter) save a formula without its value, and a merged cell holds its
    value in its first row only: both read as empty cells, and a row marked confidential loaded as
    public without a word."""
    wb = actors_workbook([["src", "Informant", "person", '="confidential"'], ["p0", "P0", "person", "confidential"],
                          ["p1", "P1", "person", None], ["p2", "P2", "person", None]])
    ws = wb.active
    ws.merge_cells("D3:D5")
    wb.create_sheet("ties")  # an unused, empty sheet: nothing to say about it
    wb["ties"].append(["a", "b", "kind"])
    wb["ties"].append(["p0", "p1", "friendship"])  # (p1's row was refused: said so, as in CSV; an adversary)
    wb.save(tmp_path / "book.xlsx")
    report = load(sqlite_store, tmp_path / "book.xlsx")
    said = [e.describe().removeprefix(f"{tmp_path}/") for e in report.errors]
    assert said[0].startswith("book.xlsx[actors]:2: sensitivity: holds the formula '=\"confidential\"' with no "
                              "value saved")
    assert [s[:55] for s in said[1:3]] == ["book.xlsx[actors]:4: sensitivity: is merged into D3:D5,",
                                           "book.xlsx[actors]:5: sensitivity: is merged into D3:D5,"]
    assert [x.replace(f"{tmp_path}/", "") for x in said[3:]] == [
        'book.xlsx[ties]:2: b: names actor "p1", which was refused at book.xlsx[actors]:4 (see there); correct '
        "that row"]
    assert {a.id: a.sensitivity for a in sqlite_store.records("actor")} == {"p0": "confidential"}
    assert [s.file for s in report.summaries] == [f"{tmp_path}/book.xlsx[actors]", f"{tmp_path}/book.xlsx[ties]"]


def _actors_book(path, rows, merges=()):
    """A workbook whose one sheet, "actors", holds ``rows`` (the header first), with cells merged."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "actors"
    for row in rows:
        ws.append(row)
    for cells in merges:
        ws.merge_cells(cells)
    wb.save(path)
    return ws


def test_spreadsheet_errors_and_cells_merged_across_are_named_not_read(tmp_path, sqlite_store):
    """A cell showing #N/A or #REF! loaded as the actor's name or party, and a cell merged with the one
    to its left read as empty (found by an adversary). The sheet is read as a stream for these, whatever
    the workbook's size (a workbook over 50 MB used to skip the check and load merged confidential rows
    as public)."""
    ws = _actors_book(tmp_path / "book.xlsx", [["id", "name", "kind", "party"], ["a", "#N/A", "person", "#REF!"],
                                               ["b", "B", "person", None], ["c", "C", "person", None],
                                               ["d", "D", "person", "P"]],
                      ["B3:C3"])  # the kind of b stands under B3, which holds its name
    assert ws["B2"].data_type == "e"
    report = load(sqlite_store, tmp_path / "book.xlsx")
    said = [e.describe().removeprefix(f"{tmp_path}/") for e in report.errors]
    assert said == [
        "book.xlsx[actors]:2: name: holds the spreadsheet error #N/A: correct the cell (or its formula) and save "
        "the workbook, or write the value",
        "book.xlsx[actors]:3: kind: is merged into B3:C3, whose value stands in its first cell only; unmerge the "
        "cells and fill in each"]
    assert sorted(a.id for a in sqlite_store.records("actor")) == ["c", "d"]


@pytest.mark.parametrize("where", ["csv", "xlsx"])
def test_a_header_in_capitals_or_lower_down_is_one_line_saying_so(tmp_path, sqlite_store, where):
    """`ID,Name,Kind`, or a title and a blank line above the header, gave three lines (one a missing
    column) and no hint (found by an adversary)."""
    import openpyxl

    def write(name: str, rows: list[list[str]]):
        if where == "csv":
            (path := tmp_path / name / "actors.csv").parent.mkdir()
            path.write_text("".join(",".join(r) + "\n" for r in rows))
            return path.parent, "actors.csv"
        wb = openpyxl.Workbook()
        wb.active.title = "actors"
        for r in rows:
            wb.active.append(r or [None])
        wb.save(path := tmp_path / f"{name}.xlsx")
        return path, f"{name}.xlsx[actors]"

    unit = "line" if where == "csv" else "row"
    path, label = write("caps", [["ID", "Name", "Kind", "Sensitivity", "Region"], ["a", "A", "person", "", ""]])
    said = [e.describe().removeprefix(f"{tmp_path}/") for e in load(sqlite_store, path).errors]
    assert said == [f'{label}:1: ID: the header writes "ID", "Name", "Kind", "Sensitivity" with capitals; column '
                    "names are lower case (id, name, kind, sensitivity): write them so"]
    path, label = write("part", [["ID", "Name", "sensitivity"], ["a", "A", ""]])  # kind missing as well
    said = [e.describe().removeprefix(f"{tmp_path}/") for e in load(sqlite_store, path).errors]
    assert said == [f'{label}:1: ID: the header writes "ID", "Name" with capitals; column names are lower case '
                    "(id, name): write them so; and the header has no kind column"]
    path, label = write("low", [["Actors of the Oslo channel"], [], ["id", "name", "kind"], ["a", "A", "person"]])
    said = [e.describe().removeprefix(f"{tmp_path}/") for e in load(sqlite_store, path).errors]
    assert said == [f"{label}:1: the header must be the first {unit}; {unit} 3 looks like it (it names id, "
                    f"name, kind): remove the 2 {unit}s above it"]
    assert sqlite_store.counts()["actors"] == 0


def test_an_empty_formula_result_a_merge_past_the_header_and_blank_lines_above_a_csv_header(tmp_path,
                                                                                       sqlite_store):
    """Found by a second reader: a formula whose saved value is the empty text (=IF(...,"",...), saved
    by Excel as an empty <v>) was refused as never computed; a merge into a column with no header
    refused a row whose named cells were all there; blank lines above a CSV header said "the file is
    empty"."""
    import zipfile

    _actors_book(book := tmp_path / "book.xlsx", [["id", "name", "kind", "note"], ["a", "A", "person", "PLACEHOLDER"],
                                                   ["b", "B", "person", "wide note"]], ["D3:E3"])  # E has no header
    with zipfile.ZipFile(book) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    cell = parts[sheet].decode()
    start = cell.index('<c r="D2"')
    end = cell.index("</c>", start) + len("</c>")
    parts[sheet] = (cell[:start] + '<c r="D2" t="str"><f>IF(1=1,"","x")</f><v></v></c>' + cell[end:]).encode()
    with zipfile.ZipFile(book, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    report = load(sqlite_store, book, strict=True)
    assert report.accepted["actor"] == 2
    assert {a.id: a.note for a in sqlite_store.records("actor")} == {"a": "", "b": "wide note"}
    (folder := tmp_path / "csv").mkdir()
    (folder / "actors.csv").write_text("\n\nid,name,kind\na,A,person\n")
    said = [e.describe() for e in load(sqlite_store, folder).errors]
    assert said == ["actors.csv:1: the header must be the first line; line 3 is the first that is not empty: "
                    "remove the 2 empty lines above it"]


def test_a_merge_from_a_column_with_no_name_still_guards_the_named_ones(tmp_path, sqlite_store):
    """D has no header and E is sensitivity; D2:E4 merged, "confidential" in D2: rows 3 and 4 read E empty
    and loaded as public (a third reader). Every row of the range is named at its first named cell."""
    _actors_book(book := tmp_path / "book.xlsx",
                 [["id", "name", "kind", None, "sensitivity"],
                  *([f"a{i}", f"A{i}", "person", "confidential" if i == 0 else None, None] for i in range(3))],
                 ["D2:E4"])
    report = load(sqlite_store, book)
    assert [(e.line, e.field) for e in report.errors] == [(2, "sensitivity"), (3, "sensitivity"), (4, "sensitivity")]
    assert list(sqlite_store.records("actor")) == []


def test_json_lines_with_old_mac_line_ends_load(tmp_path, sqlite_store):
    path = tmp_path / "d.jsonl"
    path.write_bytes(b'{"type": "actor", "id": "a", "name": "A", "kind": "person"}\r'
                     b'{"type": "actor", "id": "b", "name": "B", "kind": "person"}\r')
    assert load(sqlite_store, path, strict=True).accepted["actor"] == 2


def test_an_ftm_line_too_deep_too_long_or_not_utf8_is_named_and_the_others_load(tmp_path, sqlite_store):
    lines = [b'{"id": "p1", "schema": "Person", "properties": {"name": ["One"], "notes": '
             + b"[" * 100_000 + b"]" * 100_000 + b"}}",
             b'{"id": "p2", "schema": "Person", "properties": {"name": ["Two"]}, "n": ' + b"9" * 5000 + b"}",
             '{"id": "p3", "schema": "Person", "properties": {"name": ["Rød"]}}'.encode("cp1252"),
             b'{"id": "p4", "schema": "Person", "properties": {"name": ["Four"]}}']
    (tmp_path / "e.ftm.json").write_bytes(b"\n".join(lines) + b"\n")
    report = load(sqlite_store, tmp_path / "e.ftm.json")
    assert [e.describe().removeprefix(f"{tmp_path}/") for e in report.errors] == [
        "e.ftm.json:1: the line is not valid JSON here: it nests too deep",
        "e.ftm.json:2: the line is not valid JSON here: Exceeds the limit (4300 digits) for integer string "
        "conversion: value has 5000 digits",
        "e.ftm.json:3: the line is not UTF-8 text (byte 60 of the line); save the file as UTF-8"]
    assert [a.name for a in sqlite_store.records("actor")] == ["Four"]


def test_a_file_mixing_utf8_and_windows_1252_says_so_rather_than_suggest_one_encoding(tmp_path, sqlite_store):
    """Found by an adversarial reader: the hint '--encoding cp1252' loaded the bad line and turned
    every good UTF-8 line into mojibake (Rød read as RÃ¸d)."""
    folder = _folder(tmp_path, {"actors.csv": "id,name,kind\nr,Rød,person\n".encode() + b"x,R\xf8d Two,person\n"})
    report = load(sqlite_store, folder)
    [err] = report.errors
    assert err.describe() == ("actors.csv:3: the line is not UTF-8 text, though other lines of the file are: if the "
                              "file mixes two encodings, load it with --encoding cp1252 if this line is Windows-1252 "
                              "(the lines of good UTF-8 are still read as UTF-8), or retype this line and save the "
                              "file as UTF-8")
    assert [a.name for a in sqlite_store.records("actor")] == ["Rød"]


def test_encoding_given_for_a_file_mixing_utf8_lines_reads_those_lines_as_utf8(tmp_path, sqlite_store):
    """Found by an adversary: --encoding cp1252 on a file that is UTF-8 but for one line typed on a Windows
    machine read every UTF-8 line as cp1252 (Rød as RÃ¸d, ids too), exit 0, no note: the same folder loaded
    earlier as UTF-8 got a second, mojibake copy of each actor whose id has a letter beyond ASCII. A line of
    good UTF-8 beyond ASCII is read as UTF-8 now, said in a note; the others in the encoding given."""
    utf8 = "id,name,kind\nrød-larsen,Terje Rød-Larsen,person\njuul,Mona Juul,person\n".encode()
    folder = _folder(tmp_path, {"actors.csv": utf8})
    load(sqlite_store, folder, strict=True)
    (folder / "actors.csv").write_bytes(utf8 + "x1,Ærø Kommune,organization\r\n".encode("cp1252")
                                        + "sø,Søren,person\n".encode())
    report = load(sqlite_store, folder, encoding="cp1252", strict=True)
    assert sorted((a.id, a.name) for a in sqlite_store.records("actor")) == [
        ("juul", "Mona Juul"), ("rød-larsen", "Terje Rød-Larsen"), ("sø", "Søren"), ("x1", "Ærø Kommune")]
    assert report.notes == ["actors.csv: lines 2, 5 are read as UTF-8, not cp1252: their letters beyond ASCII are "
                            "good UTF-8 (the file mixes two encodings: check those lines, and save the file as UTF-8)"]


def test_an_encoding_of_several_bytes_a_letter_given_for_a_file_with_utf8_lines_is_refused(tmp_path, sqlite_store):
    """In Shift JIS or GBK a short line may be good UTF-8 by chance: a file mixing them is named, not guessed."""
    folder = _folder(tmp_path, {"actors.csv": "id,name,kind\nrød,Rød,person\n".encode()
                                + "j,山田,person\n".encode("shift_jis")})
    report = load(sqlite_store, folder, encoding="shift_jis")
    assert [e.describe() for e in report.errors] == [
        "actors.csv:1: the file mixes two encodings: line 2 is good UTF-8 with letters beyond ASCII, which "
        "--encoding shift_jis would misread; save the whole file as UTF-8 and load it without --encoding"]
    assert sqlite_store.counts()["actors"] == 0


def test_workbooks_with_macros_are_read_and_other_spreadsheets_named_not_skipped(tmp_path, sqlite_store):
    """Found by an adversary: an .xlsm (a workbook with macros), .xltx, .xlsb, or a "ties" file without
    .csv were skipped in silence as "not a dataset file", so --replace removed what they held."""
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "actors.csv").write_text("id,name,kind\na,A,person\n", encoding="utf-8")
    _workbook(folder / "book.xlsm", {"actors": [["id", "name", "kind"], ["b", "B", "person"]],
                                     "ties": [["a", "b", "kind"], ["a", "b", "friendship"]]})
    (folder / "c.xlsb").write_bytes(b"PK\x03\x04")
    (folder / "ties").write_text("a,b,kind\na,b,family\n", encoding="utf-8")
    (folder / "events.csv ").write_text("id,name,start\ne,E,2000\n", encoding="utf-8")
    report = load(sqlite_store, folder)
    assert report.loaded["actors"] == 2 and report.loaded["ties"] == 1
    assert sorted(e.describe() for e in report.errors) == [
        "c.xlsb: the file was not read: this spreadsheet format is not read; save it as .xlsx (one sheet per "
        "record kind) or as CSV files",
        "events.csv : the file was not read: did you mean events.csv? (the name has a space at its start or end)",
        "ties: the file was not read: did you mean ties.csv? (the name has no .csv at its end)"]


def test_a_file_name_with_a_newline_is_printed_on_one_line(tmp_path):
    """Found by an adversary: a newline in a file's name broke the table of files in two."""
    folder = _folder(tmp_path, {"actors.csv": ACTORS, "notes\n2024.txt": "x", "ti\nes.csv": "a,b,kind\n"})
    r = CliRunner().invoke(main, ["--db", str(tmp_path / "k.db"), "ingest", str(folder)])
    assert "  notes\\n2024.txt     skipped: not a dataset file\n" in r.output
    assert "  ti\\nes.csv          not read: did you mean ties.csv?\n" in r.output
    assert "ti\\nes.csv: the file was not read: did you mean ties.csv?" in r.stderr


def test_workbook_cells_the_spreadsheet_changed_are_named_and_hidden_sheets_noted(tmp_path, sqlite_store):
    """Found by an adversary: an id typed as a number of 24 digits loaded as "1.234567890123457e+23"
    (a spreadsheet keeps 15 digits: the id was changed when typed), a negative date serial loaded as
    1899-12-25, and a hidden sheet's rows loaded without a word."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "actors"
    ws.append(["id", "name", "kind"])
    ws.append([123456789012345678901234, "Big", "person"])
    ws.append([12345, "Short", "person"])  # (an id of a few digits is kept, as text)
    ws.append([1234567890123450, "Sixteen", "person"])  # (held as digits: a second reader)
    events = wb.create_sheet("events")
    events.append(["id", "name", "start"])
    events.append(["e1", "Talks", None])
    events["C2"] = -5
    events["C2"].number_format = "yyyy-mm-dd"
    events.sheet_state = "hidden"
    wb.save(tmp_path / "book.xlsx")
    report = load(sqlite_store, tmp_path / "book.xlsx")
    said = [e.describe().replace(f"{tmp_path}/", "") for e in report.errors]
    assert said[0].startswith("book.xlsx[actors]:2: id: is the number 1.23456789012346e+23, of more digits than a "
                              "spreadsheet keeps (15): the id may have changed")
    assert said[1].startswith("book.xlsx[actors]:4: id: is the number 1234567890123450, of more digits")
    assert said[2].startswith("book.xlsx[events]:2: start: is a date cell before 1900 (1899-12-25)")
    assert [a.id for a in sqlite_store.records("actor")] == ["12345"] and not list(sqlite_store.records("event"))
    assert any("book.xlsx[events]: the sheet is hidden in the workbook" in n for n in report.notes), report.notes


def test_hidden_rows_and_columns_of_a_workbook_are_said_to_be_read(tmp_path):
    """Found by an adversarial reader: a row the analyst filtered out (hidden) loaded without a word, where
    a hidden sheet gets a note."""
    wb = actors_workbook([["h1", "Hidden row", "person", "public"], ["v1", "Visible", "person", "confidential"]])
    ws = wb.active
    ws.row_dimensions[2].hidden = True
    ws.column_dimensions["D"].hidden = True
    wb.save(tmp_path / "hid.xlsx")
    r = CliRunner().invoke(main, ["--db", str(tmp_path / "k.db"), "ingest", str(tmp_path / "hid.xlsx")])
    assert r.exit_code == 0, r.output
    assert "hid.xlsx[actors]: 1 row (2); column D hidden in the sheet (filtered out?) were read" in r.output


def test_a_workbook_value_under_a_column_with_no_name_is_said_by_its_letter(tmp_path, sqlite_store):
    """Found by an analyst: 'book.xlsx[actors]:2: "": a column with no name holds a value' did not say which
    of a sheet's columns; the column's letter does."""
    wb = actors_workbook([["a", "A", "person", "public", "stray note", "x"], ["b", "B", "person", None, None, "y"],
                          ["c", "C", "person", None, None, None, "far"]])
    wb.active["F1"] = "region"
    wb.save(tmp_path / "book.xlsx")
    report = load(sqlite_store, tmp_path / "book.xlsx")
    said = [e.describe().removeprefix(f"{tmp_path}/") for e in report.errors]
    assert said == ["book.xlsx[actors]:2: column E: column E has no name in the header row but holds a value "
                    "('stray note'); name the column or empty its cells",
                    "book.xlsx[actors]:4: the row has a value in column G, right of the last named column ('far'); "
                    "name the column or move the value"], said
    assert report.accepted["actor"] == 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_row_repeating_the_header_is_said_to_be_one(tmp_path, sqlite_store, fmt):
    """Found by an analyst: a header row again in the middle (two files joined, a sheet pasted twice) gave a
    problem a column ('kind: is "kind"', 'country: is "country"') and no word that it was a header."""
    rows = [["id", "name", "kind", "sensitivity"], ["a", "A", "person", "public"],
            ["ID", "Name", "Kind", "Sensitivity"], ["b", "B", "person", "public"]]
    if fmt == "csv":
        path = tmp_path / "actors.csv"
        path.write_text("".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
        where = "actors.csv:3"
    else:
        wb = actors_workbook(rows[1:])
        path = tmp_path / "book.xlsx"
        wb.save(path)
        where = "book.xlsx[actors]:3"
    report = load(sqlite_store, path)
    said = [e.describe().removeprefix(f"{tmp_path}/") for e in report.errors]
    assert said == [f"{where}: the row repeats the header row (files joined, or a sheet pasted twice?); delete the "
                    "row"], said
    assert report.accepted["actor"] == 2


def test_a_sheet_not_read_is_said_once_in_the_summary(tmp_path):
    """"[Sheet1] not read: the sheet was not read: its header names ..." said it twice (a new user)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "actors"
    ws.append(["id", "name", "kind"])
    ws.append(["a", "A", "person"])
    other = wb.create_sheet("Sheet1")
    other.append(["a", "b", "kind"])
    other.append(["a", "a", "friendship"])
    wb.save(tmp_path / "w.xlsx")
    r = CliRunner().invoke(main, ["--db", str(tmp_path / "kg.db"), "ingest", str(tmp_path / "w.xlsx")])
    line = next(x for x in r.output.splitlines() if "[Sheet1]" in x and "not read:" in x and ":" in x)
    assert "not read: its header names the columns of ties" in line and line.count("not read") == 1, r.output
