import { fireEvent, render, screen } from "@testing-library/react";
import { expect, it, vi } from "vitest";
import { FileDropZone } from "./FileDropZone";

it("takes a dropped file, or one picked with the input", () => {
  const onFile = vi.fn();
  const { container, rerender } = render(<FileDropZone file={null} disabled={false} onFile={onFile} />);
  const zone = container.querySelector(".drop-zone")!;
  const dropped = new File(["a,b"], "GEN22.csv");
  fireEvent.dragOver(zone);
  expect(zone).toHaveClass("dragging");
  fireEvent.drop(zone, { dataTransfer: { files: [dropped] } });
  expect(zone).not.toHaveClass("dragging");
  expect(onFile).toHaveBeenLastCalledWith(dropped);

  const picked = new File(["a,b"], "GEN21.csv");
  fireEvent.change(screen.getByLabelText("eGRID generator file (GEN sheet as .csv)"), { target: { files: [picked] } });
  expect(onFile).toHaveBeenLastCalledWith(picked);

  rerender(<FileDropZone file={picked} disabled={false} onFile={onFile} />);
  expect(screen.getByText(/Chosen:/)).toHaveTextContent("Chosen: GEN21.csv (3 bytes)");
});

it("ignores drops while an upload runs", () => {
  const onFile = vi.fn();
  const { container } = render(<FileDropZone file={null} disabled onFile={onFile} />);
  fireEvent.drop(container.querySelector(".drop-zone")!, { dataTransfer: { files: [new File(["x"], "x.csv")] } });
  expect(onFile).not.toHaveBeenCalled();
});
