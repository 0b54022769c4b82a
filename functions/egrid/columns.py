"""What we know about eGRID's generator sheet (GENyy): column codes, descriptions, types.

The one place for these facts: the reader maps file headers through it, cleaning
types values by it, and the store's column order follows `STORED_COLUMNS`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "int", "number", "state", "genid"]


@dataclass(frozen=True)
class Column:
    code: str  # the code row's spelling (GEN23), e.g. "GENNTAN"
    field: str  # our column name in the database
    kind: Kind
    description: str  # the description row's spelling (workbook line 1)
    required: bool = False
    synonyms: tuple[str, ...] = ()  # other spellings of the code in other sheets/years


COLUMNS: tuple[Column, ...] = (
    Column("SEQGEN", "seq", "int", "Generator file sequence number"),
    Column("YEAR", "year", "int", "Data Year", required=True),
    Column("PSTATEABB", "state", "state", "Plant state abbreviation", required=True,
           synonyms=("PSTATABB",)),
    Column("PNAME", "plant_name", "text", "Plant name", required=True),
    Column("ORISPL", "plant_code", "int", "DOE/EIA ORIS plant or facility code", required=True),
    Column("GENID", "generator_id", "genid", "Generator ID", required=True),
    Column("NUMBLR", "boilers", "int", "Number of associated boilers"),
    Column("GENSTAT", "status", "text", "Generator status"),
    Column("PRMVR", "prime_mover", "text", "Generator prime mover type"),
    Column("FUELG1", "fuel", "text", "Generator primary fuel"),
    Column("NAMEPCAP", "capacity_mw", "number", "Generator nameplate capacity (MW)"),
    Column("CFACT", "capacity_factor", "number", "Generator capacity factor"),
    Column("GENNTAN", "net_generation_mwh", "number", "Generator annual net generation (MWh)",
           required=True),
    Column("GENNTOZ", "ozone_net_generation_mwh", "number",
           "Generator ozone season net generation (MWh)"),
    Column("GENERSRC", "generation_source", "text", "Generation data source"),
    Column("GENYRONL", "year_online", "int", "Generator year on-line"),
    Column("GENYRRET", "year_retired", "int", "Generator planned or actual retirement year"),
)

BY_FIELD = {c.field: c for c in COLUMNS}
# Fields that identify a generator: a repeated key means the same generator twice.
KEY_FIELDS = ("year", "plant_code", "generator_id")
# Fields a row cannot do without (rejected when empty); GENNTAN may be empty (= not reported).
ROW_REQUIRED_FIELDS = ("year", "state", "plant_code", "generator_id")
# Plant-level data years eGRID has published (1996 onwards); a sanity range for YEAR.
YEAR_RANGE = (1990, 2100)

# The sequence column carries the two-digit data year: SEQGEN23, SEQGEN22, ...
_SEQGEN = re.compile(r"^SEQGEN\d{2}$")


def _norm(text: str) -> str:
    return " ".join(text.strip().lstrip("\ufeff").split()).upper()


_BY_CODE = {_norm(name): c for c in COLUMNS for name in (c.code, *c.synonyms)}
_BY_DESCRIPTION = {_norm(c.description): c for c in COLUMNS}


def column_for_code(name: str) -> Column | None:
    """The column a code-row cell names (`SEQGEN23` and `PSTATABB` included)."""
    name = _norm(name)
    if _SEQGEN.match(name):
        return BY_FIELD["seq"]
    return _BY_CODE.get(name)


def column_for_description(name: str) -> Column | None:
    """The column a description-row cell names (e.g. `Plant state abbreviation`)."""
    return _BY_DESCRIPTION.get(_norm(name))


# State and territory postal codes eGRID uses: the 50 states, DC, and the territories.
STATE_NAMES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
    "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire",
    "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "DC": "District of Columbia",
    "PR": "Puerto Rico", "VI": "U.S. Virgin Islands", "GU": "Guam", "AS": "American Samoa",
    "MP": "Northern Mariana Islands",
}
