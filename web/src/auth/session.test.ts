import { describe, expect, it } from "vitest";
import { fakeToken } from "../test/render";
import { clearSession, isExpired, loadSession, saveSession, sessionFromToken } from "./session";

describe("sessionFromToken", () => {
  it("reads who, role and expiry from the claims", () => {
    const session = sessionFromToken(fakeToken("admin", "ana", 60));
    expect(session).toMatchObject({ username: "ana", role: "admin" });
    expect(session!.expiresAt).toBeGreaterThan(Date.now());
    expect(isExpired(session!)).toBe(false);
  });

  it("refuses what is not one of the API's tokens", () => {
    expect(sessionFromToken("garbage")).toBeNull();
    expect(sessionFromToken("a.b.c")).toBeNull();
    const [head, , sig] = fakeToken("viewer").split(".");
    const owner = btoa(JSON.stringify({ sub: "x", role: "owner", exp: 1 })).replace(/=+$/, "");
    expect(sessionFromToken(`${head}.${owner}.${sig}`)).toBeNull();
  });

  it("knows an expired token", () => {
    expect(isExpired(sessionFromToken(fakeToken("viewer", "v", -5))!)).toBe(true);
  });
});

it("keeps the token in sessionStorage until cleared", () => {
  const session = sessionFromToken(fakeToken("viewer"))!;
  saveSession(session);
  expect(loadSession()).toEqual(session);
  clearSession();
  expect(loadSession()).toBeNull();
});
