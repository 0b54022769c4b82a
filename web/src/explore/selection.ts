// The explore page's selection lives in the URL (?state=TX&n=5&year=2023) so a link
// shows the same view and the back button steps through earlier views.
import type { TopQuery } from "../api/types";

export const DEFAULT_N = 10;
export const MIN_N = 1;
export const MAX_N = 1000;

export type NCheck = { ok: true; value: number } | { ok: false; message: string };

/** The N field's text → a number the API accepts, or why not (shown inline; never sent). */
export function checkN(text: string): NCheck {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, message: `Enter how many plants to show (${MIN_N}–${MAX_N}).` };
  if (!/^\d+$/.test(trimmed)) {
    return { ok: false, message: `Enter a whole number from ${MIN_N} to ${MAX_N}.` };
  }
  const value = Number(trimmed);
  if (value < MIN_N || value > MAX_N) {
    return { ok: false, message: `Enter a number from ${MIN_N} to ${MAX_N}; ${trimmed} is out of range.` };
  }
  return { ok: true, value };
}

/** The selection a URL's query string asks for; anything malformed falls back to its default. */
export function selectionFromParams(params: URLSearchParams): TopQuery {
  const state = params.get("state")?.trim().toUpperCase() ?? "";
  const n = checkN(params.get("n") ?? "");
  const yearText = params.get("year") ?? "";
  const year = /^\d{4}$/.test(yearText) ? Number(yearText) : null;
  return {
    state: /^[A-Z]{2}$/.test(state) ? state : null,
    n: n.ok ? n.value : DEFAULT_N,
    year,
  };
}

/** The query string for a selection; defaults are left out so links stay short. */
export function paramsFromSelection(selection: TopQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (selection.state) params.set("state", selection.state);
  if (selection.n !== DEFAULT_N) params.set("n", String(selection.n));
  if (selection.year !== null) params.set("year", String(selection.year));
  return params;
}
