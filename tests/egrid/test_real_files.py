"""The reader and cleaning on the three real GEN23 exports (../shared/data)."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.egrid.helpers import Parsed, parse


@pytest.fixture(scope="module")
def parsed(real_files) -> dict[str, Parsed]:
    return {name: parse(path) for name, path in real_files.items()}


@pytest.mark.parametrize("name, header_line",
                         [("raw", 2), ("display_formatted", 1), ("numbers_export", 3)])
def test_every_export_reads_all_generators(parsed, name, header_line):
    p = parsed[name]
    assert p.reader.header.line == header_line
    assert len(p.frame) == 26_601
    assert p.rejects.empty and not p.reader.malformed
    assert p.frame["plant_code"].nunique() == 12_611
    assert p.frame["state"].nunique() == 52
    assert set(p.frame["year"]) == {2023}
    assert p.frame["net_generation_mwh"].isna().sum() == 705  # blank, never 0


def test_raw_export_facts(parsed):
    f = parsed["raw"].frame
    gen = f["net_generation_mwh"]
    assert (gen < 0).sum() == 985
    assert (gen == 0).sum() == 1_407
    assert gen.min() == -219_567.5
    assert gen.sum() == pytest.approx(4_188_971_343, abs=1)
    assert f["generator_id"].str.startswith("0").sum() == 314
    assert f["generator_id"].str.contains(" ").sum() == 131
    assert f["plant_name"].str.contains(",").sum() == 1_456
    assert f.loc[f["generator_id"].str.startswith("0"), "generator_id"].str.len().min() >= 2


@pytest.mark.parametrize("name", ["display_formatted", "numbers_export"])
def test_formatted_exports_give_the_same_plants(parsed, name):
    """Same plant totals from all three files, within the display rounding (0.5 MWh per
    generator), and the same generator ids."""
    raw = parsed["raw"].frame
    other = parsed[name].frame

    def totals(f: pd.DataFrame) -> pd.DataFrame:
        return f.groupby("plant_code").agg(
            mwh=("net_generation_mwh", lambda s: s.sum(min_count=1)),
            generators=("generator_id", "count"))

    a, b = totals(raw), totals(other)
    assert a.index.equals(b.index)
    assert (a["generators"] == b["generators"]).all()
    assert (a["mwh"].isna() == b["mwh"].isna()).all()
    difference = (a["mwh"] - b["mwh"]).abs().fillna(0)  # both NaN where nothing reported
    assert (difference <= 0.5 * a["generators"] + 1e-6).all()
    keys = ["plant_code", "generator_id"]
    assert set(map(tuple, raw[keys].to_numpy())) == set(map(tuple, other[keys].to_numpy()))


def test_accounting_negatives_parse(parsed):
    f = parsed["display_formatted"].frame
    seneca = f.loc[f["net_generation_mwh"].idxmin()]
    assert seneca["net_generation_mwh"] == -219_568  # " (219,568)" in the file
    assert (f["net_generation_mwh"] < 0).sum() >= 900


def test_top_plants_from_real_data(parsed):
    f = parsed["raw"].frame
    plants = f.groupby("plant_code")["net_generation_mwh"].sum().sort_values(ascending=False)
    assert list(plants.index[:3]) == [6008, 46, 649]
    assert plants[6008] == pytest.approx(31_522_590, abs=1)
    assert plants[46] == pytest.approx(30_820_510, abs=1)
    assert plants[649] == pytest.approx(23_036_612, abs=1)
    tx = f[f["state"] == "TX"].groupby("plant_code")["net_generation_mwh"].sum()
    assert tx.idxmax() == 6251 and tx.max() == pytest.approx(21_787_144, abs=1)
