import { useState } from "react";
import type { FormEvent } from "react";
import { useSession } from "../auth/AuthProvider";
import { ErrorMessage } from "../layout/StatusMessages";
import { useDocumentTitle } from "../layout/useDocumentTitle";
import { FileDropZone, fileProblem } from "./FileDropZone";
import { IngestionDetails } from "./IngestionDetails";
import { IngestionHistory } from "./IngestionHistory";
import { useIngestion, useUpload } from "./queries";

/** Admins send a GEN file, watch it upload and load, and see earlier ingestions. */
export default function UploadPage() {
  const session = useSession();
  useDocumentTitle("Upload");
  if (session.role !== "admin") {
    // The API refuses viewers anyway (403); this says so before they try.
    return (
      <>
        <h1>Upload</h1>
        <p>Uploading files is for administrators. You are signed in as a viewer.</p>
      </>
    );
  }
  return <AdminUploadPage />;
}

function AdminUploadPage() {
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const upload = useUpload();
  const ingestion = useIngestion(upload.data?.ingestion_id ?? null);
  const uploading = upload.isPending;

  const choose = (chosen: File) => {
    setFile(chosen);
    setProblem(fileProblem(chosen));
    upload.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setProblem("Choose a .csv file first.");
      return;
    }
    const why = fileProblem(file);
    setProblem(why);
    if (!why) upload.mutate(file);
  };

  return (
    <div className="upload">
      <h1>Upload an eGRID file</h1>
      <p>
        The generator sheet (GEN) as CSV. Loading a year replaces that year's data; the explore page shows it as soon
        as the file has loaded.
      </p>
      <form onSubmit={submit} className="upload-form" aria-label="Upload a file">
        <FileDropZone file={file} disabled={uploading} onFile={choose} />
        {problem && (
          <p className="field-error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" className="primary" disabled={uploading}>
          {uploading ? "Uploading…" : "Upload"}
        </button>
      </form>

      {upload.progress !== null && !upload.isError && (
        <div className="upload-progress">
          <label htmlFor="upload-progress">{upload.isSuccess ? "Uploaded" : "Uploading"}</label>
          <progress id="upload-progress" max={1} value={upload.progress} />
          <span aria-hidden="true">{Math.round(upload.progress * 100)}%</span>
        </div>
      )}
      {upload.isError && <ErrorMessage title="The upload failed." error={upload.error} />}
      {ingestion.data && <IngestionDetails ingestion={ingestion.data} />}
      {ingestion.isError && (
        <ErrorMessage title="The ingestion status could not be read." error={ingestion.error} onRetry={() => void ingestion.refetch()} />
      )}
      <IngestionHistory />
    </div>
  );
}
