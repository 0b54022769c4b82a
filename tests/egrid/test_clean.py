"""Cleaning rules, one by one (the README lists them with their reasons)."""

from __future__ import annotations

from tests.egrid.helpers import CODES, parse, row


def rejects(p) -> list[tuple[int, str]]:
    return [(int(r.line), r.reason) for r in p.rejects.itertuples()]


def test_text_is_trimmed_and_normalised():
    line = row(PNAME="  Big   Plant\tOne ", PSTATEABB=" tx ", FUELG1="ng", GENID=" G 1 ")
    p = parse(f"{CODES}\n{line}\n")
    f = p.frame
    assert f.loc[0, "plant_name"] == "Big Plant One"
    assert f.loc[0, "state"] == "TX" and f.loc[0, "fuel"] == "NG"
    assert f.loc[0, "generator_id"] == "G 1"  # outer spaces trimmed, inner kept


def test_any_run_of_whitespace_inside_text_becomes_one_space():
    line = row(PNAME="North\u00a0 Fork\x0bDam", GENERSRC="EIA  923")
    p = parse(f"{CODES}\n{line}\n")
    assert p.frame.loc[0, "plant_name"] == "North Fork Dam"
    assert p.frame.loc[0, "generation_source"] == "EIA 923"


def test_whole_numbers_beyond_the_column_range_are_rejected():
    p = parse(f"{CODES}\n{row(GENID='A', ORISPL='3000000000')}\n{row(GENID='B', GENYRONL='40000')}\n")
    assert rejects(p) == [(2, "ORISPL is too large: '3000000000'"), (3, "GENYRONL is too large: '40000'")]


def test_unicode_is_nfc():
    decomposed = "Cafe\u0301"
    assert parse(f"{CODES}\n{row(PNAME=decomposed)}\n").frame.loc[0, "plant_name"] == "Café"


def test_rows_missing_a_key_field_are_rejected_with_line_and_reason():
    lines = [row(GENID="A"), row(GENID=""), row(GENID="C", YEAR=""), row(GENID="D", PSTATEABB=""),
             row(GENID="E", ORISPL="")]
    p = parse(CODES + "\n" + "\n".join(lines) + "\n")
    assert p.frame["generator_id"].tolist() == ["A"]
    assert rejects(p) == [(3, "missing GENID"), (4, "missing YEAR"), (5, "missing PSTATEABB"),
                          (6, "missing ORISPL")]


def test_unparseable_numbers_and_bad_codes_are_rejected():
    lines = [row(GENID="1", GENNTAN="abc"), row(GENID="2", ORISPL="12.5"),
             row(GENID="3", PSTATEABB="ZZ"), row(GENID="4", YEAR="1850"),
             row(GENID="5", NAMEPCAP="n/a"), row(GENID="6", ORISPL="-4"), row(GENID="7")]
    p = parse(CODES + "\n" + "\n".join(lines) + "\n")
    assert rejects(p) == [
        (2, "GENNTAN is not a number: 'abc'"), (3, "ORISPL is not a whole number: '12.5'"),
        (4, "unknown state code 'ZZ'"), (5, "YEAR outside 1990-2100: '1850'"),
        (6, "NAMEPCAP is not a number: 'n/a'"), (7, "ORISPL must be positive: '-4'"),
    ]
    assert p.frame["generator_id"].tolist() == ["7"]


def test_territories_and_dc_are_states():
    lines = [row(GENID=str(i), PSTATEABB=s) for i, s in enumerate(["DC", "PR", "GU", "VI"])]
    assert parse(CODES + "\n" + "\n".join(lines) + "\n").rejects.empty


def test_negative_generation_is_kept():
    p = parse(f"{CODES}\n{row(GENNTAN='-219567.5', PRMVR='PS')}\n")
    assert p.frame.loc[0, "net_generation_mwh"] == -219_567.5


def test_blank_lines_are_skipped_and_line_numbers_stay_true():
    p = parse(f"{CODES}\n{row(GENID='A')}\n\n,,,,\n{row(GENID='')}\n")
    assert p.blank == 2
    assert rejects(p) == [(5, "missing GENID")]


def test_rows_with_too_many_fields_are_reported_with_their_line():
    p = parse(f"{CODES}\n{row(GENID='A')}\n{row(GENID='B')},extra\n{row(GENID='C')}\n")
    assert p.reader.malformed == [(3, "expected 17 fields, found 18")]
    assert p.frame["generator_id"].tolist() == ["A", "C"]
    assert p.frame["source_line"].tolist() == [2, 4]
