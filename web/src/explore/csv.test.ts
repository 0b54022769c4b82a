import { describe, expect, it, vi } from "vitest";
import { plant, SOUTH_TEXAS } from "../test/fixtures";
import { csvField, csvFileName, downloadText, plantsCsv } from "./csv";

describe("csvField", () => {
  it("quotes only what needs it", () => {
    expect(csvField("W A Parish")).toBe("W A Parish");
    expect(csvField("Smith, Jones & Co")).toBe('"Smith, Jones & Co"');
    expect(csvField('The "Big" One')).toBe('"The ""Big"" One"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField(null)).toBe("");
    expect(csvField(-2443.5)).toBe("-2443.5");
  });

  it("keeps a spreadsheet from running a name as a formula", () => {
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("@SUM(1,2)")).toBe("\"'@SUM(1,2)\"");
  });
});

describe("plantsCsv", () => {
  it("has a header and one line per plant with exact figures", () => {
    const text = plantsCsv([SOUTH_TEXAS, plant(2, { name: "Comanche Peak, Unit", net_generation_mwh: null })], 500_000_000);
    expect(text.split("\r\n")).toEqual([
      "rank,plant_code,plant,state,primary_fuel,capacity_mw,net_generation_mwh,share_of_total_percent",
      "1,6251,South Texas Project,TX,NUC,2708.6,21787144,4.36",
      '2,1002,"Comanche Peak, Unit",TX,NG,502,,',
      "",
    ]);
  });

  it("leaves the share blank without a total", () => {
    expect(plantsCsv([SOUTH_TEXAS], null).split("\r\n")[1]).toBe("1,6251,South Texas Project,TX,NUC,2708.6,21787144,");
  });
});

it("names the file after the selection", () => {
  expect(csvFileName(5, "TX", 2023)).toBe("top-5-TX-2023.csv");
  expect(csvFileName(10, null, 2023)).toBe("top-10-US-2023.csv");
});

it("downloads through a temporary link", () => {
  const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
  URL.createObjectURL = vi.fn(() => "blob:x");
  URL.revokeObjectURL = vi.fn();
  downloadText("a,b\r\n", "top-5-TX-2023.csv");
  expect(click).toHaveBeenCalledOnce();
  const link = click.mock.contexts[0] as HTMLAnchorElement;
  expect(link.download).toBe("top-5-TX-2023.csv");
  expect(link.href).toBe("blob:x");
  expect(URL.revokeObjectURL).toHaveBeenCalledWith("blob:x");
  expect(document.querySelector("a[download]")).toBeNull();
});
