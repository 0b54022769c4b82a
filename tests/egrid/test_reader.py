"""Crafted edge cases: headers, encodings, line endings, numbers, refusals, streaming."""

from __future__ import annotations

import io
import math
import zipfile

import pandas as pd
import pytest

from functions.egrid.errors import BadFile
from functions.egrid.reader import open_egrid_csv
from tests.egrid.helpers import CODES, parse, row

DESCRIPTIONS = (
    "Generator file sequence number,Data Year,Plant state abbreviation,Plant name,"
    "DOE/EIA ORIS plant or facility code,Generator ID,Number of associated boilers,"
    "Generator status,Generator prime mover type,Generator primary fuel,"
    "Generator nameplate capacity (MW),Generator capacity factor,"
    "Generator annual net generation (MWh),Generator ozone season net generation (MWh),"
    "Generation data source,Generator year on-line,Generator planned or actual retirement year"
)


def test_code_row_after_description_row():
    p = parse(f"{DESCRIPTIONS}\n{CODES}\n{row()}\n")
    assert p.reader.header.line == 2
    assert p.frame["plant_code"].tolist() == [100]


def test_description_row_as_the_only_header():
    p = parse(f"{DESCRIPTIONS}\n{row(GENID='A')}\n{row(GENID='B')}\n")
    assert p.reader.header.line == 1
    assert p.frame["generator_id"].tolist() == ["A", "B"]


def test_spreadsheet_preamble_and_leading_empty_column():
    body = "\r\n".join("," + line for line in (CODES, row()))
    p = parse("Table 1\r\n,,,,,,,,,,,,,,,,,\r\n" + body)
    assert p.reader.header.line == 3
    assert p.frame["net_generation_mwh"].tolist() == [1000.0]
    assert p.rejects.empty


def test_columns_in_any_order_unknown_ignored_and_older_spellings():
    header = "GENNTAN,NOTES,GENID,ORISPL,PNAME,PSTATABB,YEAR,SEQGEN18"
    p = parse(f"{header}\n\"1,234\",hello,7,55,\"Plant, Inc.\",wy,2018,9\n")
    f = p.frame
    assert f.loc[0, "state"] == "WY" and f.loc[0, "year"] == 2018 and f.loc[0, "seq"] == 9
    assert f.loc[0, "plant_name"] == "Plant, Inc." and f.loc[0, "net_generation_mwh"] == 1234
    assert "NOTES" not in f.columns and pd.isna(f.loc[0, "fuel"])


def test_utf8_bom_crlf_and_no_final_newline():
    data = "\ufeff" + CODES + "\r\n" + row(PNAME="Peñasco") + "\r\n" + row(GENID="2", PNAME="Peñasco")
    p = parse(data.encode("utf-8"))
    assert p.frame["plant_name"].tolist() == ["Peñasco", "Peñasco"]
    assert p.frame["source_line"].tolist() == [2, 3]


def test_cp1252_bytes_keep_their_accents():
    data = (CODES + "\n" + row(PNAME="Caño – Niño") + "\n").encode("cp1252")
    assert parse(data).frame["plant_name"].tolist() == ["Caño – Niño"]


def test_mixed_utf8_and_cp1252_and_chunk_boundaries():
    # the 'é' of the UTF-8 row falls across the decoder's 1 MiB chunks in some row
    rows = [row(GENID=str(i), PNAME="Café" if i % 2 else "Caf\xe9 x") for i in range(60_000)]
    text = CODES + "\n" + "\n".join(rows) + "\n"
    data = text.encode("utf-8").replace("Caf\xe9 x".encode(), b"Caf\xe9 x")
    names = set(parse(data).frame["plant_name"])
    assert names == {"Café", "Café x"}


@pytest.mark.parametrize("cell, expected", [
    ("-219567.5", -219_567.5), ('"20,961"', 20_961), ('" (2,443)"', -2_443),
    ('" (0)"', 0.0), ("450.545", 450.545), (" 12 ", 12), ('"1,234,567.8"', 1_234_567.8),
])
def test_numbers(cell, expected):
    p = parse(f"{CODES}\n{row(GENNTAN=cell)}\n")
    assert p.frame["net_generation_mwh"].tolist() == [expected]


def test_an_empty_cell_is_missing_never_zero():
    p = parse(f"{CODES}\n{row(GENNTAN='', NAMEPCAP='')}\n")
    assert math.isnan(p.frame.loc[0, "net_generation_mwh"])
    assert math.isnan(p.frame.loc[0, "capacity_mw"])


def test_genid_stays_text_and_orispl_is_an_integer():
    p = parse(f"{CODES}\n{row(GENID='0001', ORISPL='00042')}\n{row(GENID='GT 1')}\n")
    assert p.frame["generator_id"].tolist() == ["0001", "GT 1"]
    assert p.frame["plant_code"].tolist() == [42, 100]


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("GEN23.csv", CODES)
    return buffer.getvalue()


@pytest.mark.parametrize("data, message", [
    (_xlsx(), "not a CSV file: looks like an Excel workbook (.xlsx)"),
    (_zip(), "not a CSV file: looks like a zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "not a CSV file: looks like an Excel 97-2003 workbook (.xls)"),
    (b"\x89PNG\r\n\x1a\n" + bytes(100), "not a CSV file: looks like a PNG image"),
    (b"%PDF-1.7\n", "not a CSV file: looks like a PDF document"),
    (b'{"YEAR": 2023}', "not a CSV file: looks like JSON"),
    (b"<html><body>GEN23</body></html>", "not a CSV file: looks like HTML or XML"),
    (bytes(range(256)) * 4, "not a CSV file: binary content"),
    (b"", "empty file"),
    (b"\n\r\n  \n", "empty file"),
    ("YEAR\tORISPL\n".encode("utf-16"), "not a CSV file: UTF-16 text (Excel 'Unicode Text'); save it as CSV UTF-8"),
    (b"a,b,c\n1,2,3\n", "no header row: none of the first 2 lines names the eGRID generator columns (YEAR, PSTATEABB, ORISPL, GENID, GENNTAN, ...)"),
    (CODES.replace(",GENNTAN", "").encode(), "missing required column: GENNTAN"),
    (b"YEAR,PSTATEABB,PNAME\n", "missing required columns: ORISPL, GENID, GENNTAN"),
])
def test_refusals_are_one_clear_line(data, message):
    with pytest.raises(BadFile) as error:
        open_egrid_csv(io.BytesIO(data))
    assert str(error.value) == message


def test_header_only_has_no_rows():
    assert parse(CODES + "\n").frame.empty


def test_semicolon_separated_export():
    p = parse(CODES.replace(",", ";") + "\n" + row(PNAME="A").replace(",", ";") + "\n")
    assert p.reader.header.delimiter == ";" and len(p.frame) == 1


class EndlessRows:
    """A source that never ends: reading it whole would never return."""

    def __init__(self) -> None:
        self.sent = 0
        self._line = (row() + "\n").encode()
        self._buffer = (CODES + "\n").encode()

    def read(self, n: int = -1) -> bytes:
        assert n is not None and n > 0, "the reader asked for the whole stream"
        while len(self._buffer) < n:
            self._buffer += self._line * 1000
        out, self._buffer = self._buffer[:n], self._buffer[n:]
        self.sent += len(out)
        return out


def test_reading_streams_in_bounded_blocks():
    """The parser reads a bounded distance ahead of the rows it has handed out."""
    source = EndlessRows()
    reader = open_egrid_csv(source)
    rows, ahead = 0, []
    for _, batch in zip(range(60), reader.batches, strict=False):
        rows += batch.table.num_rows
        ahead.append(source.sent - rows * len(row()) - len(CODES))
    assert rows > 500_000
    assert max(ahead) < 48 * 2**20  # pyarrow's read-ahead plus our buffers, not the stream
    assert max(ahead[30:]) <= max(ahead[:30]) + 4 * 2**20  # and it does not grow (± a batch)
