import { describe, expect, it } from "vitest";
import { formatCapacity, formatEnergy, formatEnergyTick, formatMwh, formatShare, formatBytes, formatDuration } from "./format";

describe("formatEnergy", () => {
  it.each([
    [0, "0 MWh"],
    [999, "999 MWh"],
    [999.4, "999 MWh"],
    [1_000, "1.0 GWh"],
    [171_900, "171.9 GWh"],
    [999_949, "999.9 GWh"],
    [1_000_000, "1.00 TWh"],
    [21_787_144, "21.79 TWh"],
    [31_522_590, "31.52 TWh"],
    [542_600_000, "542.60 TWh"],
    [-2_443, "-2.4 GWh"],
    [-500, "-500 MWh"],
  ])("%d MWh reads %s", (mwh, text) => {
    expect(formatEnergy(mwh)).toBe(text);
  });

  it("says when a figure is missing instead of showing 0", () => {
    expect(formatEnergy(null)).toBe("not reported");
    expect(formatMwh(null)).toBe("not reported");
  });
});

it("exact MWh use en-US thousands separators", () => {
  expect(formatMwh(31_522_590)).toBe("31,522,590 MWh");
  expect(formatMwh(-219_567.5)).toBe("-219,568 MWh");
});

it("axis ticks are short", () => {
  expect(formatEnergyTick(5_000_000)).toBe("5 TWh");
  expect(formatEnergyTick(2_500_000)).toBe("2.5 TWh");
  expect(formatEnergyTick(0)).toBe("0 MWh");
});

it("capacity has one decimal", () => {
  expect(formatCapacity(4008.4)).toBe("4,008.4");
  expect(formatCapacity(3937)).toBe("3,937.0");
  expect(formatCapacity(null)).toBe("not reported");
});

describe("formatShare", () => {
  it("is the part of the total as a percentage", () => {
    expect(formatShare(21_787_144, 500_000_000)).toBe("4.4%");
    expect(formatShare(1, 3)).toBe("33.3%");
  });
  it("is blank without a part or a positive total", () => {
    expect(formatShare(null, 100)).toBe("");
    expect(formatShare(5, 0)).toBe("");
    expect(formatShare(5, null)).toBe("");
  });
});

it("sizes and durations", () => {
  expect(formatBytes(3_374_025)).toBe("3.2 MB");
  expect(formatBytes(2048)).toBe("2.0 KB");
  expect(formatDuration(849)).toBe("849 ms");
  expect(formatDuration(51_800)).toBe("51.8 s");
});
