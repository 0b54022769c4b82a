import { afterEach, expect, it, vi } from "vitest";
import { ApiError, SessionExpiredError, uploadFile } from "./client";

/** Just enough of XMLHttpRequest to drive an upload from the test. */
class FakeXhr {
  static last: FakeXhr;
  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: FormData | null = null;
  status = 0;
  response: unknown = null;
  responseType = "";
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = {
    onprogress: null,
  };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: FormData) {
    this.body = body;
  }
  abort() {
    this.onabort?.();
  }
  finish(status: number, response: unknown) {
    this.status = status;
    this.response = response;
    this.onload?.();
  }
}

afterEach(() => vi.unstubAllGlobals());

it("posts the file as multipart `file` with the token, reporting progress", async () => {
  vi.stubGlobal("XMLHttpRequest", FakeXhr);
  const progress: number[] = [];
  const file = new File(["YEAR,PSTATEABB\n"], "GEN23.csv", { type: "text/csv" });
  const done = uploadFile("tok", file, (f) => progress.push(f));
  const xhr = FakeXhr.last;
  expect([xhr.method, xhr.url]).toEqual(["POST", "/api/v1/uploads"]);
  expect(xhr.headers.Authorization).toBe("Bearer tok");
  expect((xhr.body!.get("file") as File).name).toBe("GEN23.csv");
  xhr.upload.onprogress!({ lengthComputable: true, loaded: 25, total: 100 });
  xhr.upload.onprogress!({ lengthComputable: false, loaded: 50, total: 0 });
  xhr.finish(202, { ingestion_id: 9, blob_name: "api/x.csv" });
  expect(await done).toEqual({ ingestion_id: 9, blob_name: "api/x.csv" });
  expect(progress).toEqual([0.25, 1]);
});

it("rejects with the server's reason, or as an expired session on 401", async () => {
  vi.stubGlobal("XMLHttpRequest", FakeXhr);
  const file = new File(["x"], "a.csv");
  const refused = uploadFile("tok", file, () => {});
  FakeXhr.last.finish(422, { detail: "missing required column: GENNTAN" });
  await expect(refused).rejects.toEqual(new ApiError(422, "missing required column: GENNTAN"));

  const expired = uploadFile("tok", file, () => {});
  FakeXhr.last.finish(401, { detail: "token expired" });
  await expect(expired).rejects.toBeInstanceOf(SessionExpiredError);
});
