import { act, fireEvent, render, screen } from "@testing-library/react";
import { expect, it, vi } from "vitest";
import { TopNField } from "./SelectionControls";

function setup(value = 10) {
  vi.useFakeTimers();
  const onCommit = vi.fn();
  const view = render(<TopNField value={value} onCommit={onCommit} />);
  const input = screen.getByLabelText("Number of plants");
  return { onCommit, input, view };
}

it("commits a valid N after a pause, once", () => {
  const { onCommit, input } = setup();
  fireEvent.change(input, { target: { value: "2" } });
  fireEvent.change(input, { target: { value: "25" } });
  act(() => vi.advanceTimersByTime(399));
  expect(onCommit).not.toHaveBeenCalled();
  act(() => vi.advanceTimersByTime(1));
  expect(onCommit).toHaveBeenCalledExactlyOnceWith(25);
  expect(input).toHaveAttribute("aria-invalid", "false");
});

it("commits at once on Enter", () => {
  const { onCommit, input } = setup();
  fireEvent.change(input, { target: { value: "7" } });
  fireEvent.keyDown(input, { key: "Enter" });
  expect(onCommit).toHaveBeenCalledExactlyOnceWith(7);
});

it.each(["0", "1001", "abc", "3.5", ""])("explains %j inline and never commits it", (bad) => {
  const { onCommit, input } = setup();
  fireEvent.change(input, { target: { value: bad } });
  fireEvent.keyDown(input, { key: "Enter" });
  fireEvent.blur(input);
  act(() => vi.advanceTimersByTime(5000));
  expect(onCommit).not.toHaveBeenCalled();
  expect(input).toHaveAttribute("aria-invalid", "true");
  const help = document.getElementById(input.getAttribute("aria-describedby")!);
  expect(help).toHaveTextContent(/^Enter /);
  expect(help).toHaveClass("field-error");
});

it("shows the URL's N when it changes (back button)", () => {
  const { input, view, onCommit } = setup(10);
  fireEvent.change(input, { target: { value: "abc" } });
  view.rerender(<TopNField value={5} onCommit={onCommit} />);
  expect(input).toHaveValue("5");
  expect(input).toHaveAttribute("aria-invalid", "false");
});
