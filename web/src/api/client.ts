// Every HTTP call the web app makes. Errors become ApiError; a 401 on an authenticated
// call becomes SessionExpiredError so one handler (auth/AuthProvider) can send the user
// back to sign-in.
import type {
  Ingestion,
  Ingestions,
  States,
  Token,
  TopPlants,
  TopQuery,
  UploadAccepted,
  Years,
} from "./types";

const BASE = "/api/v1";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export class SessionExpiredError extends ApiError {
  constructor() {
    super(401, "Your session has expired. Please sign in again.");
    this.name = "SessionExpiredError";
  }
}

/** The API's `{"detail": ...}` as one readable line (422s carry a list of problems). */
export function errorDetail(body: unknown, status: number): string {
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((d) => (typeof d === "object" && d && "msg" in d ? String(d.msg) : String(d)))
      .join("; ");
  }
  return status >= 500 ? `The server had a problem (HTTP ${status}).` : `Request failed (HTTP ${status}).`;
}

async function failure(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON (e.g. a proxy's error page): the status says enough
  }
  return new ApiError(response.status, errorDetail(body, response.status));
}

async function getJson<T>(path: string, token: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${BASE}${path}`, {
      headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
    });
  } catch {
    throw new ApiError(0, "The server cannot be reached. Check your connection and try again.");
  }
  if (response.status === 401) throw new SessionExpiredError();
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

export async function requestToken(username: string, password: string): Promise<Token> {
  const form = new URLSearchParams({ username, password });
  let response: Response;
  try {
    response = await fetch(`${BASE}/auth/token`, { method: "POST", body: form });
  } catch {
    throw new ApiError(0, "The server cannot be reached. Check your connection and try again.");
  }
  if (response.status === 401) throw new ApiError(401, "Incorrect username or password.");
  if (!response.ok) throw await failure(response);
  return (await response.json()) as Token;
}

export function topPlantsPath({ n, state, year }: TopQuery): string {
  const params = new URLSearchParams({ n: String(n) });
  if (state) params.set("state", state);
  if (year !== null) params.set("year", String(year));
  return `/plants/top?${params}`;
}

export const api = {
  years: (token: string) => getJson<Years>("/years", token),
  states: (token: string, year: number | null) =>
    getJson<States>(year === null ? "/states" : `/states?year=${year}`, token),
  topPlants: (token: string, query: TopQuery) => getJson<TopPlants>(topPlantsPath(query), token),
  ingestions: (token: string, limit = 50) => getJson<Ingestions>(`/ingestions?limit=${limit}`, token),
  ingestion: (token: string, id: number) => getJson<Ingestion>(`/ingestions/${id}`, token),
};

/**
 * POST /uploads with upload progress. fetch() cannot report request-body progress, so
 * this one call uses XMLHttpRequest; `onProgress` gets the fraction sent (0..1).
 */
export function uploadFile(
  token: string,
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<UploadAccepted> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${BASE}/uploads`);
    xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.responseType = "json";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status === 202 || xhr.status === 200) {
        onProgress(1);
        resolve(xhr.response as UploadAccepted);
      } else if (xhr.status === 401) {
        reject(new SessionExpiredError());
      } else {
        reject(new ApiError(xhr.status, errorDetail(xhr.response, xhr.status)));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, "The upload failed: the server cannot be reached."));
    xhr.onabort = () => reject(new ApiError(0, "The upload was cancelled."));
    signal?.addEventListener("abort", () => xhr.abort());
    const body = new FormData();
    body.append("file", file, file.name);
    xhr.send(body);
  });
}
