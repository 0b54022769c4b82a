import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { expect, it, vi } from "vitest";
import { App } from "../App";
import { plant, SOUTH_TEXAS, STATES, topAnswer, YEARS } from "../test/fixtures";
import { renderApp, signInAs, stubApi } from "../test/render";

function stubData() {
  return stubApi({
    "/api/v1/years": { body: YEARS },
    "/api/v1/states": { body: STATES },
    "/api/v1/plants/top": (url) => {
      const n = Number(url.searchParams.get("n"));
      const state = url.searchParams.get("state");
      const plants = state === "TX" ? [SOUTH_TEXAS, ...Array.from({ length: n - 1 }, (_, i) => plant(i + 2))] : [plant(1, { name: "Palo Verde", state: "AZ" })];
      return { body: topAnswer(n, state, plants.slice(0, n)) };
    },
  });
}

it("the URL's selection is what is asked for and shown", async () => {
  signInAs("viewer");
  const calls = stubData();
  renderApp(<App />, { route: "/?state=TX&n=5" });
  expect(screen.getByText("Loading plants…")).toHaveAttribute("role", "status");
  const table = await screen.findByRole("table");
  expect(within(table).getAllByRole("row")).toHaveLength(6);
  expect(within(table).getAllByRole("row")[1]).toHaveTextContent("South Texas Project");
  expect(calls).toContain("/api/v1/plants/top?n=5&state=TX");
  expect(screen.getByRole("heading", { level: 2 })).toHaveTextContent("Top 5 of 824 plants in Texas, 2023");
  expect(screen.getByRole("combobox", { name: "State" })).toHaveValue("TX");
  expect(screen.getByRole("option", { name: "Texas (824 plants)" })).toBeInTheDocument();
  expect(screen.getByRole("option", { name: "All states (2,644 plants)" })).toBeInTheDocument();
  // One year loaded: no year selector.
  expect(screen.queryByLabelText("Year")).toBeNull();
  // A viewer has no upload link.
  expect(screen.queryByRole("link", { name: "Upload" })).toBeNull();
});

it("choosing a state puts it in the URL and asks for it", async () => {
  signInAs("admin");
  const calls = stubData();
  renderApp(<App />, { route: "/" });
  await screen.findByRole("table");
  fireEvent.change(screen.getByRole("combobox", { name: "State" }), { target: { value: "TX" } });
  await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/?state=TX"));
  await waitFor(() => expect(calls).toContain("/api/v1/plants/top?n=10&state=TX"));
  expect(await screen.findByRole("rowheader", { name: /South Texas Project/ })).toBeInTheDocument();
});

it("shows the year selector when more than one year is loaded", async () => {
  signInAs("viewer");
  stubApi({
    "/api/v1/years": { body: { years: [2023, 2022], latest: 2023 } },
    "/api/v1/states": { body: STATES },
    "/api/v1/plants/top": { body: topAnswer(10, null, [plant(1)]) },
  });
  renderApp(<App />);
  const year = await screen.findByRole("combobox", { name: "Year" });
  expect(year).toHaveValue("2023");
  fireEvent.change(year, { target: { value: "2022" } });
  await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/?year=2022"));
});

it("says there is no data yet, and admins get a link to upload", async () => {
  signInAs("admin");
  stubApi({
    "/api/v1/years": { body: { years: [], latest: null } },
    "/api/v1/states": { body: { year: null, states: [] } },
    "/api/v1/plants/top": { body: { year: null, state: null, n: 10, total_plants: 0, plants: [] } },
  });
  renderApp(<App />);
  expect(await screen.findByText("No data yet: upload a GEN file.")).toBeInTheDocument();
  expect(screen.getByRole("link", { name: "Upload an eGRID generator file" })).toHaveAttribute("href", "/upload");
});

it("shows an error with a retry when the API fails", async () => {
  signInAs("viewer");
  stubApi({
    "/api/v1/years": { body: YEARS },
    "/api/v1/states": { body: STATES },
    "/api/v1/plants/top": { status: 503, body: { detail: "database unavailable" } },
  });
  renderApp(<App />);
  const alert = await screen.findByRole("alert");
  expect(alert).toHaveTextContent("The plants could not be loaded. database unavailable");
  expect(within(alert).getByRole("button", { name: "Try again" })).toBeInTheDocument();
});

it("an expired token sends the user to sign-in with a message, keeping the view to return to", async () => {
  signInAs("viewer");
  stubApi({
    "/api/v1/years": { status: 401, body: { detail: "token expired" } },
    "/api/v1/states": { status: 401, body: { detail: "token expired" } },
    "/api/v1/plants/top": { status: 401, body: { detail: "token expired" } },
  });
  renderApp(<App />, { route: "/?state=TX" });
  expect(await screen.findByText("Your session has expired. Please sign in again.")).toBeInTheDocument();
  expect(screen.getByRole("heading", { name: "Sign in" })).toBeInTheDocument();
  expect(screen.getByTestId("location")).toHaveTextContent("/signin?next=%2F%3Fstate%3DTX");
  expect(sessionStorage.length).toBe(0);
});

it("without a session, any page asks to sign in first", () => {
  stubApi({});
  renderApp(<App />, { route: "/upload" });
  expect(screen.getByRole("heading", { name: "Sign in" })).toBeInTheDocument();
  expect(screen.getByTestId("location")).toHaveTextContent("/signin?next=%2Fupload");
});

it("signs out when the token's time is up, even without a request", async () => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  signInAs("viewer", 2);
  stubData();
  renderApp(<App />);
  await screen.findByRole("table");
  await act(async () => {
    vi.advanceTimersByTime(2_500);
  });
  expect(screen.getByText("Your session has expired. Please sign in again.")).toBeInTheDocument();
  expect(screen.getByRole("heading", { name: "Sign in" })).toBeInTheDocument();
});
