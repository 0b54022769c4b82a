import { lazy, Suspense, useCallback } from "react";
import { Link, useSearchParams } from "react-router";
import type { StateSummary, TopQuery } from "../api/types";
import { useSession } from "../auth/AuthProvider";
import { formatInteger } from "../format";
import { EmptyMessage, ErrorMessage, Loading } from "../layout/StatusMessages";
import { useDocumentTitle } from "../layout/useDocumentTitle";
import { csvFileName, downloadText, plantsCsv } from "./csv";
import { PlantsBarChart } from "./PlantsBarChart";
import { PlantsTable } from "./PlantsTable";
import { useStates, useTopPlants, useYears } from "./queries";
import { paramsFromSelection, selectionFromParams } from "./selection";
import { SelectionControls } from "./SelectionControls";

// The map carries the U.S. atlas: loaded after the first paint, in its own chunk.
const StatesMap = lazy(() => import("./StatesMap"));

/** The selection's total: one state's, or the sum of all states'. */
export function selectionTotal(states: StateSummary[], state: string | null): number | null {
  if (state) return states.find((s) => s.code === state)?.net_generation_mwh ?? null;
  if (states.length === 0) return null;
  return states.reduce((sum, s) => sum + (s.net_generation_mwh ?? 0), 0);
}

export function ExplorePage() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const selection = selectionFromParams(params);
  const years = useYears();
  const states = useStates(selection.year);
  const top = useTopPlants(selection);

  // Each change is a new history entry: the back button returns to the previous view.
  const change = useCallback(
    (update: Partial<TopQuery>) => setParams(paramsFromSelection({ ...selectionFromParams(params), ...update })),
    [params, setParams],
  );

  const stateList = states.data?.states ?? [];
  const yearList = years.data?.years ?? [];
  const shownYear = selection.year ?? years.data?.latest ?? null;
  const stateName = selection.state
    ? (stateList.find((s) => s.code === selection.state)?.name ?? selection.state)
    : null;
  const where = stateName ?? "the U.S.";
  const totalMwh = selectionTotal(stateList, selection.state);
  useDocumentTitle(`Top ${selection.n} plants in ${where}${shownYear ? `, ${shownYear}` : ""}`);

  let results;
  if (years.isPending || top.isPending) {
    results = <Loading what="plants" />;
  } else if (years.isError || top.isError) {
    results = (
      <ErrorMessage
        title="The plants could not be loaded."
        error={years.error ?? top.error}
        onRetry={() => {
          void years.refetch();
          void top.refetch();
        }}
      />
    );
  } else if (years.data.latest === null) {
    results = (
      <EmptyMessage>
        <p>
          <strong>No data yet: upload a GEN file.</strong>{" "}
          {session.role === "admin" ? (
            <Link to="/upload">Upload an eGRID generator file</Link>
          ) : (
            "An administrator can upload one."
          )}
        </p>
      </EmptyMessage>
    );
  } else if (top.data.plants.length === 0) {
    results = (
      <EmptyMessage>
        <p>
          No plants in {where} in {top.data.year}.
        </p>
      </EmptyMessage>
    );
  } else {
    const answer = top.data;
    const summary = `Top ${formatInteger(answer.plants.length)} of ${formatInteger(answer.total_plants)} plants in ${where}, ${answer.year}, by annual net generation`;
    results = (
      <>
        <div className="results-bar">
          <h2>{summary}</h2>
          <button
            type="button"
            onClick={() =>
              downloadText(plantsCsv(answer.plants, totalMwh), csvFileName(answer.n, answer.state, answer.year))
            }
          >
            Download CSV
          </button>
        </div>
        <PlantsTable
          plants={answer.plants}
          caption={summary}
          totalMwh={totalMwh}
          totalOf={stateName ?? "U.S."}
          busy={top.isFetching}
        />
        <PlantsBarChart plants={answer.plants} title={`Net generation, top plants in ${where}, ${answer.year}`} />
      </>
    );
  }

  return (
    <div className="explore">
      <h1>Top power plants by net generation</h1>
      <div className="explore-grid">
        <SelectionControls
          selection={selection}
          states={stateList}
          years={yearList}
          shownYear={shownYear}
          onChange={change}
        />
        <section className="map-panel" aria-label="Map">
          {states.isError ? (
            <ErrorMessage
              title="The state totals could not be loaded."
              error={states.error}
              onRetry={() => void states.refetch()}
            />
          ) : stateList.length > 0 ? (
            <Suspense fallback={<Loading what="the map" />}>
              <StatesMap states={stateList} selected={selection.state} onSelect={(state) => change({ state })} />
            </Suspense>
          ) : null}
        </section>
        <section className="results" aria-label="Results">
          {results}
        </section>
      </div>
    </div>
  );
}
