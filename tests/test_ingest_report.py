"""What `kg ingest` tells: every problem of a row at once, misnamed files, ids suggested for names,
a summary per file on stdout and an exit code that says whether everything loaded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingest import load
from kg.cli import main
from kg.errors import StrictLoadError

ACTORS = "id,name,kind,country\nx,Xavier,person,ISR\ny,Yasmin,person,PSE\n"


def _folder(tmp_path: Path, files: dict[str, str], name: str = "ds") -> Path:
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    for fname, text in files.items():
        (folder / fname).write_text(text, encoding="utf-8")
    return folder


def kg(tmp_path: Path, *args: str):
    return CliRunner().invoke(main, ["--db", str(tmp_path / "k.db"), *args])


# --- every problem of a row at once -------------------------------------------------------------

def test_a_row_with_three_mistakes_shows_all_three_in_column_order(tmp_path, sqlite_store):
    ties = "a,b,kind,strength,start\nx,,pals,1.5,1993-02-30\n"
    report = load(sqlite_store, _folder(tmp_path, {"actors.csv": ACTORS, "ties.csv": ties}))
    assert [e.describe() for e in report.errors] == [
        "ties.csv:2: b: is required but empty",
        'ties.csv:2: kind: is "pals"; expected family, friendship, professional, classmates, mentor, dialogue, '
        "communication or hostile",
        "ties.csv:2: strength: is 1.5; expected a number from 0 to 1",
        'ties.csv:2: start: "1993-02-30" is not a day: February 1993 has 28 days',
    ]
    assert report.summaries[1].rejected == 1


def test_strict_lists_every_problem_of_the_row(tmp_path, sqlite_store):
    folder = _folder(tmp_path, {"actors.csv": ACTORS + "z,,persn,XX\n"})
    with pytest.raises(StrictLoadError) as err:
        load(sqlite_store, folder, strict=True)
    assert [e.field for e in err.value.errors] == ["name", "kind", "country"]
    assert err.value.summary() == "1 bad record (3 problems)"


def test_end_before_start_and_self_tie_together(tmp_path, sqlite_store):
    ties = "a,b,kind,start,end\nx,x,dialogue,1994,1993\n"
    report = load(sqlite_store, _folder(tmp_path, {"actors.csv": ACTORS, "ties.csv": ties}))
    assert [e.describe() for e in report.errors] == ['ties.csv:2: b: ties "x" to itself',
                                                     'ties.csv:2: end: "1993" is before start "1994"']


# --- files named like dataset files but not one ------------------------------------------------

@pytest.mark.parametrize("name,advice", [
    ("tie.csv", "did you mean ties.csv?"),
    ("people.csv", "did you mean actors.csv?"),
    ("actor.csv", "did you mean actors.csv?"),
    ("Ties.CSV", "did you mean ties.csv? (file names are lower case)"),
    ("ties.tsv", "did you mean ties.csv? (comma, semicolon and tab separated files are read when named .csv)"),
    ("ties_2023.csv", "did you mean ties.csv?"),
    ("memberships.csv", "did you mean affiliations.csv?"),
    ("data.json", "JSON Lines files are read when their name ends in .jsonl: rename it data.jsonl"),
    ("book.xls", "this spreadsheet format is not read; save it as .xlsx"),
])
def test_a_misnamed_file_is_reported_with_a_suggestion(name, advice, tmp_path, sqlite_store):
    for content in ("a,b,kind\nx,y,dialogue\n", "x,y\n1,2\n"):  # a header of what it holds, or none known
        if content.startswith("a,b") and not advice.startswith("did you mean ties"):
            continue  # (what a header says comes first: below)
        folder = _folder(tmp_path, {"actors.csv": ACTORS, name: content})
        report = load(sqlite_store, folder)
        (err,) = report.errors
        assert err.describe().startswith(f"{name}: the file was not read: {advice}")
    assert report.exit_code == 3
    assert report.accepted["actor"] == 2


@pytest.mark.parametrize("header,kind", [("member,organization", "affiliations (member, organization)"),
                                         ("actor,event", "participation (actor, event)")])
def test_a_file_of_another_name_with_only_the_required_columns_is_reported(header, kind, tmp_path):
    """A third reader: once sniffing asked for three columns of a kind, a sheet1.csv of member,organization
    was skipped again, and --replace would have removed every stored affiliation."""
    folder = _folder(tmp_path, {"actors.csv": ACTORS, "sheet1.csv": f"{header}\nx,y\n"})
    result = kg(tmp_path, "ingest", "--replace", "--dry-run", str(folder))
    assert result.exit_code == 1 and f"its header names the columns of {kind}" in result.stderr


@pytest.mark.parametrize("name", ["export (2).csv", "people.csv", "roster.txt", "data.tsv"])
def test_a_file_of_another_name_whose_header_is_a_dataset_kinds_is_not_passed_over(name, tmp_path):
    """A file holding ties under another name had been skipped as "not a dataset file": loaded with
    --replace, the store then lost every tie. What its header says is reported, and --replace refuses."""
    folder = _folder(tmp_path, {"actors.csv": ACTORS, "ties.csv": "a,b,kind\nx,y,dialogue\n",
                                name: "Title of the sheet\n\nA;B;Kind;strength\nx;y;friendship;0.9\n"})
    result = kg(tmp_path, "ingest", str(folder))
    assert result.exit_code == 3
    advice = (f"{name}: the file was not read: its header names the columns of ties (a, b, kind), but files "
              "are read by name; rename it ties.csv (or move it out of the folder)")
    assert result.stderr.count(advice) == 1
    replaced = kg(tmp_path, "ingest", "--replace", str(folder))
    assert replaced.exit_code == 1 and "--replace: 1 file with a problem; nothing was written" in replaced.stderr


def test_unrelated_files_are_listed_as_skipped_not_errors(tmp_path):
    folder = _folder(tmp_path, {"actors.csv": ACTORS, "README.md": "notes", "budget.csv": "a,b\n1,2\n",
                                ".hidden.csv": "x", "countries.csv": "id,name\nNOR,Norway\n",
                                "notes.txt": "id, name, kind are the columns of actors.csv\n"})
    result = kg(tmp_path, "ingest", str(folder))
    assert result.exit_code == 0, result.output
    assert "README.md" in result.stdout and "skipped: not a dataset file" in result.stdout
    assert "budget.csv" in result.stdout and ".hidden" not in result.stdout


def test_a_subfolder_is_listed_as_not_read(tmp_path):
    """A dataset is one folder: a subfolder (say 2024/ holding more CSV files) was passed over without a
    word (found by an adversary); it is listed, and not read."""
    folder = _folder(tmp_path, {"actors.csv": ACTORS})
    (folder / "2024").mkdir()
    (folder / "2024" / "actors.csv").write_text(ACTORS)
    result = kg(tmp_path, "ingest", str(folder))
    assert result.exit_code == 0, result.output
    assert "  2024/               skipped: a folder (not read: load it on its own)\n" in result.stdout


def test_folder_with_only_a_misnamed_actors_file_says_which(tmp_path):
    folder = _folder(tmp_path, {"Actors.CSV": ACTORS})
    result = kg(tmp_path, "ingest", str(folder))
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("; Actors.CSV: did you mean actors.csv? (file names are lower case)")


# --- an endpoint that names an actor instead of giving its id ------------------------------------

def test_a_dangling_endpoint_that_is_a_name_suggests_the_id(tmp_path, sqlite_store):
    actors = "id,name,kind\nkael-voss,Kael Voss,person\nrod-larsen,Terje Rød-Larsen,person\n"
    ties = "a,b,kind\nkael-voss,rod-larsen,dialogue\nrod-larsen,ghost,dialogue\nrod-larsen,\"Kael Voss\",dialogue\n"
    ties += "kael-voss,terje rod larsen,friendship\n"
    report = load(sqlite_store, _folder(tmp_path, {"actors.csv": actors, "ties.csv": ties}))
    assert [e.describe() for e in report.errors] == [
        'ties.csv:3: b: names actor "ghost", which is neither in this dataset nor in the store',
        'ties.csv:4: b: names actor "Kael Voss", which is neither in this dataset nor in the store; '
        'did you mean "kael-voss" (Kael Voss)?',
        'ties.csv:5: b: names actor "terje rod larsen", which is neither in this dataset nor in the store; '
        'did you mean "rod-larsen" (Terje Rød-Larsen)?',
    ]


def test_the_suggestion_comes_from_the_store_too(tmp_path, sqlite_store):
    load(sqlite_store, _folder(tmp_path, {"actors.csv": "id,name,kind,aliases\nabu-ala,Ahmed Qurei,person,"
                                                        "Abu Ala\n"}, "a"))
    report = load(sqlite_store, _folder(tmp_path, {"ties.csv": "a,b,kind\nabu-ala,Abu Alá,dialogue\n"}, "b")
                  / "ties.csv")
    assert report.errors[0].describe().endswith('did you mean "abu-ala" (Ahmed Qurei)?')


# --- the summary on stdout and the exit code ----------------------------------------------------

def test_everything_loaded_exits_0_with_a_line_per_file(tmp_path):
    folder = _folder(tmp_path, {"actors.csv": ACTORS, "ties.csv": "a,b,kind\nx,y,dialogue\n"})
    result = kg(tmp_path, "ingest", str(folder))
    assert result.exit_code == 0, result.output
    assert "  actors.csv          2 loaded\n" in result.stdout
    assert "  ties.csv            1 loaded\n" in result.stdout


def test_a_wholly_rejected_file_shows_on_stdout_and_exits_3(tmp_path):
    folder = _folder(tmp_path, {"actors.csv": ACTORS, "ties.csv": "a,b,kind\nx,ghost,dialogue\nx,y,pals\n"})
    result = kg(tmp_path, "ingest", str(folder))
    assert result.exit_code == 3
    assert "  ties.csv            0 loaded, 2 rejected; nothing loaded from this file\n" in result.stdout
    assert result.stdout.rstrip().endswith(
        "Not everything loaded: 2 records rejected (each problem is listed on stderr); exit code 3")
    assert 'ties.csv:3: kind: is "pals"' in result.stderr


def test_a_file_not_fully_read_says_so(tmp_path):
    folder = _folder(tmp_path, {"actors.csv": ACTORS + 'q,"Q,person\n'})
    result = kg(tmp_path, "ingest", str(folder))
    assert result.exit_code == 3
    assert "  actors.csv          2 loaded; not fully read (1 problem with the file)\n" in result.stdout
    assert "1 file not fully read" in result.stdout


def test_nothing_loadable_exits_1(tmp_path):
    folder = _folder(tmp_path, {"actors.csv": "id,name,kind\nx,X,persn\n"})
    result = kg(tmp_path, "ingest", str(folder))
    assert result.exit_code == 1
    assert "Nothing could be loaded: 1 record rejected" in result.stdout


@pytest.mark.parametrize("name", ["workbook", "empty JSON Lines", "header only", "FtM of no use"])
def test_input_holding_no_records_exits_1_and_leaves_no_store(tmp_path, name):
    """A workbook whose only sheet is "Sheet", an empty file, a header-only CSV, a FollowTheMoney stream of
    addresses only: nothing to load is exit 1, said in one line, and no empty store is left behind (it
    exited 0 and created one; found by an adversary)."""
    import openpyxl

    if name == "workbook":
        wb = openpyxl.Workbook()
        wb.active.append(["name", "age"])  # (a sheet whose header is a dataset kind's is reported: elsewhere)
        wb.active.append(["A", "40"])
        wb.save(path := tmp_path / "book.xlsx")
        why = "no file or sheet is named like a dataset file"
    elif name == "empty JSON Lines":
        (path := tmp_path / "d.jsonl").write_text("")
        why = "the input holds no records"
    elif name == "header only":
        path = _folder(tmp_path, {"actors.csv": "id,name,kind\n"})
        why = "the input holds no records"
    else:
        (path := tmp_path / "a.ftm.json").write_text(
            '{"id": "ad1", "schema": "Address", "properties": {"full": ["1 Main St"]}}\n')
        why = "every FollowTheMoney entity is of a kind the tool has no use for"
    result = kg(tmp_path, "ingest", str(path))
    assert result.exit_code == 1
    assert result.stdout.startswith(f"Nothing was loaded: {path}\n")
    assert f"Nothing to load: {why}" in result.stdout
    assert not (tmp_path / "k.db").exists()


def test_json_report_carries_the_files_and_the_exit_code(tmp_path):
    folder = _folder(tmp_path, {"actors.csv": ACTORS, "tie.csv": "a,b,kind\n", "notes.txt": "hello"})
    result = kg(tmp_path, "ingest", "--json", str(folder))
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    assert report["exit_code"] == 3 and report["skipped"] == ["notes.txt"]
    assert report["per_file"] == [
        {"file": "tie.csv", "kind": None, "read": 0, "loaded": 0, "rejected": 0, "fully_read": False,
         "not_read": "the file was not read: did you mean ties.csv?"},
        {"file": "actors.csv", "kind": "actor", "read": 2, "loaded": 2, "rejected": 0, "fully_read": True,
         "not_read": None},
    ]


def test_dry_run_uses_the_same_exit_codes(tmp_path):
    folder = _folder(tmp_path, {"actors.csv": ACTORS + "z,Z,persn\n"})
    result = kg(tmp_path, "ingest", "--dry-run", str(folder))
    assert result.exit_code == 3
    assert "  actors.csv          2 accepted, 1 rejected\n" in result.stdout


def test_a_country_code_no_state_has_is_loaded_with_a_note(tmp_path, sqlite_store):
    """"ISL" (Iceland) for "ISR" is a valid code; "ISX" is no state's: loaded as given (made-up codes serve
    test data), with one note naming it, where it is used and why it matters. Former states' codes
    (YUG, SUN) and EU/UN are known. The list: ISO 3166-1 through rigour (followthemoney's territories)."""
    (tmp_path / "actors.csv").write_text("id,name,kind,country\nx,X,person,ISX\ny,Y,person,isx\nz,Z,person,YUG\n"
                                         "w,W,person,ymd\ng,G,organization,SUN\nh,H,organization,ISL\n",
                                         encoding="utf-8")
    (tmp_path / "restrictions.csv").write_text("group,jurisdiction,kind,scope\ng,QQQ,legal,nationals\n"
                                               "h,EU,legal,officials\n", encoding="utf-8")
    report = load(sqlite_store, tmp_path)
    assert not report.errors and report.accepted["actor"] == 6
    assert report.notes == [
        "these codes are neither ISO 3166-1 alpha-3 country codes nor a former state's: \"ISX\" (actor \"x\" and "
        "1 more), \"QQQ\" (the restriction on \"g\"); loaded as given: check their spelling (a restriction binds "
        "only the people and bodies whose country is the state it names)"]
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "k.db"), "ingest", str(tmp_path)])
    assert result.exit_code == 0 and result.output.count("Note: ") == 1


def test_an_intergovernmental_body_with_a_country_is_loaded_with_a_note(tmp_path, sqlite_store):
    """Found by a reader building the Colombian talks: the UN Secretariat given its seat (USA), as `country`
    reads for an organization, made the Secretary-General an official of the USA (the data model's rule for an
    intergovernmental body of a state), bound by the US list of the FARC; an EU service's seat (BEL) made kg
    gaps' worst gap "officials of BEL". The load says what the country does and how to avoid it."""
    (tmp_path / "actors.csv").write_text("id,name,kind,org_type,country\nun,UN Secretariat,organization,"
                                         "intergovernmental,USA\neeas,EEAS,organization,intergovernmental,BEL\n"
                                         "gov,Government,organization,government,COL\n"
                                         "igo,Andean Community,organization,intergovernmental,\n", encoding="utf-8")
    report = load(sqlite_store, tmp_path)
    assert not report.errors and report.notes == [
        "2 intergovernmental bodies have a country: \"un\" (USA), \"eeas\" (BEL); their officials count as "
        "officials of that state (its restrictions on officials bind them, and kg gaps counts them as its "
        "officials): leave country empty for a body whose officials serve no one state (the UN Secretariat, an EU "
        "service)"]
    (tmp_path / "actors.csv").write_text("id,name,kind,org_type,country\nigo,Andean Community,organization,"
                                         "intergovernmental,\ngov,Government,organization,government,COL\n",
                                         encoding="utf-8")
    assert load(sqlite_store, tmp_path).notes == []


def test_a_load_stopped_before_its_first_batch_leaves_no_new_store(tmp_path, monkeypatch):
    """Ctrl-C while the records are still being read and checked: nothing was written, so the store this
    command created goes too (it stayed, empty; found by an adversary). A store that was there stays."""
    import contextlib

    from kg import cli

    @contextlib.contextmanager
    def stop_at_once():
        yield lambda: True

    monkeypatch.setattr(cli, "stop_at_batch_boundary", stop_at_once)
    folder = _folder(tmp_path, {"actors.csv": ACTORS})
    result = kg(tmp_path, "ingest", str(folder))
    assert result.exit_code == 130 and ("interrupted while checking the data, before anything was written: nothing "
                                        "was written") in result.output
    assert not (tmp_path / "k.db").exists()


def test_replace_with_one_dataset_csv_is_refused_when_the_store_holds_other_kinds(tmp_path):
    """`kg ingest --replace ties.csv` made the store hold only ties: every actor and relationship of other
    kinds went (documented, but easy to do by mistake). One line says so, and nothing is written."""
    folder = _folder(tmp_path, {"actors.csv": ACTORS, "ties.csv": "a,b,kind\nx,y,dialogue\n"})
    assert kg(tmp_path, "ingest", str(folder)).exit_code == 0
    for name, others in (("actors.csv", "1 ties"), ("ties.csv", "2 actors")):
        result = kg(tmp_path, "ingest", "--replace", str(folder / name))
        assert result.exit_code == 1
        assert result.stderr == (f"kg: {folder / name} holds only {name[:-4]}: --replace makes the store hold exactly "
                                 f"the dataset, so it would remove everything else the store holds ({others}); give "
                                 "the whole dataset folder (or a workbook or .jsonl file of every kind); nothing "
                                 "was written\n")
    assert kg(tmp_path, "stats", "--json").stdout.replace(" ", "").replace("\n", "").startswith(
        '{"actors":2,"affiliations":0,"ties":1')
