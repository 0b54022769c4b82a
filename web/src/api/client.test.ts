import { describe, expect, it } from "vitest";
import { stubApi } from "../test/render";
import { api, ApiError, errorDetail, requestToken, SessionExpiredError, topPlantsPath } from "./client";
import { shouldRetry } from "./queryClient";

it("builds the top-plants query string", () => {
  expect(topPlantsPath({ n: 5, state: "TX", year: null })).toBe("/plants/top?n=5&state=TX");
  expect(topPlantsPath({ n: 10, state: null, year: 2023 })).toBe("/plants/top?n=10&year=2023");
});

describe("errors", () => {
  it("reads the API's detail, string or list", () => {
    expect(errorDetail({ detail: "unknown state code 'ZZ'" }, 422)).toBe("unknown state code 'ZZ'");
    expect(errorDetail({ detail: [{ msg: "too big" }, { msg: "bad" }] }, 422)).toBe("too big; bad");
    expect(errorDetail(null, 502)).toContain("HTTP 502");
  });

  it("turns a 401 into SessionExpiredError, other failures into ApiError", async () => {
    stubApi({
      "/api/v1/years": { status: 401, body: { detail: "token expired" } },
      "/api/v1/states": { status: 503, body: { detail: "database unavailable" } },
    });
    await expect(api.years("t")).rejects.toBeInstanceOf(SessionExpiredError);
    const failure = api.states("t", null);
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({ status: 503, message: "database unavailable" });
  });

  it("says so when the credentials are wrong", async () => {
    stubApi({ "/api/v1/auth/token": { status: 401, body: { detail: "incorrect username or password" } } });
    await expect(requestToken("a", "b")).rejects.toThrow("Incorrect username or password.");
  });
});

it("sends the bearer token", async () => {
  const calls = stubApi({ "/api/v1/years": { body: { years: [2023], latest: 2023 } } });
  expect(await api.years("tok")).toEqual({ years: [2023], latest: 2023 });
  expect(calls).toEqual(["/api/v1/years"]);
  const init = (fetch as unknown as { mock: { calls: [unknown, RequestInit][] } }).mock.calls[0]![1];
  expect((init.headers as Record<string, string>).Authorization).toBe("Bearer tok");
});

it("retries only what may pass next time", () => {
  expect(shouldRetry(0, new ApiError(404, "x"))).toBe(false);
  expect(shouldRetry(0, new ApiError(503, "x"))).toBe(true);
  expect(shouldRetry(0, new ApiError(0, "offline"))).toBe(true);
  expect(shouldRetry(2, new ApiError(503, "x"))).toBe(false);
});
