import type { Ingestion } from "../api/types";
import { formatDuration, formatInteger } from "../format";

const STATUS_TEXT: Record<Ingestion["status"], string> = {
  queued: "Queued: waiting for the loader",
  running: "Loading…",
  succeeded: "Loaded",
  failed: "Failed",
  unchanged: "Unchanged: this exact file is already the loaded data",
};

export function StatusBadge({ status }: { status: Ingestion["status"] }) {
  return <span className={`badge badge-${status}`}>{status}</span>;
}

/** One ingestion's live status and counts; the error and sample rejects when there are any. */
export function IngestionDetails({ ingestion }: { ingestion: Ingestion }) {
  const counts: [string, number | null][] = [
    ["Rows read", ingestion.rows_read],
    ["Rows loaded", ingestion.rows_loaded],
    ["Rows rejected", ingestion.rows_rejected],
    ["Duplicate rows", ingestion.rows_duplicate],
    ["Replaced rows", ingestion.rows_replaced],
  ];
  return (
    <div className="ingestion-details">
      <p className="ingestion-status" role="status" data-status={ingestion.status}>
        Ingestion {ingestion.id}: <StatusBadge status={ingestion.status} /> {STATUS_TEXT[ingestion.status]}
        {ingestion.years && ingestion.years.length > 0 && ` (year ${ingestion.years.join(", ")})`}
        {ingestion.duration_ms !== null && ` in ${formatDuration(ingestion.duration_ms)}`}
      </p>
      {ingestion.error && (
        <p className="status status-error" role="alert">
          {ingestion.error}
        </p>
      )}
      <dl className="counts">
        {counts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value === null ? "–" : formatInteger(value)}</dd>
          </div>
        ))}
      </dl>
      {ingestion.rejects.length > 0 && (
        <details>
          <summary>Rejected rows (first {ingestion.rejects.length})</summary>
          <ul className="rejects">
            {ingestion.rejects.map((r) => (
              <li key={`${r.line}-${r.reason}`}>
                Line {formatInteger(r.line)}: {r.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
