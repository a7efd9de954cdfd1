"""One validation for both stores: only what SQLite and Neo4j can both hold and give back unchanged.

Each rejected case is one line naming file, line and field, and nothing of it reaches either store;
each accepted edge value comes back from both stores exactly as given.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingest import load
from kg.cli import main
from kg.model import parse_extra, parse_record

ACTORS = "id,name,kind\nx,Xavier,person\ny,Yasmin,person\n"


def _jsonl(*objs: dict | str) -> str:
    return "".join((o if isinstance(o, str) else json.dumps(o, ensure_ascii=False)) + "\n" for o in objs)


def _actor(**extra) -> dict:
    return {"type": "actor", "id": "z", "name": "Zed", "kind": "person", **extra}


# case -> (file name, content, the one expected error line)
REJECTED = {
    # found by an adversarial reader: a CSV export split these in two (or cut the record short)
    "a list item holding ;": ("d.jsonl", '{"type": "actor", "id": "x2", "name": "X2", "kind": "person", '
                                         '"aliases": ["x;y"]}\n',
                              'd.jsonl:1: aliases: has an item holding ";"'),
    "a noncharacter": ("d.jsonl", '{"type": "actor", "id": "x2", "name": "A\uffffB", "kind": "person"}\n',
                       "d.jsonl:1: name: holds a noncharacter (U+FFFF)"),
    "two columns once trimmed": ("d.jsonl", '{"type": "actor", "id": "x2", "name": "X", "kind": "person", '
                                            '"x": "1", " x": "2"}\n',
                                 'd.jsonl:1:  x: is the column "x" once its spaces are trimmed'),
    "a column named type": ("ties.csv", "a,b,kind,type\nx,y,dialogue,foo\n",
                            'ties.csv:2: type: is "foo": the column name "type" is kept'),
    "year 0": ("ties.csv", "a,b,kind,start\nx,y,dialogue,0000-01-01\n",
               'ties.csv:2: start: "0000-01-01" is in year 0, which no calendar has'),
    "five-digit year": ("ties.csv", "a,b,kind,end\nx,y,dialogue,10000\n",
                        'ties.csv:2: end: "10000" is not a date'),
    "Arabic-Indic digits in a date": ("ties.csv", "a,b,kind,start\nx,y,dialogue,١٩٩٣\n",
                                      'ties.csv:2: start: "١٩٩٣" is not a date; expected YYYY, YYYY-MM or '
                                      "YYYY-MM-DD (digits 0-9)"),
    "full-width digits in a number": ("ties.csv", "a,b,kind,strength\nx,y,dialogue,０.５\n",
                                      'ties.csv:2: strength: is "０.５"; expected a number from 0 to 1'),
    "NaN strength": ("ties.csv", "a,b,kind,strength\nx,y,dialogue,NaN\n",
                     'ties.csv:2: strength: is "NaN"; expected a number from 0 to 1'),
    "underscore in a number": ("ties.csv", "a,b,kind,strength\nx,y,dialogue,0_5\n",
                               'ties.csv:2: strength: is "0_5"; expected a number from 0 to 1'),
    "NaN literal in JSON": ("d.jsonl", '{"type": "actor", "id": "z", "name": "Z", "kind": "person", "w": NaN}\n',
                            "d.jsonl:1: the line is not valid JSON here: NaN is not a number JSON allows"),
    "infinite extra": ("d.jsonl", _jsonl('{"type": "actor", "id": "z", "name": "Z", "kind": "person", '
                                         '"w": 1e999}'),
                       "d.jsonl:1: w: is a number too large to be held (beyond ±1.8e308, the largest a number may be)"),
    "integer past 64 bits in an extra": ("d.jsonl", _jsonl(_actor(n=2**63)),
                                         "d.jsonl:1: n: is an integer of 19 digits; integers must fit in 64 bits"),
    "integer of thousands of digits": ("d.jsonl", '{"type": "actor", "n": ' + "9" * 5000 + "}\n",
                                       "d.jsonl:1: the line is not valid JSON here: Exceeds the limit"),
    "deeply nested JSON": ("d.jsonl", '{"type": "actor", "n": ' + "[" * 100_000 + "]" * 100_000 + "}\n",
                           "d.jsonl:1: the line is not valid JSON here: it nests too deep"),
    "duplicate JSON key": ("d.jsonl", '{"type": "actor", "id": "z", "id": "w", "name": "Z", "kind": "person"}\n',
                           'd.jsonl:1: the object has the key "id" twice; keep one'),
    "nested object in an extra": ("d.jsonl", _jsonl(_actor(meta={"a": 1})),
                                  "d.jsonl:1: meta: is a JSON object; an extra column holds text"),
    "list of numbers in an extra": ("d.jsonl", _jsonl(_actor(scores=[1, 2])),
                                    "d.jsonl:1: scores: is a list holding more than texts"),
    "lone surrogate in a JSON string": ("d.jsonl", '{"type": "actor", "id": "z", "name": "Z\\ud800", '
                                                   '"kind": "person"}\n',
                                        "d.jsonl:1: name: holds a broken character (U+D800"),
    "NUL in an id": ("d.jsonl", _jsonl(_actor(id="z\x00")),
                     "d.jsonl:1: id: holds a control or invisible character (U+0000"),
    "newline in an id": ("d.jsonl", _jsonl(_actor(id="z\nw")),
                         "d.jsonl:1: id: holds a control or invisible character (U+000A"),
    "tab in an endpoint": ("ties.csv", 'a,b,kind\nx,"y\tz",dialogue\n',
                           "ties.csv:2: b: holds a control or invisible character (U+0009"),
    "zero-width space in an id": ("d.jsonl", _jsonl(_actor(id="z\u200b")),
                                  "d.jsonl:1: id: holds a control or invisible character (U+200B ZERO WIDTH SPACE)"),
    "escape sequence in a name": ("d.jsonl", _jsonl(_actor(name="Zed\x1b[2J")),
                                  "d.jsonl:1: name: holds a control or invisible character (U+001B"),
    "empty key in JSON": ("d.jsonl", _jsonl(_actor(**{" ": "v"})),
                          'd.jsonl:1: " ": a column with no name holds a value'),
    "reserved column name": ("d.jsonl", _jsonl(_actor(start_day="2020")),
                             'd.jsonl:1: start_day: the column name "start_day" is kept for the store\'s own use'),
    "value under a column with no name": (
        "actors.csv", "id,name,kind,\nx,Xavier,person,\ny,Yasmin,person,\nz,Zed,person,oops\n",
        'actors.csv:4: "": a column with no name holds a value; name the column or empty its cells'),
}


def _dataset(tmp_path: Path, name: str, content: str) -> Path:
    folder = tmp_path / "ds"
    folder.mkdir()
    if name != "actors.csv":
        (folder / "actors.csv").write_text(ACTORS, encoding="utf-8")
    (folder / name).write_bytes(content.encode("utf-8", "surrogatepass"))
    return folder


@pytest.mark.parametrize("case", REJECTED)
def test_what_a_store_cannot_hold_is_rejected_in_one_line(case, tmp_path, store):
    name, content, expected = REJECTED[case]
    report = load(store, _dataset(tmp_path, name, content))
    assert len(report.errors) == 1, [e.describe() for e in report.errors]
    assert report.errors[0].describe().startswith(expected)
    counts = store.counts()
    assert counts["actors"] == 2 and counts["ties"] == 0


# Values at the edge of what is allowed: both stores give them back exactly.
ACCEPTED = [
    _actor(id="a1", name="Terje Rød-Larsen", big=2**63 - 1, small=-(2**63), tiny=1e-300, flag=True,
           tags=["a", "б", "ج"]),
    _actor(id="a2", name="محمد\u200cرضا", description="two lines\nand a\ttab"),  # ZWNJ in a Persian name
    _actor(id="a|3", name="pipe|in|id", aliases=["x", "y"]),
    {"type": "tie", "a": "a1", "b": "a2", "kind": "dialogue", "start": "0001-01-01", "end": "9999-12-31",
     "strength": 0, "note": "the calendar's first and last days"},
    {"type": "tie", "a": "a1", "b": "a|3", "kind": "friendship", "start": "9999", "strength": "0,25"},
]


def test_edge_values_come_back_identical_from_both_stores(tmp_path, store):
    path = tmp_path / "edge.jsonl"
    path.write_text(_jsonl(*ACCEPTED), encoding="utf-8")
    report = load(store, path, strict=True)
    assert report.accepted["actor"] == 3 and report.accepted["tie"] == 2
    actors = {a.id: a for a in store.records("actor")}
    assert actors["a1"].props == {"big": 2**63 - 1, "small": -(2**63), "tiny": 1e-300, "flag": True,
                                  "tags": ["a", "б", "ج"]}
    assert actors["a2"].name == "محمد\u200cرضا" and actors["a2"].description == "two lines\nand a\ttab"
    ties = sorted(store.records("tie"), key=lambda t: t.kind)
    assert [(t.start, t.end, t.strength) for t in ties] == [("0001-01-01", "9999-12-31", 0.0), ("9999", None, 0.25)]


def test_queries_run_on_the_edge_values_without_a_traceback(tmp_path):
    path = tmp_path / "edge.jsonl"
    path.write_text(_jsonl(*ACCEPTED), encoding="utf-8")
    db = ["--db", str(tmp_path / "k.db")]
    assert CliRunner().invoke(main, [*db, "ingest", "--strict", str(path)]).exit_code == 0
    for args in (["stats"], ["show", "a1"], ["show", "a1", "--as-of", "9999-12-31"], ["search", "rod"],
                 ["neighbors", "a1", "--as-of", "0001-01-01"]):
        result = CliRunner().invoke(main, [*db, *args])
        assert result.exit_code == 0, (args, result.output, result.exception)


def test_parse_extra_names_what_is_allowed():
    assert parse_extra(True) is True
    for bad in ({"a": 1}, [1, "a"], float("nan"), 2**64, None.__class__):
        with pytest.raises(ValueError):
            parse_extra(bad)


def test_a_number_given_as_json_is_checked_like_text():
    with pytest.raises(Exception, match="expected a number from 0 to 1"):
        parse_record("tie", {"a": "x", "b": "y", "kind": "dialogue", "strength": float("inf")})
    with pytest.raises(Exception, match=r'confidence: is "1000000000000000000000000000000000000000'
                                        r'\.\.\. \(401 characters\)"'):
        parse_record("tie", {"a": "x", "b": "y", "kind": "dialogue", "confidence": 10**400})
