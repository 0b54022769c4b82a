"""Read an eGRID generator-sheet CSV as a stream of raw text batches.

Steps: refuse what is not CSV text (by its first bytes), decode to UTF-8 (falling back to
cp1252 byte by byte), find the header row (codes, or descriptions), then let pyarrow's
streaming CSV parser cut the rest into batches of at most a few MB. Values stay text
here; `clean` types them. Memory is bounded by the block size, not the file size.

pyarrow (Apache Arrow, the engine behind pandas' `engine="pyarrow"`) parses, and the
batches stay Arrow tables through cleaning and COPY: measured on the 100x benchmark file,
pandas' chunked C reader was 2.4x slower, and cleaning in pandas (object strings) cost
twice as much as in pyarrow compute.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from functions.egrid.columns import COLUMNS, Column, column_for_code, column_for_description
from functions.egrid.errors import BadFile, NotCsv
from functions.errors import first_line

# Arrow's allocator: jemalloc hands freed batches back to the system sooner than
# mimalloc (pyarrow's default on Linux): on the 100x benchmark file the process peaked
# at 230 MB instead of 280 MB, at the same speed. The pool is process-wide.
if "jemalloc" in pa.supported_memory_backends():
    pa.set_memory_pool(pa.jemalloc_memory_pool())

HEAD_BYTES = 64 * 1024  # the header must start within the first 64 KiB ...
HEAD_LINES = 20  # ... and the first 20 lines
BLOCK_BYTES = 1 << 20  # pyarrow block (~8,000 GEN23 rows); pyarrow reads a few dozen ahead
BATCH_ROWS = 32_000  # rows cleaned at once: per-call overhead fades at this size
DELIMITERS = (",", ";", "\t")


# --- refusing what is not CSV -------------------------------------------------------------

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel 97-2003 workbook (.xls)"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"PAR1", "a Parquet file"),
    (b"SQLite format 3\x00", "an SQLite database"),
)


def sniff(head: bytes) -> str | None:
    """Why the file whose first bytes are `head` is not CSV text, or None if it may be."""
    if not head:
        return "empty file"
    if head.startswith(b"PK\x03\x04"):
        if b"[Content_Types].xml" in head or b"xl/" in head:
            return "not a CSV file: looks like an Excel workbook (.xlsx)"
        return "not a CSV file: looks like a zip archive"
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return f"not a CSV file: looks like {what}"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "not a CSV file: UTF-16 text (Excel 'Unicode Text'); save it as CSV UTF-8"
    text = head.lstrip(codecs.BOM_UTF8).lstrip()
    if not text:
        return "empty file"
    if text[:1] in (b"{", b"["):
        return "not a CSV file: looks like JSON"
    if text[:1] == b"<":
        return "not a CSV file: looks like HTML or XML"
    sample = head[:4096]
    if b"\x00" in sample or sum(b < 9 or 13 < b < 32 for b in sample) > len(sample) // 100:
        return "not a CSV file: binary content"
    return None


# --- decoding -------------------------------------------------------------------------------

def _fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    out = []
    for b in error.object[error.start:error.end]:
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(bytes([b]).decode("latin-1"))
    return "".join(out), error.end


codecs.register_error("egrid-cp1252", _fallback)


class Utf8Stream(io.RawIOBase):
    """A readable stream of UTF-8 bytes over `source`, whatever its text encoding.

    Valid UTF-8 passes through; a byte that is not UTF-8 is read as cp1252, so a file
    saved by Excel in 'ANSI' keeps its accented names. A leading BOM is dropped.
    """

    def __init__(self, source: BinaryIO, chunk: int = 1 << 20) -> None:
        self._source = source
        self._chunk = chunk
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="egrid-cp1252")
        self._pending = b""
        self._first = True
        self._eof = False

    def readable(self) -> bool:
        return True

    def _fill(self) -> None:
        data = self._source.read(self._chunk)
        if self._first:
            data = data.removeprefix(codecs.BOM_UTF8)
            self._first = False
        if not data:
            self._eof = True
            tail = self._decoder.decode(b"", final=True)
            self._pending += tail.encode("utf-8")
        elif data.isascii() and not self._decoder.getstate()[0]:
            self._pending += data  # the common case: nothing to decode
        else:
            self._pending += self._decoder.decode(data).encode("utf-8")

    def readinto(self, buffer) -> int:  # type: ignore[override]
        while not self._pending and not self._eof:
            self._fill()
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


class _Prefixed(io.RawIOBase):
    """`prefix` bytes, then the rest of `stream` (anything with `read(n)`)."""

    def __init__(self, prefix: bytes, stream) -> None:
        self._prefix = prefix
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if not self._prefix:
            self._prefix = self._stream.read(len(buffer))
        n = min(len(buffer), len(self._prefix))
        buffer[:n] = self._prefix[:n]
        self._prefix = self._prefix[n:]
        return n


# --- the header -----------------------------------------------------------------------------

@dataclass
class Header:
    line: int  # 1-based line number of the header row; data starts on the next line
    names: list[str]  # a unique name per file column, for pyarrow
    columns: dict[str, Column]  # file column name -> our column, for the columns we know
    delimiter: str


def _match(cells: list[str], lookup) -> dict[int, Column]:
    found: dict[int, Column] = {}
    seen: set[str] = set()
    for i, cell in enumerate(cells):
        column = lookup(cell)
        if column is not None and column.field not in seen:  # first of two spellings wins
            found[i] = column
            seen.add(column.field)
    return found


def find_header(lines: list[str]) -> tuple[int, dict[int, Column], list[str], str]:
    """The header row among the first lines: (index, columns by position, cells, delimiter).

    The code row wins; a description row counts when no code row follows it.
    """
    described: tuple[int, dict[int, Column], list[str], str] | None = None
    for index, line in enumerate(lines[:HEAD_LINES]):
        for delimiter in DELIMITERS:
            if delimiter not in line:
                continue
            cells = next(csv.reader([line], delimiter=delimiter))
            codes = _match(cells, column_for_code)
            if len(codes) >= 3:
                return index, codes, cells, delimiter
            descriptions = _match(cells, column_for_description)
            if len(descriptions) >= 3 and described is None:
                described = (index, descriptions, cells, delimiter)
                break
        if described is not None and index > described[0]:
            break  # the line after a description row was not a code row
    if described is not None:
        return described
    raise BadFile(
        f"no header row: none of the first {min(len(lines), HEAD_LINES)} lines names the "
        "eGRID generator columns (YEAR, PSTATEABB, ORISPL, GENID, GENNTAN, ...)"
    )


def _check_required(columns: dict[int, Column]) -> None:
    have = {c.field for c in columns.values()}
    missing = [c.code for c in COLUMNS if c.required and c.field not in have]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        raise BadFile(f"missing required column{plural}: {', '.join(missing)}")


# --- batches --------------------------------------------------------------------------------

@dataclass
class RawBatch:
    """Rows as text, one column per known field, and each row's line number in the file."""

    table: pa.Table
    lines: np.ndarray


@dataclass
class Reader:
    header: Header
    batches: Iterator[RawBatch]
    # Rows the parser could not split into the header's columns: (line, reason).
    malformed: list[tuple[int, str]] = field(default_factory=list)
    blank: list[int] = field(default_factory=list)  # lines of nothing but delimiters


def open_egrid_csv(source: BinaryIO) -> Reader:
    """Check `source` is an eGRID generator CSV and return its header and batch iterator.

    Raises BadFile for anything else; reads no further than the header until iterated.
    """
    raw_head = _read_up_to(source, HEAD_BYTES)
    problem = sniff(raw_head)  # on the bytes as they are: decoding would change them
    if problem:
        raise NotCsv(problem)
    text = Utf8Stream(_Prefixed(raw_head, source))
    head = _read_up_to(text, HEAD_BYTES)
    raw_lines = head.splitlines(keepends=True)  # bytes: splits at \n, \r\n and \r only
    if len(head) >= HEAD_BYTES and raw_lines:
        raw_lines = raw_lines[:-1]  # the last line may be cut off
    index, by_position, cells, delimiter = find_header(
        [ln.decode("utf-8", errors="replace").rstrip("\r\n") for ln in raw_lines])
    _check_required(by_position)

    names = [f"_{i}" for i in range(len(cells))]
    columns = {names[i]: column for i, column in by_position.items()}
    header = Header(line=index + 1, names=names, columns=columns, delimiter=delimiter)

    # Hand pyarrow what follows the header: the rest of the head, then the stream.
    consumed = sum(len(ln) for ln in raw_lines[: index + 1])
    rest = io.BufferedReader(_Prefixed(head[consumed:], text), buffer_size=BLOCK_BYTES)
    reader = Reader(header=header, batches=iter(()))
    reader.batches = _batches(rest, header, reader)
    return reader


def _read_up_to(stream, size: int) -> bytes:
    """Up to `size` bytes, fewer only at the end of the stream (network reads come short)."""
    parts, got = [], 0
    while got < size:
        part = stream.read(size - got)
        if not part:
            break
        parts.append(part)
        got += len(part)
    return b"".join(parts)


def _batches(stream: BinaryIO, header: Header, reader: Reader) -> Iterator[RawBatch]:
    expected = len(header.names)
    invalid_lines: list[int] = []

    def on_invalid(row) -> str:
        # row.number counts lines from the first one pyarrow sees (the line after the header)
        line = header.line + (row.number or 0)
        invalid_lines.append(line)
        if row.text.strip(header.delimiter + " \t\r\n"):
            reader.malformed.append((line, f"expected {expected} fields, found {row.actual_columns}"))
        else:  # a line of empty cells (",,,,") is blank, not an error
            reader.blank.append(line)
        return "skip"

    include = list(header.columns)
    try:
        parsed = pacsv.open_csv(
            stream,
            read_options=pacsv.ReadOptions(column_names=header.names, block_size=BLOCK_BYTES,
                                           use_threads=False),
            parse_options=pacsv.ParseOptions(delimiter=header.delimiter, ignore_empty_lines=False,
                                             invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(
                include_columns=include,
                column_types={name: pa.string() for name in include},
                strings_can_be_null=False, quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as error:
        if "Empty CSV file" in str(error):
            return
        raise BadFile(f"unreadable CSV: {first_line(error)}") from None

    rename = {name: column.field for name, column in header.columns.items()}
    done = 0  # rows yielded so far
    finished = False
    while not finished:
        blocks, rows = [], 0
        while rows < BATCH_ROWS:
            try:
                block = parsed.read_next_batch()
            except StopIteration:
                finished = True
                break
            except pa.ArrowInvalid as error:
                raise BadFile(f"unreadable CSV near row {done + rows + 1}: {first_line(error)}") from None
            blocks.append(block)
            rows += block.num_rows
        if not rows:
            return
        table = pa.Table.from_batches(blocks)
        table = table.rename_columns([rename[name] for name in table.column_names])
        lines = header.line + 1 + done + np.arange(table.num_rows)
        # Lines pyarrow skipped push the following rows' line numbers down.
        for skipped in sorted(invalid_lines):
            lines[lines >= skipped] += 1
        done += table.num_rows
        yield RawBatch(table=table, lines=lines)
