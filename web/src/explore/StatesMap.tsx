// Lazy-loaded (React.lazy in ExplorePage): the atlas is most of its weight.
import { scaleQuantile } from "d3-scale";
import { schemeBlues } from "d3-scale-chromatic";
import { useRef, useState, type KeyboardEvent } from "react";
import type { StateSummary } from "../api/types";
import { formatEnergy } from "../format";
import { MAP_HEIGHT, MAP_WIDTH, STATE_SHAPES } from "./statesGeometry";

const CLASSES = 5;
const COLOURS = schemeBlues[CLASSES] ?? [];
const NO_DATA = "#e5e7eb";

interface StatesMapProps {
  states: StateSummary[];
  selected: string | null;
  /** A click on the selected state clears the selection (all states). */
  onSelect: (code: string | null) => void;
}

/** Where an arrow key moves the keyboard focus among the states in `order`. */
export function nextStop(order: string[], current: string, key: string): string | null {
  const i = order.indexOf(current);
  switch (key) {
    case "ArrowRight":
    case "ArrowDown":
      return order[(i + 1) % order.length] ?? null;
    case "ArrowLeft":
    case "ArrowUp":
      return order[(i - 1 + order.length) % order.length] ?? null;
    case "Home":
      return order[0] ?? null;
    case "End":
      return order[order.length - 1] ?? null;
    default:
      return null;
  }
}

/** U.S. states coloured by total net generation; clicking (or Enter/Space on) a state selects it.
 *
 * The map is one stop in the Tab order (not 51): the arrow keys move between the states
 * with data, in alphabetical order, and Home/End jump to the first and last.
 */
export default function StatesMap({ states, selected, onSelect }: StatesMapProps) {
  const byCode = new Map(states.map((s) => [s.code, s]));
  const paths = useRef(new Map<string, SVGPathElement>());
  const [focused, setFocused] = useState<string | null>(null);
  const order = STATE_SHAPES.filter((shape) => byCode.has(shape.code))
    .sort((a, b) => a.name.localeCompare(b.name, "en-US"))
    .map((shape) => shape.code);
  const tabStop = [focused, selected, order[0]].find((code) => code && order.includes(code)) ?? null;
  const totals = states.flatMap((s) => (s.net_generation_mwh === null ? [] : [s.net_generation_mwh]));
  const colour = scaleQuantile<string>().domain(totals).range(COLOURS);
  const breaks = totals.length > 0 ? colour.quantiles() : [];
  // The selected state is drawn last so its outline is not hidden under its neighbours'.
  const shapes = [...STATE_SHAPES].sort((a, b) => Number(a.code === selected) - Number(b.code === selected));
  const offMap = states.filter((s) => !STATE_SHAPES.some((shape) => shape.code === s.code));

  const choose = (code: string) => onSelect(code === selected ? null : code);
  const onKey = (event: KeyboardEvent, code: string) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      choose(code);
      return;
    }
    const next = nextStop(order, code, event.key);
    if (next) {
      event.preventDefault();
      setFocused(next);
      paths.current.get(next)?.focus();
    }
  };

  return (
    <figure className="map">
      <figcaption>Net generation by state: click a state (or use the arrow keys and Enter) to see its plants.</figcaption>
      <svg viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`} role="group" aria-label="Map of U.S. states">
        {shapes.map((shape) => {
          const state = byCode.get(shape.code);
          const total = state?.net_generation_mwh ?? null;
          const isSelected = shape.code === selected;
          const label = `${shape.name}: ${state ? formatEnergy(total) : "no data"}`;
          return (
            <path
              key={shape.code}
              d={shape.d}
              data-state={shape.code}
              className={isSelected ? "map-state selected" : "map-state"}
              fill={total === null ? NO_DATA : colour(total)}
              ref={(path) => {
                if (path) paths.current.set(shape.code, path);
                else paths.current.delete(shape.code);
              }}
              role="button"
              tabIndex={shape.code === tabStop ? 0 : -1}
              aria-label={label}
              aria-pressed={isSelected}
              onClick={state ? () => choose(shape.code) : undefined}
              onKeyDown={state ? (e) => onKey(e, shape.code) : undefined}
              onFocus={state ? () => setFocused(shape.code) : undefined}
            >
              <title>{label}</title>
            </path>
          );
        })}
      </svg>
      {breaks.length > 0 && (
        <ul className="map-legend" aria-label="Legend: total net generation">
          {COLOURS.map((c, i) => {
            const low = i === 0 ? Math.min(...totals) : breaks[i - 1];
            const high = i === COLOURS.length - 1 ? Math.max(...totals) : breaks[i];
            return (
              <li key={c}>
                <span className="swatch" style={{ background: c }} aria-hidden="true" />
                {formatEnergy(low)} – {formatEnergy(high)}
              </li>
            );
          })}
        </ul>
      )}
      {offMap.length > 0 && (
        <p className="map-note">
          Not on the map: {offMap.map((s) => s.name).join(", ")} (choose from the state list).
        </p>
      )}
    </figure>
  );
}
