import { scaleBand, scaleLinear } from "d3-scale";
import type { RankedPlant } from "../api/types";
import { formatEnergy, formatEnergyTick, formatInteger, formatMwh } from "../format";
import { useElementWidth } from "./useElementWidth";

export const MAX_BARS = 50; // beyond this a bar chart stops being readable; the table has all
const BAR_HEIGHT = 22;
const MARGIN = { top: 24, right: 72, bottom: 8 };

/** Shortens a name to about `width` pixels of 12 px text (SVG text does not wrap or clip). */
function fit(name: string, width: number): string {
  const chars = Math.max(4, Math.floor(width / 6.8));
  return name.length > chars ? `${name.slice(0, chars - 1)}…` : name;
}

/** Horizontal bars of net generation, one per plant, in rank order. */
export function PlantsBarChart({ plants, title }: { plants: RankedPlant[]; title: string }) {
  const [ref, width] = useElementWidth<HTMLDivElement>(640);
  const charted = plants.slice(0, MAX_BARS);
  const labelWidth = Math.min(200, Math.round(width * 0.38));
  const values = charted.map((p) => p.net_generation_mwh ?? 0);
  const x = scaleLinear()
    .domain([Math.min(0, ...values), Math.max(0, ...values)])
    .nice()
    .range([labelWidth, Math.max(labelWidth + 40, width - MARGIN.right)]);
  const y = scaleBand<number>()
    .domain(charted.map((p) => p.rank))
    .range([MARGIN.top, MARGIN.top + charted.length * BAR_HEIGHT])
    .padding(0.2);
  const height = MARGIN.top + charted.length * BAR_HEIGHT + MARGIN.bottom;
  // About one tick per 110 px of bars, so the labels never overlap.
  const ticks = x.ticks(Math.max(2, Math.floor((width - labelWidth - MARGIN.right) / 110)));

  return (
    <figure className="chart" ref={ref}>
      <figcaption>
        {title}
        {plants.length > MAX_BARS && ` (the first ${MAX_BARS} of ${formatInteger(plants.length)})`}
      </figcaption>
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={`Bar chart: ${title}. The table lists the same figures.`}
      >
        {ticks.map((t) => (
          <g key={t} transform={`translate(${x(t)},0)`} aria-hidden="true">
            <line y1={MARGIN.top - 4} y2={height - MARGIN.bottom} className="chart-grid" />
            <text y={MARGIN.top - 8} textAnchor="middle" className="chart-tick">
              {formatEnergyTick(t)}
            </text>
          </g>
        ))}
        {charted.map((p) => {
          const value = p.net_generation_mwh ?? 0;
          const top = y(p.rank) ?? 0;
          const start = x(Math.min(0, value));
          const barWidth = Math.abs(x(value) - x(0));
          const name = p.name ?? `#${p.plant_code}`;
          return (
            <g key={p.plant_code}>
              <title>{`${p.rank}. ${name} (${p.state}): ${formatMwh(p.net_generation_mwh)}`}</title>
              <text x={labelWidth - 6} y={top + y.bandwidth() / 2} dy="0.35em" textAnchor="end" className="chart-label">
                {fit(name, labelWidth - 10)}
              </text>
              <rect
                x={start}
                y={top}
                width={Math.max(barWidth, 1)}
                height={y.bandwidth()}
                className={value < 0 ? "chart-bar negative" : "chart-bar"}
              />
              <text x={x(Math.max(0, value)) + 4} y={top + y.bandwidth() / 2} dy="0.35em" className="chart-value">
                {p.net_generation_mwh === null ? "n/a" : formatEnergy(value)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
