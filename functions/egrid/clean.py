"""Clean one batch of raw eGRID rows: type the values, reject what cannot be stored.

Every rule here is listed, with its reason, in the README's "Cleaning rules". Rules are
vectorised with pyarrow compute (the batch stays in Arrow from the parser to COPY), so
cleaning costs about as much as parsing. Reject messages are only written out for the
sample rows that are kept. Deduplication spans the whole file and happens in the store
(`functions.store.load`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from functions.egrid.columns import BY_FIELD, COLUMNS, ROW_REQUIRED_FIELDS, STATE_NAMES, YEAR_RANGE
from functions.egrid.reader import RawBatch

# Text columns holding eGRID codes (status OP/SB, prime mover ST, fuel NUC): upper-cased.
CODE_FIELDS = ("status", "prime_mover", "fuel")
# Whole numbers that cannot be zero or negative.
POSITIVE_FIELDS = ("plant_code", "seq", "year_online", "year_retired")
# The largest whole number each integer column stores (PostgreSQL smallint or integer).
INT_LIMITS = {"year": 32_767, "year_online": 32_767, "year_retired": 32_767}
INT_LIMIT = 2_147_483_647
MAX_SAMPLE_REJECTS = 100  # reject messages kept per batch (the ingestion record keeps 100)
_STATES = pa.array(sorted(STATE_NAMES))
# Whitespace to collapse: two spaces, a tab or line break, a no-break space (U+00A0).
_ODD_SPACES = (b"  ", b"\t", b"\n", b"\r", b"\f", b"\v", b"\xc2\xa0")
_SPACES = re.compile(r"\s+")
_NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"


@dataclass
class CleanBatch:
    # One column per field of COLUMNS, plus `source_line`: whole numbers int64, other
    # numbers their decimal text (see parse_numbers), text as cleaned.
    table: pa.Table
    rejected: int  # rows that cannot be stored
    rejects: list[dict] = field(default_factory=list)  # the first of them: {"line", "reason"}
    blank: int = 0  # blank lines skipped


def _null_if_empty(text: pa.Array) -> pa.Array:
    return pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)


def parse_numbers(text: pa.Array) -> tuple[pa.Array, np.ndarray, pa.Array]:
    """Numbers from trimmed spreadsheet text: (float64 values, unparseable mask, decimal
    text to store).

    Accepts raw values (`-219567.5`), thousands separators (`20,961`) and accounting
    negatives (`(2,443)`, `(0)`). An empty cell is missing (null), never zero. The text to
    store is the number as the file wrote it, separators and parentheses resolved:
    PostgreSQL's numeric reads it exactly, and formatting floats back to text would cost
    more than writing every other column.
    """
    text = given = _null_if_empty(text)
    try:  # the fast path: every cell a plain number or empty (raw exports)
        values = pc.cast(text, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        plain = pc.replace_substring(pc.replace_substring(text, ",", ""), " ", "")
        plain = pc.replace_substring_regex(plain, r"^\((.*)\)$", r"-\1")  # accounting negative
        valid = pc.fill_null(pc.match_substring_regex(plain, _NUMBER), True)
        text = pc.if_else(valid, plain, pa.scalar(None, pa.string()))
        values = pc.cast(text, pa.float64())
    finite = pc.fill_null(pc.is_finite(values), True)
    bad = pc.or_(pc.invert(finite), pc.and_(pc.is_null(values), pc.is_valid(given)))
    values = pc.if_else(finite, values, pa.scalar(None, pa.float64()))
    text = pc.if_else(finite, text, pa.scalar(None, pa.string()))
    return values, bad.to_numpy(zero_copy_only=False), text


def _cells_at(text: pa.Array, positions: np.ndarray) -> np.ndarray:
    """Indices of the cells holding these byte positions of the column's data buffer."""
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int32, count=len(text) + 1,
                            offset=text.offset * 4)
    return np.unique(np.searchsorted(offsets, positions, side="right") - 1)


def _fix_cells(text: pa.Array, cells: np.ndarray, fix) -> pa.Array:
    fixed = [fix(value) for value in text.take(pa.array(cells)).to_pylist()]
    mask = np.zeros(len(text), dtype=bool)
    mask[cells] = True
    return pc.replace_with_mask(text, pa.array(mask), pa.array(fixed, pa.string()))


def _normalise_text(text: pa.Array) -> pa.Array:
    """Collapse runs of whitespace to one space; Unicode NFC, so 'é' is one code point.

    Only the cells that need it are touched (most are clean ASCII). The column's data
    buffer holds its cells end to end, so one scan of it finds them.
    """
    data = text.buffers()[2]
    if data is None or not len(text):
        return text
    raw = data.to_pybytes()
    odd = [m.start() for needle in _ODD_SPACES for m in re.finditer(re.escape(needle), raw)]
    if odd:
        text = _fix_cells(text, _cells_at(text, np.array(odd)), lambda v: _SPACES.sub(" ", v))
        data = text.buffers()[2]
        raw = data.to_pybytes()
    if not raw.isascii():
        wide = np.flatnonzero(np.frombuffer(raw, dtype=np.uint8) >= 0x80)
        text = _fix_cells(text, _cells_at(text, wide), lambda v: unicodedata.normalize("NFC", v))
    return text


class _Rejects:
    """Rules applied in order: a row's reason is the first rule it breaks."""

    def __init__(self, rows: int) -> None:
        self.rejected = np.zeros(rows, dtype=bool)
        self._rules: list[tuple[np.ndarray, str, pa.Array | None]] = []

    def add(self, mask: np.ndarray | pa.Array, message: str, value: pa.Array | None = None) -> None:
        """Reject rows in `mask` with `message`; its `{}` becomes the row's `value`."""
        if isinstance(mask, pa.Array | pa.ChunkedArray):
            mask = pc.fill_null(mask, False).to_numpy(zero_copy_only=False)
        mask = mask & ~self.rejected
        if mask.any():
            self.rejected |= mask
            self._rules.append((mask, message, value))

    def sample(self, lines: np.ndarray) -> list[dict]:
        """{"line", "reason"} for the first MAX_SAMPLE_REJECTS rejected rows."""
        first = np.flatnonzero(self.rejected)[:MAX_SAMPLE_REJECTS]
        out = []
        for i in first:
            mask, message, value = next(rule for rule in self._rules if rule[0][i])
            reason = message if value is None else message.format(value[int(i)].as_py())
            out.append({"line": int(lines[i]), "reason": reason})
        return out


def clean(batch: RawBatch) -> CleanBatch:
    raw = batch.table
    text = {name: pc.utf8_trim_whitespace(raw[name].combine_chunks()) for name in raw.column_names}
    empty = [pc.equal(t, "") for t in text.values()]
    blank = np.logical_and.reduce([e.to_numpy(zero_copy_only=False) for e in empty])
    if blank.any():
        keep = pa.array(~blank)
        text = {name: t.filter(keep) for name, t in text.items()}
    lines = batch.lines[~blank]
    rows = len(lines)
    rejects = _Rejects(rows)

    for name in ROW_REQUIRED_FIELDS:
        rejects.add(pc.equal(text[name], ""), f"missing {BY_FIELD[name].code}")

    out: dict[str, pa.Array] = {}
    for column in COLUMNS:
        value = text.get(column.field)
        if value is None:  # an optional column the file does not have
            kind = pa.int64() if column.kind == "int" else pa.string()
            out[column.field] = pa.nulls(rows, kind)
            continue
        if column.kind in ("int", "number"):
            numbers, bad, decimal = parse_numbers(value)
            rejects.add(bad, f"{column.code} is not a number: '{{}}'", value)
            if column.kind == "int":
                fractional = pc.not_equal(pc.floor(numbers), numbers)
                rejects.add(fractional, f"{column.code} is not a whole number: '{{}}'", value)
                if column.field in POSITIVE_FIELDS:
                    rejects.add(pc.less_equal(numbers, 0), f"{column.code} must be positive: '{{}}'", value)
                limit = INT_LIMITS.get(column.field, INT_LIMIT)
                too_large = pc.greater(pc.abs(numbers), limit)
                rejects.add(too_large, f"{column.code} is too large: '{{}}'", value)
                unusable = pc.fill_null(pc.or_(fractional, too_large), False)
                numbers = pc.cast(pc.if_else(unusable, pa.scalar(None, pa.float64()), numbers),
                                  pa.int64())
                out[column.field] = numbers
            else:
                out[column.field] = decimal
        elif column.kind == "state":
            state = pc.utf8_upper(value)
            unknown = pc.and_(pc.invert(pc.is_in(state, value_set=_STATES)), pc.not_equal(state, ""))
            rejects.add(unknown, "unknown state code '{}'", value)
            out[column.field] = _null_if_empty(state)
        elif column.kind == "genid":
            out[column.field] = _null_if_empty(value)  # as written: leading zeros, inner spaces
        else:
            value = _normalise_text(value)
            if column.field in CODE_FIELDS:
                value = pc.utf8_upper(value)
            out[column.field] = _null_if_empty(value)

    year = out["year"]
    rejects.add(pc.or_(pc.less(year, YEAR_RANGE[0]), pc.greater(year, YEAR_RANGE[1])),
                f"YEAR outside {YEAR_RANGE[0]}-{YEAR_RANGE[1]}: '{{}}'", text["year"])

    table = pa.table({**out, "source_line": pa.array(lines, pa.int64())})
    if rejects.rejected.any():
        table = table.filter(pa.array(~rejects.rejected))
    return CleanBatch(table=table, rejected=int(rejects.rejected.sum()),
                      rejects=rejects.sample(lines), blank=int(blank.sum()))
