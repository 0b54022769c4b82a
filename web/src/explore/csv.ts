// "Download CSV": the table as shown, with exact figures (MWh, MW) rather than the
// rounded display units, so a spreadsheet can compute with them.
import type { RankedPlant } from "../api/types";

const HEADER = [
  "rank",
  "plant_code",
  "plant",
  "state",
  "primary_fuel",
  "capacity_mw",
  "net_generation_mwh",
  "share_of_total_percent",
];

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  // A leading =, +, - or @ would make a spreadsheet evaluate a plant name as a formula.
  const safe = /^[=+\-@]/.test(text) && typeof value === "string" ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function plantsCsv(plants: RankedPlant[], totalMwh: number | null): string {
  const rows = plants.map((p) => {
    const share =
      p.net_generation_mwh !== null && totalMwh && totalMwh > 0
        ? ((p.net_generation_mwh / totalMwh) * 100).toFixed(2)
        : null;
    return [p.rank, p.plant_code, p.name, p.state, p.primary_fuel, p.capacity_mw, p.net_generation_mwh, share];
  });
  return [HEADER, ...rows].map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** The file name tells what it holds: top-5-TX-2023.csv, top-10-US-2023.csv. */
export function csvFileName(n: number, state: string | null, year: number | null): string {
  return `top-${n}-${state ?? "US"}${year !== null ? `-${year}` : ""}.csv`;
}

export function downloadText(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
