"""Clean one batch of raw eGRID rows: type the values, reject what cannot be stored.

Every rule here is listed, with its reason, in the README's "Cleaning rules". Rules are
vectorised (pandas), so cleaning costs about as much as parsing. Deduplication spans the
whole file and happens in the store (`functions.store.load`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from functions.egrid.columns import BY_FIELD, COLUMNS, ROW_REQUIRED_FIELDS, STATE_NAMES, YEAR_RANGE
from functions.egrid.reader import RawBatch

# Text columns holding eGRID codes (status OP/SB, prime mover ST, fuel NUC): upper-cased.
CODE_FIELDS = ("status", "prime_mover", "fuel")
# Whole numbers that cannot be zero or negative.
POSITIVE_FIELDS = ("plant_code", "seq", "year_online", "year_retired")


@dataclass
class CleanBatch:
    frame: pd.DataFrame  # one column per field of COLUMNS, typed, plus `source_line`
    rejects: pd.DataFrame  # columns `line`, `reason`: rows that cannot be stored
    blank: int  # blank lines skipped


def parse_numbers(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers from trimmed spreadsheet text: (values, unparseable mask).

    Accepts raw values (`-219567.5`), thousands separators (`20,961`) and accounting
    negatives (`(2,443)`, `(0)`). An empty cell is missing (NaN), never zero.
    """
    try:  # the fast path: every cell a plain number or empty (raw exports)
        arrow = pa.array(text.mask(text == "", None), type=pa.string())
        values = pd.Series(pc.cast(arrow, pa.float64()).to_numpy(zero_copy_only=False), index=text.index)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        values = pd.to_numeric(text, errors="coerce").astype("float64")
    retry = values.isna() & (text != "")
    if retry.any():  # only formatted cells take the slow path
        t = text[retry].str.replace(",", "", regex=False).str.replace(" ", "", regex=False)
        accounting = t.str.startswith("(") & t.str.endswith(")")
        t = t.where(~accounting, "-" + t.str.slice(1, -1))
        values[retry] = pd.to_numeric(t, errors="coerce").astype("float64")
    bad = (values.isna() | ~np.isfinite(values)) & (text != "")
    return values.where(np.isfinite(values)), bad


def _normalise_text(text: pd.Series) -> pd.Series:
    """Collapse runs of whitespace to one space; Unicode NFC, so 'é' is one code point.

    Only the cells that need it go through the (per-cell) work: most are clean ASCII.
    """
    arrow = pa.array(text, type=pa.string())
    spaced = pd.Series(pc.match_substring_regex(arrow, r"\s\s|[\t\n\r\f\v]").to_numpy(
        zero_copy_only=False), index=text.index)
    if spaced.any():
        text = text.mask(spaced, text[spaced].str.replace(r"\s+", " ", regex=True))
    accented = ~pd.Series(pc.string_is_ascii(arrow).to_numpy(zero_copy_only=False), index=text.index)
    if accented.any():
        text = text.mask(accented, text[accented].str.normalize("NFC"))
    return text


def clean(batch: RawBatch) -> CleanBatch:
    raw = batch.frame
    text = {name: raw[name].str.strip() for name in raw.columns}
    blank = np.logical_and.reduce([(t == "").to_numpy() for t in text.values()])
    keep = ~blank
    lines = batch.lines[keep]
    text = {name: t[keep].reset_index(drop=True) for name, t in text.items()}
    rows = len(lines)

    reason = pd.Series([None] * rows, dtype="object")

    def reject(mask: pd.Series | np.ndarray, message: str, value: pd.Series | None = None) -> None:
        """Give rows in `mask` (not yet rejected) the reason `message`, followed by their
        quoted value if given; strings are only built for the rejected rows."""
        mask = np.asarray(mask, dtype=bool) & reason.isna().to_numpy()
        if mask.any():
            reason[mask] = message if value is None else message + ": '" + value[mask] + "'"

    for name in ROW_REQUIRED_FIELDS:
        reject(text[name] == "", f"missing {BY_FIELD[name].code}")

    out: dict[str, pd.Series] = {}
    for column in COLUMNS:
        if column.field not in text:
            out[column.field] = pd.Series([None] * rows, dtype="object")
            continue
        value = text[column.field]
        if column.kind in ("int", "number"):
            numbers, bad = parse_numbers(value)
            reject(bad, f"{column.code} is not a number", value)
            if column.kind == "int":
                fractional = numbers.notna() & (numbers % 1 != 0)
                reject(fractional, f"{column.code} is not a whole number", value)
                if column.field in POSITIVE_FIELDS:
                    reject(numbers <= 0, f"{column.code} must be positive", value)
                numbers = numbers.where(~fractional).round().astype("Int64")
            out[column.field] = numbers
        elif column.kind == "state":
            state = value.str.upper()
            unknown = ~state.isin(STATE_NAMES) & (state != "")
            if unknown.any():
                reject(unknown, "unknown state code '" + value + "'")
            out[column.field] = state
        elif column.kind == "genid":
            out[column.field] = value  # text as written: leading zeros and inner spaces kept
        else:
            value = _normalise_text(value)
            out[column.field] = value.str.upper() if column.field in CODE_FIELDS else value

    year = out["year"]
    reject(year.notna() & ((year < YEAR_RANGE[0]) | (year > YEAR_RANGE[1])),
           f"YEAR outside {YEAR_RANGE[0]}-{YEAR_RANGE[1]}", text["year"])

    rejected = reason.notna().to_numpy()
    frame = pd.DataFrame(out)
    for name, series in frame.items():
        if series.dtype != "float64" and str(series.dtype) != "Int64":
            frame[name] = series.mask(series == "", None)  # an empty text cell is missing
    frame["source_line"] = lines
    frame = frame[~rejected].reset_index(drop=True)
    rejects = pd.DataFrame({"line": lines[rejected], "reason": reason[rejected].to_numpy()})
    return CleanBatch(frame=frame, rejects=rejects, blank=int(blank.sum()))
