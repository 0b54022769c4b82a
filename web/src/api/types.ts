// The API's JSON shapes (functions/api/models.py); one place for the web app.

export type Role = "admin" | "viewer";

export interface Token {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
}

export interface Years {
  years: number[];
  latest: number | null;
}

export interface StateSummary {
  code: string;
  name: string;
  plants: number;
  net_generation_mwh: number | null;
}

export interface States {
  year: number | null;
  states: StateSummary[];
}

export interface RankedPlant {
  rank: number;
  plant_code: number;
  name: string | null;
  state: string;
  net_generation_mwh: number | null;
  capacity_mw: number | null;
  generators: number;
  primary_fuel: string | null;
}

export interface TopPlants {
  year: number | null;
  state: string | null;
  n: number;
  total_plants: number;
  plants: RankedPlant[];
}

export type IngestionStatus = "queued" | "running" | "succeeded" | "failed" | "unchanged";

export interface Reject {
  line: number;
  reason: string;
}

export interface Ingestion {
  id: number;
  blob_name: string;
  source: string;
  /** The uploader's file name and user name (API uploads only). */
  original_name: string | null;
  uploaded_by: string | null;
  status: IngestionStatus;
  size_bytes: number | null;
  sha256: string | null;
  rows_read: number | null;
  rows_loaded: number | null;
  rows_rejected: number | null;
  rows_duplicate: number | null;
  rows_replaced: number | null;
  years: number[] | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  error: string | null;
  rejects: Reject[];
}

export interface Ingestions {
  ingestions: Ingestion[];
}

export interface UploadAccepted {
  ingestion_id: number;
  blob_name: string;
}

/** What the explore page asks for; `state` null means all states, `year` null the latest. */
export interface TopQuery {
  n: number;
  state: string | null;
  year: number | null;
}

export const FINISHED: readonly IngestionStatus[] = ["succeeded", "failed", "unchanged"];
