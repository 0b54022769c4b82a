// Number formatting for en-US, whatever the browser's locale: the data is U.S. data and
// the tests compare exact strings.
const LOCALE = "en-US";

const integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat(LOCALE, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const NOT_REPORTED = "not reported";

export function formatInteger(value: number | null | undefined): string {
  return value === null || value === undefined ? "" : integer.format(value);
}

/** Net generation in the unit that keeps it readable: MWh, GWh (10^3 MWh) or TWh (10^6 MWh). */
export function formatEnergy(mwh: number | null | undefined): string {
  if (mwh === null || mwh === undefined) return NOT_REPORTED;
  const size = Math.abs(mwh);
  if (size >= 1e6) return `${twoDecimals.format(mwh / 1e6)} TWh`;
  if (size >= 1e3) return `${oneDecimal.format(mwh / 1e3)} GWh`;
  return `${integer.format(mwh)} MWh`;
}

const upToOneDecimal = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });

/** A chart axis tick: the same units, shorter ("5 TWh", "2.5 TWh"). */
export function formatEnergyTick(mwh: number): string {
  const size = Math.abs(mwh);
  if (size >= 1e6) return `${upToOneDecimal.format(mwh / 1e6)} TWh`;
  if (size >= 1e3) return `${upToOneDecimal.format(mwh / 1e3)} GWh`;
  return `${integer.format(mwh)} MWh`;
}

/** Exact MWh, for titles and screen readers beside the readable figure. */
export function formatMwh(mwh: number | null | undefined): string {
  return mwh === null || mwh === undefined ? NOT_REPORTED : `${integer.format(mwh)} MWh`;
}

export function formatCapacity(mw: number | null | undefined): string {
  return mw === null || mw === undefined ? NOT_REPORTED : oneDecimal.format(mw);
}

/** A share (0.123 → "12.3%"); empty when either side is unknown or the total is not positive. */
export function formatShare(part: number | null | undefined, total: number | null | undefined): string {
  if (part === null || part === undefined || !total || total <= 0) return "";
  return percent.format(part / total);
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return "";
  if (bytes >= 1024 * 1024) return `${oneDecimal.format(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${oneDecimal.format(bytes / 1024)} KB`;
  return `${integer.format(bytes)} bytes`;
}

const dateTime = new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium", timeStyle: "medium" });

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "";
  return ms < 1000 ? `${integer.format(ms)} ms` : `${oneDecimal.format(ms / 1000)} s`;
}
