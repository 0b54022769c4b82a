import { useEffect, useId, useRef, useState } from "react";
import type { StateSummary, TopQuery } from "../api/types";
import { formatInteger } from "../format";
import { checkN, MAX_N, MIN_N } from "./selection";

const N_COMMIT_DELAY_MS = 400; // typing "25" asks once, for 25, not for 2 then 25

interface SelectionControlsProps {
  selection: TopQuery;
  states: StateSummary[];
  years: number[];
  /** The year shown when the URL names none (the latest). */
  shownYear: number | null;
  onChange: (change: Partial<TopQuery>) => void;
}

/** State, N and (when more than one is loaded) year: the explore page's question. */
export function SelectionControls({ selection, states, years, shownYear, onChange }: SelectionControlsProps) {
  const allPlants = states.reduce((sum, s) => sum + s.plants, 0);
  // A state in the URL without data this year still shows as selected.
  const unknownState = selection.state && !states.some((s) => s.code === selection.state) ? selection.state : null;
  return (
    <form className="selection" onSubmit={(e) => e.preventDefault()} aria-label="Selection">
      <div className="field">
        <label htmlFor="state-select">State</label>
        <select
          id="state-select"
          value={selection.state ?? ""}
          onChange={(e) => onChange({ state: e.target.value || null })}
        >
          <option value="">All states{states.length > 0 ? ` (${formatInteger(allPlants)} plants)` : ""}</option>
          {unknownState && <option value={unknownState}>{unknownState}</option>}
          {states.map((s) => (
            <option key={s.code} value={s.code}>
              {s.name} ({formatInteger(s.plants)} {s.plants === 1 ? "plant" : "plants"})
            </option>
          ))}
        </select>
      </div>
      <TopNField value={selection.n} onCommit={(n) => onChange({ n })} />
      {years.length > 1 && (
        <div className="field">
          <label htmlFor="year-select">Year</label>
          <select
            id="year-select"
            value={selection.year ?? shownYear ?? ""}
            onChange={(e) => onChange({ year: e.target.value ? Number(e.target.value) : null })}
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      )}
    </form>
  );
}

/** N as typed: committed (after a pause, on Enter or on leaving) only when valid. */
export function TopNField({ value, onCommit }: { value: number; onCommit: (n: number) => void }) {
  const id = useId();
  const [text, setText] = useState(String(value));
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    // The URL changed (back button, map click): show its N.
    setShown(value);
    setText(String(value));
  }
  const check = checkN(text);
  const pending = check.ok && check.value !== value ? check.value : null;

  // The latest callback, without restarting the pause timer on every render.
  const commitRef = useRef(onCommit);
  useEffect(() => {
    commitRef.current = onCommit;
  });
  useEffect(() => {
    if (pending === null) return;
    const timer = window.setTimeout(() => commitRef.current(pending), N_COMMIT_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [pending]);

  const commitNow = () => {
    if (pending !== null) onCommit(pending);
  };

  return (
    <div className="field">
      <label htmlFor={`${id}-n`}>Number of plants</label>
      <input
        id={`${id}-n`}
        className="n-input"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        value={text}
        aria-invalid={!check.ok}
        aria-describedby={`${id}-n-help`}
        onChange={(e) => setText(e.target.value)}
        onBlur={commitNow}
        onKeyDown={(e) => {
          if (e.key === "Enter") commitNow();
        }}
      />
      <p id={`${id}-n-help`} className={check.ok ? "field-help" : "field-error"} aria-live="polite">
        {check.ok ? `${MIN_N}–${MAX_N}` : check.message}
      </p>
    </div>
  );
}
