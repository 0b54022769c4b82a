import { useId, useState } from "react";
import type { DragEvent } from "react";
import { formatBytes } from "../format";

/** Why a file cannot be sent, or null. The server checks the content; this catches the obvious. */
export function fileProblem(file: File): string | null {
  if (!/\.csv$/i.test(file.name)) return `${file.name} is not a .csv file.`;
  if (file.size === 0) return `${file.name} is empty.`;
  return null;
}

interface FileDropZoneProps {
  file: File | null;
  disabled: boolean;
  onFile: (file: File) => void;
}

/** A file input that also accepts a dropped file. */
export function FileDropZone({ file, disabled, onFile }: FileDropZoneProps) {
  const id = useId();
  const [dragging, setDragging] = useState(false);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped && !disabled) onFile(dropped);
  };

  return (
    <div
      className={dragging ? "drop-zone dragging" : "drop-zone"}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <label htmlFor={`${id}-file`}>eGRID generator file (GEN sheet as .csv)</label>
      <input
        id={`${id}-file`}
        type="file"
        accept=".csv,text/csv"
        disabled={disabled}
        onChange={(e) => {
          const chosen = e.target.files?.[0];
          if (chosen) onFile(chosen);
        }}
      />
      <p className="field-help">or drop the file here.</p>
      {file && (
        <p className="chosen-file">
          Chosen: <strong>{file.name}</strong> ({formatBytes(file.size)})
        </p>
      )}
    </div>
  );
}
