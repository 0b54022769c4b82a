from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from functions.egrid.clean import clean
from functions.egrid.columns import COLUMNS
from functions.egrid.reader import Reader, open_egrid_csv

CODES = ("SEQGEN23,YEAR,PSTATEABB,PNAME,ORISPL,GENID,NUMBLR,GENSTAT,PRMVR,FUELG1,NAMEPCAP,"
         "CFACT,GENNTAN,GENNTOZ,GENERSRC,GENYRONL,GENYRRET")


@dataclass
class Parsed:
    reader: Reader
    frame: pd.DataFrame
    rejects: pd.DataFrame
    blank: int


def _numbers_as_floats(frame: pd.DataFrame) -> pd.DataFrame:
    """Numbers arrive as decimal text (stored exactly); compare them as floats."""
    for column in COLUMNS:
        if column.kind == "number":
            frame[column.field] = pd.to_numeric(frame[column.field]).astype("float64")
    return frame


def parse(source: Path | bytes | str) -> Parsed:
    """Read and clean a whole file (tests only: real loads stream batch by batch)."""
    if isinstance(source, Path):
        stream = source.open("rb")
    else:
        stream = io.BytesIO(source.encode("utf-8") if isinstance(source, str) else source)
    with stream:
        reader = open_egrid_csv(stream)
        batches = [clean(raw) for raw in reader.batches]
    frames = [_numbers_as_floats(b.table.to_pandas()) for b in batches]
    rejects = [pd.DataFrame(b.rejects, columns=["line", "reason"]) for b in batches]
    return Parsed(
        reader=reader,
        frame=pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(),
        rejects=pd.concat(rejects, ignore_index=True) if rejects else pd.DataFrame(),
        blank=sum(b.blank for b in batches) + len(reader.blank),
    )


def row(**values: str) -> str:
    """One GEN23 data row; keyword arguments override the defaults, by field code."""
    base = {"SEQGEN23": "1", "YEAR": "2023", "PSTATEABB": "TX", "PNAME": "Test Plant",
            "ORISPL": "100", "GENID": "G1", "NUMBLR": "", "GENSTAT": "OP", "PRMVR": "ST",
            "FUELG1": "NG", "NAMEPCAP": "10.5", "CFACT": "0.5", "GENNTAN": "1000",
            "GENNTOZ": "400", "GENERSRC": "EIA-923", "GENYRONL": "2001", "GENYRRET": ""}
    base.update(values)
    return ",".join(base[c] for c in CODES.split(","))
