import type { Ingestion } from "../api/types";
import { formatBytes, formatDateTime, formatInteger } from "../format";
import { ErrorMessage, Loading } from "../layout/StatusMessages";
import { StatusBadge } from "./IngestionDetails";
import { useIngestionHistory } from "./queries";

/** A file's name as the history shows it: the uploader's name for it when known (the blob's
 * own name is a server-made id), else the blob name without its folders. */
export function displayName(ingestion: Ingestion): string {
  return ingestion.original_name ?? ingestion.blob_name.split("/").pop() ?? ingestion.blob_name;
}

export function IngestionHistory() {
  const history = useIngestionHistory();
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">Recent ingestions</h2>
      {history.isPending ? (
        <Loading what="the ingestions" />
      ) : history.isError ? (
        <ErrorMessage title="The ingestions could not be loaded." error={history.error} onRetry={() => void history.refetch()} />
      ) : history.data.ingestions.length === 0 ? (
        <p>No files ingested yet.</p>
      ) : (
        <div className="table-scroll" role="region" aria-label="Ingestions table" tabIndex={0}>
          <table className="history-table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  ID
                </th>
                <th scope="col">File</th>
                <th scope="col">Source</th>
                <th scope="col">Status</th>
                <th scope="col">Years</th>
                <th scope="col" className="num">
                  Loaded
                </th>
                <th scope="col" className="num">
                  Rejected
                </th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col">Started</th>
              </tr>
            </thead>
            <tbody>
              {history.data.ingestions.map((i) => (
                <tr key={i.id}>
                  <td className="num">{i.id}</td>
                  <td title={i.blob_name}>{displayName(i)}</td>
                  <td>{i.uploaded_by ? `${i.source} by ${i.uploaded_by}` : i.source}</td>
                  <td>
                    <StatusBadge status={i.status} />
                    {i.error && <span className="history-error"> {i.error}</span>}
                  </td>
                  <td>{i.years?.join(", ")}</td>
                  <td className="num">{formatInteger(i.rows_loaded)}</td>
                  <td className="num">{formatInteger(i.rows_rejected)}</td>
                  <td className="num">{formatBytes(i.size_bytes)}</td>
                  <td>{formatDateTime(i.started_at ?? i.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
