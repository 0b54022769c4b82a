import { fireEvent, render, screen } from "@testing-library/react";
import { expect, it, vi } from "vitest";
import { STATES } from "../test/fixtures";
import StatesMap from "./StatesMap";
import { STATE_SHAPES } from "./statesGeometry";

it("draws the 50 states and DC from the bundled atlas", () => {
  expect(STATE_SHAPES).toHaveLength(51);
  expect(new Set(STATE_SHAPES.map((s) => s.code)).size).toBe(51);
  expect(STATE_SHAPES.find((s) => s.code === "TX")?.name).toBe("Texas");
});

it("selects a state by click or keyboard, and clears it with a second click", () => {
  const onSelect = vi.fn();
  const { rerender } = render(<StatesMap states={STATES.states} selected={null} onSelect={onSelect} />);
  const texas = screen.getByRole("button", { name: "Texas: 500.00 TWh" });
  expect(texas).toHaveAttribute("aria-pressed", "false");
  fireEvent.click(texas);
  expect(onSelect).toHaveBeenLastCalledWith("TX");
  fireEvent.keyDown(screen.getByRole("button", { name: /^Arizona:/ }), { key: "Enter" });
  expect(onSelect).toHaveBeenLastCalledWith("AZ");

  rerender(<StatesMap states={STATES.states} selected="TX" onSelect={onSelect} />);
  expect(screen.getByRole("button", { name: /^Texas:/ })).toHaveAttribute("aria-pressed", "true");
  fireEvent.click(screen.getByRole("button", { name: /^Texas:/ }));
  expect(onSelect).toHaveBeenLastCalledWith(null);
});

it("colours by total, greys states without data, and names what is not on the map", () => {
  render(<StatesMap states={STATES.states} selected={null} onSelect={() => {}} />);
  const texas = screen.getByRole("button", { name: /^Texas:/ });
  const arizona = screen.getByRole("button", { name: /^Arizona:/ });
  const ohio = screen.getByRole("button", { name: "Ohio: no data" });
  expect(texas.getAttribute("fill")).not.toBe(arizona.getAttribute("fill"));
  expect(ohio).toHaveAttribute("fill", "#e5e7eb");
  expect(ohio).toHaveAttribute("tabindex", "-1");
  expect(screen.getByText(/Not on the map: Puerto Rico/)).toBeInTheDocument();
  expect(screen.getByRole("list", { name: /Legend/ }).querySelectorAll("li")).toHaveLength(5);
});

it("is one Tab stop; the arrow keys move between states with data, by name", () => {
  const onSelect = vi.fn();
  render(<StatesMap states={STATES.states} selected={null} onSelect={onSelect} />);
  const tabbable = () => Array.from(document.querySelectorAll("path.map-state[tabindex='0']"));
  // With nothing selected the stop is the first state by name (Arizona).
  expect(tabbable()).toEqual([screen.getByRole("button", { name: /^Arizona:/ })]);
  const arizona = screen.getByRole("button", { name: /^Arizona:/ });
  arizona.focus();
  fireEvent.keyDown(arizona, { key: "ArrowRight" });
  const california = screen.getByRole("button", { name: /^California:/ });
  expect(california).toHaveFocus();
  expect(tabbable()).toEqual([california]);
  fireEvent.keyDown(california, { key: "End" });
  expect(screen.getByRole("button", { name: /^Texas:/ })).toHaveFocus(); // Puerto Rico is off the map
  fireEvent.keyDown(screen.getByRole("button", { name: /^Texas:/ }), { key: "ArrowDown" });
  expect(arizona).toHaveFocus(); // wraps around
  fireEvent.keyDown(arizona, { key: "ArrowLeft" });
  expect(screen.getByRole("button", { name: /^Texas:/ })).toHaveFocus();
  fireEvent.keyDown(screen.getByRole("button", { name: /^Texas:/ }), { key: " " });
  expect(onSelect).toHaveBeenLastCalledWith("TX");
});

it("starts the Tab stop on the selected state", () => {
  render(<StatesMap states={STATES.states} selected="TX" onSelect={() => {}} />);
  expect(Array.from(document.querySelectorAll("path.map-state[tabindex='0']"))).toEqual([
    screen.getByRole("button", { name: /^Texas:/ }),
  ]);
});
