// Renders a piece of the app with its real providers (query client, auth, router) and a
// session made from a token like the API's.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter, useLocation } from "react-router";
import { vi } from "vitest";
import { AuthProvider } from "../auth/AuthProvider";
import { saveSession, sessionFromToken } from "../auth/session";
import type { Role } from "../api/types";

function base64url(value: object): string {
  return btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
}

/** An unsigned token with the API's claims (the app never checks signatures; the API does). */
export function fakeToken(role: Role, username = "ana", expiresInSeconds = 3600): string {
  const now = Math.floor(Date.now() / 1000);
  return `${base64url({ alg: "HS256", typ: "JWT" })}.${base64url({ sub: username, role, exp: now + expiresInSeconds, iat: now })}.sig`;
}

export function signInAs(role: Role, expiresInSeconds = 3600): void {
  const session = sessionFromToken(fakeToken(role, "ana", expiresInSeconds));
  if (!session) throw new Error("bad fake token");
  saveSession(session);
}

/** The current location, rendered so tests can read the URL. */
export function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

export function renderApp(ui: ReactElement, { route = "/" }: { route?: string } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <AuthProvider>
        <MemoryRouter initialEntries={[route]}>
          {ui}
          <LocationProbe />
        </MemoryRouter>
      </AuthProvider>
    </QueryClientProvider>,
  );
}

type Answer = { status?: number; body: unknown };

/** Stubs fetch with answers by path prefix; returns the list of URLs asked for. */
export function stubApi(answers: Record<string, Answer | ((url: URL) => Answer)>) {
  const calls: string[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), "http://localhost");
    calls.push(url.pathname + url.search);
    const key = Object.keys(answers)
      .filter((k) => url.pathname.startsWith(k))
      .sort((a, b) => b.length - a.length)[0];
    if (!key) return new Response(JSON.stringify({ detail: "Not Found" }), { status: 404 });
    const entry = answers[key];
    const answer = typeof entry === "function" ? entry(url) : entry!;
    return new Response(JSON.stringify(answer.body), {
      status: answer.status ?? 200,
      headers: { "Content-Type": "application/json" },
    });
  });
  vi.stubGlobal("fetch", fetchMock);
  return calls;
}
