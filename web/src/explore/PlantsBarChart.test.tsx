import { render, screen } from "@testing-library/react";
import { expect, it } from "vitest";
import { plant, SOUTH_TEXAS } from "../test/fixtures";
import { MAX_BARS, PlantsBarChart } from "./PlantsBarChart";

it("draws one labelled bar per plant, longest for the largest", () => {
  const { container } = render(
    <PlantsBarChart plants={[SOUTH_TEXAS, plant(2, { name: "Half", net_generation_mwh: 10_893_572 })]} title="Top 2 in Texas" />,
  );
  expect(screen.getByRole("img", { name: "Bar chart: Top 2 in Texas. The table lists the same figures." })).toBeInTheDocument();
  const bars = [...container.querySelectorAll("rect.chart-bar")];
  expect(bars).toHaveLength(2);
  const widths = bars.map((b) => Number(b.getAttribute("width")));
  expect(widths[0]! / widths[1]!).toBeCloseTo(2, 1);
  expect(screen.getByText("South Texas Project")).toBeInTheDocument();
  expect(screen.getByText("21.79 TWh")).toBeInTheDocument();
});

it("draws negative generation (storage) to the left of zero", () => {
  const { container } = render(
    <PlantsBarChart plants={[plant(1, { net_generation_mwh: 5_000 }), plant(2, { net_generation_mwh: -2_443 })]} title="t" />,
  );
  const [positive, negative] = [...container.querySelectorAll("rect")];
  expect(negative).toHaveClass("negative");
  expect(Number(negative!.getAttribute("x"))).toBeLessThan(Number(positive!.getAttribute("x")));
});

it(`charts at most ${MAX_BARS} plants and says so`, () => {
  const plants = Array.from({ length: 120 }, (_, i) => plant(i + 1));
  const { container } = render(<PlantsBarChart plants={plants} title="Top 120" />);
  expect(container.querySelectorAll("rect")).toHaveLength(MAX_BARS);
  expect(screen.getByText(`Top 120 (the first ${MAX_BARS} of 120)`)).toBeInTheDocument();
});
