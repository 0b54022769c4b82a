import { describe, expect, it } from "vitest";
import { checkN, DEFAULT_N, paramsFromSelection, selectionFromParams } from "./selection";

describe("checkN", () => {
  it.each(["1", "10", "1000", " 25 ", "007"])("accepts %j", (text) => {
    expect(checkN(text)).toEqual({ ok: true, value: Number(text.trim()) });
  });

  it.each([
    ["0", "out of range"],
    ["1001", "out of range"],
    ["-5", "whole number"],
    ["2.5", "whole number"],
    ["1e3", "whole number"],
    ["abc", "whole number"],
    ["", "how many plants"],
    ["   ", "how many plants"],
  ])("refuses %j with a reason", (text, reason) => {
    const check = checkN(text);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).toContain(reason);
  });
});

describe("the selection in the URL", () => {
  it("reads state, n and year", () => {
    expect(selectionFromParams(new URLSearchParams("state=tx&n=5&year=2023"))).toEqual({ state: "TX", n: 5, year: 2023 });
  });

  it("falls back to defaults for anything malformed", () => {
    expect(selectionFromParams(new URLSearchParams("state=Texas&n=0&year=23"))).toEqual({
      state: null,
      n: DEFAULT_N,
      year: null,
    });
    expect(selectionFromParams(new URLSearchParams(""))).toEqual({ state: null, n: DEFAULT_N, year: null });
  });

  it("writes only what differs from the defaults", () => {
    expect(paramsFromSelection({ state: null, n: DEFAULT_N, year: null }).toString()).toBe("");
    expect(paramsFromSelection({ state: "TX", n: 5, year: 2023 }).toString()).toBe("state=TX&n=5&year=2023");
  });

  it("round-trips", () => {
    const selection = { state: "CA", n: 250, year: 2021 };
    expect(selectionFromParams(paramsFromSelection(selection))).toEqual(selection);
  });
});
