import { fireEvent, screen } from "@testing-library/react";
import { expect, it } from "vitest";
import { App } from "../App";
import { renderApp, signInAs, stubApi } from "../test/render";
import { fileProblem } from "./FileDropZone";
import { IngestionDetails } from "./IngestionDetails";
import { render } from "@testing-library/react";
import type { Ingestion } from "../api/types";

it("a viewer gets no upload form", async () => {
  signInAs("viewer");
  stubApi({});
  renderApp(<App />, { route: "/upload" });
  expect(await screen.findByText(/Uploading files is for administrators/)).toBeInTheDocument();
  expect(screen.queryByLabelText(/eGRID generator file/)).toBeNull();
});

it("an admin sees the form and the history", async () => {
  signInAs("admin");
  stubApi({
    "/api/v1/ingestions": {
      body: {
        ingestions: [
          ingestion({ id: 4, original_name: "GEN22 export.csv", uploaded_by: "ana" }),
          ingestion({ id: 3, blob_name: "GEN23.csv", source: "local-trigger" }),
        ],
      },
    },
  });
  renderApp(<App />, { route: "/upload" });
  expect(await screen.findByLabelText("eGRID generator file (GEN sheet as .csv)")).toBeInTheDocument();
  const history = await screen.findByRole("region", { name: "Ingestions table" });
  const rows = history.querySelectorAll("tbody tr");
  // An upload shows under the name the admin gave it (not its server-made blob name), and by whom.
  expect(rows[0]).toHaveTextContent("GEN22 export.csv");
  expect(rows[0]).toHaveTextContent("upload by ana");
  expect(rows[0]).not.toHaveTextContent("abc.csv");
  expect(rows[1]).toHaveTextContent("GEN23.csv");
  // Upload without a file: explained, nothing sent.
  fireEvent.click(screen.getByRole("button", { name: "Upload" }));
  expect(screen.getByRole("alert")).toHaveTextContent("Choose a .csv file first.");
});

it("checks the file name and size before sending", () => {
  expect(fileProblem(new File(["a"], "GEN23.CSV"))).toBeNull();
  expect(fileProblem(new File(["a"], "GEN23.xlsx"))).toBe("GEN23.xlsx is not a .csv file.");
  expect(fileProblem(new File([], "empty.csv"))).toBe("empty.csv is empty.");
});

function ingestion(overrides: Partial<Ingestion> = {}): Ingestion {
  return {
    id: 7,
    blob_name: "api/2026/12/04/abc.csv",
    source: "upload",
    original_name: null,
    uploaded_by: null,
    status: "succeeded",
    size_bytes: 3_374_025,
    sha256: null,
    rows_read: 26_601,
    rows_loaded: 26_598,
    rows_rejected: 3,
    rows_duplicate: 0,
    rows_replaced: 0,
    years: [2023],
    created_at: "2026-12-04T18:00:00Z",
    started_at: "2026-12-04T18:00:01Z",
    finished_at: "2026-12-04T18:00:02Z",
    duration_ms: 849,
    error: null,
    rejects: [{ line: 12, reason: "unparseable GENNTAN: 'x'" }],
    ...overrides,
  };
}

it("shows an ingestion's status and counts", () => {
  render(<IngestionDetails ingestion={ingestion()} />);
  expect(screen.getByRole("status")).toHaveTextContent("Ingestion 7: succeeded Loaded (year 2023) in 849 ms");
  expect(screen.getByText("Rows loaded").nextSibling).toHaveTextContent("26,598");
  expect(screen.getByText("Rows rejected").nextSibling).toHaveTextContent("3");
  expect(screen.getByText("Line 12: unparseable GENNTAN: 'x'")).toBeInTheDocument();
});

it("shows why an ingestion failed", () => {
  render(
    <IngestionDetails
      ingestion={ingestion({ status: "failed", error: "missing required column: GENNTAN", rows_loaded: null, duration_ms: null, rejects: [] })}
    />,
  );
  expect(screen.getByRole("alert")).toHaveTextContent("missing required column: GENNTAN");
  expect(screen.getByText("Rows loaded").nextSibling).toHaveTextContent("–");
});
