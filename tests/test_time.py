from datetime import date

import pytest

from kg import time as kgtime


def test_partial_start_is_first_day_and_partial_end_last_day():
    assert kgtime.first_day("1993") == date(1993, 1, 1)
    assert kgtime.last_day("1993") == date(1993, 12, 31)
    assert kgtime.last_day("1992-02") == date(1992, 2, 29)  # leap year
    assert kgtime.last_day("1993-02") == date(1993, 2, 28)


def test_both_ends_inclusive_and_empty_end_still_true():
    assert kgtime.valid_on("1993-01-20", "1993-01-22", date(1993, 1, 22))
    assert not kgtime.valid_on("1993-01-20", "1993-01-22", date(1993, 1, 23))
    assert kgtime.valid_on("1993-01-20", None, date(2030, 1, 1))
    assert not kgtime.valid_on("1993-01-20", None, date(1993, 1, 19))


@pytest.mark.parametrize("bad", ["1993-02-30", "1993-13", "93", "1993/01/02", "1993-1-2", "tomorrow",
                                 "0000", "0000-06-01", "10000", "١٩٩٣", "１９９３-01", "1993\n", " 1993"])
def test_impossible_or_malformed_dates_are_refused(bad):
    with pytest.raises(ValueError):
        kgtime.check(bad)


def test_year_0_is_refused_with_the_reason_and_the_calendars_ends_work():
    with pytest.raises(ValueError, match="year 0, which no calendar has"):
        kgtime.check("0000-01-01")
    assert kgtime.first_day("0001") == date(1, 1, 1)
    assert kgtime.last_day("9999") == date(9999, 12, 31)


def test_a_spreadsheet_day_number_is_named_as_one():
    """A date cell formatted General holds Excel's day number: 34135 is 15 June 1993."""
    with pytest.raises(ValueError, match=r'"34135" is not a date; .*spreadsheet\'s day number \(1993-06-15'):
        kgtime.check("34135")


@pytest.mark.parametrize("start,end", [("1986", "9999"), ("0001", "1994"), ("0001-01-01", "9999-12-31")])
def test_a_timeline_runs_to_the_ends_of_the_calendar(tmp_path, start, end):
    """Found by an adversary: a restriction to 9999 ("indefinitely"), or from 0001, ended kg timeline in
    a traceback (the day after 9999-12-31); the other commands took it."""
    from click.testing import CliRunner

    from kg.cli import main

    ds = tmp_path / "ds"
    ds.mkdir()
    (ds / "actors.csv").write_text("id,name,kind,org_type,party,country\no,Olga,person,,,ISR\n"
                                   "g,Group,organization,armed_group,PLO,PSE\n")
    (ds / "restrictions.csv").write_text("group,jurisdiction,kind,scope,start,end\n"
                                         f"g,ISR,legal,nationals,{start},{end}\n")
    db = ["--db", str(tmp_path / "k.db")]
    assert CliRunner().invoke(main, [*db, "ingest", str(ds)]).exit_code == 0
    result = CliRunner().invoke(main, [*db, "timeline", "o"])
    assert result.exit_code == 0, result.output
    # (a date is shown as given, 0001 or 1994, or as the day a membership makes it bind from)
    first = [f"{start}-01-01" if len(start) == 4 else start, start]
    assert any(f"  {x:<10}  began     restriction  ISR legal restriction on Group binding its nationals"
               in result.output for x in first), result.output
    assert any(f"  {x:<10}  ended     restriction" in result.output for x in ("1994-12-31", "1994")) == (end == "1994")


@pytest.mark.parametrize("text", ["1993-01-20 14:30:00", "1993-01-20T14:30", "1993-01-20 14:30:00.5"])
def test_a_date_with_a_time_of_day_says_the_time_is_the_problem(text):
    """Found by an analyst: a workbook's date cell holding a time ("1993-01-20 14:30:00") was refused as "not a
    date" without saying that the time was what to drop."""
    with pytest.raises(ValueError, match=r"it holds a time of day: write the day alone \(1993-01-20\)"):
        kgtime.check(text)
