import { render, screen, within } from "@testing-library/react";
import { expect, it } from "vitest";
import { plant, SOUTH_TEXAS } from "../test/fixtures";
import { PlantsTable } from "./PlantsTable";

it("shows rank, plant, state, fuel, capacity, net generation and share", () => {
  render(
    <PlantsTable
      plants={[SOUTH_TEXAS, plant(2, { name: null, primary_fuel: "XYZ", net_generation_mwh: null, capacity_mw: null })]}
      caption="Top 2 of 824 plants in Texas, 2023"
      totalMwh={500_000_000}
      totalOf="Texas"
    />,
  );
  const table = screen.getByRole("table", { name: "Top 2 of 824 plants in Texas, 2023" });
  expect(within(table).getAllByRole("columnheader").map((h) => h.textContent)).toEqual([
    "Rank",
    "Plant",
    "State",
    "Primary fuel",
    "Capacity (MW)",
    "Net generation",
    "Share of Texas total",
  ]);
  const [first, second] = within(table).getAllByRole("row").slice(1);
  expect(within(first!).getAllByRole("cell").map((c) => c.textContent)).toEqual([
    "1",
    "TX",
    "nuclear (NUC)",
    "2,708.6",
    "21.79 TWh",
    "4.4%",
  ]);
  expect(within(first!).getByRole("rowheader")).toHaveTextContent("South Texas Project #6251");
  expect(within(first!).getByTitle("21,787,144 MWh")).toHaveTextContent("21.79 TWh");
  // Missing figures say so; an unknown fuel code shows as itself.
  expect(within(second!).getAllByRole("cell").map((c) => c.textContent)).toEqual([
    "2",
    "TX",
    "XYZ",
    "not reported",
    "not reported",
    "",
  ]);
  expect(within(second!).getByRole("rowheader")).toHaveTextContent("(no name) #1002");
});

it("marks itself busy while the next answer loads", () => {
  render(<PlantsTable plants={[SOUTH_TEXAS]} caption="c" totalMwh={null} totalOf="U.S." busy />);
  expect(screen.getByRole("table")).toHaveAttribute("aria-busy", "true");
  expect(screen.getByRole("columnheader", { name: "Share of U.S. total" })).toBeInTheDocument();
});
