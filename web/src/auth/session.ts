// The signed-in session: the API's token in sessionStorage (gone when the tab closes)
// and what the UI reads from its claims. The claims are decoded, not verified: the API
// checks every token; the role here only decides which links to show.
import type { Role } from "../api/types";

const STORAGE_KEY = "egrid.session";

export interface Session {
  token: string;
  username: string;
  role: Role;
  /** Expiry, milliseconds since the epoch. */
  expiresAt: number;
}

function decodeClaims(token: string): Record<string, unknown> | null {
  const payload = token.split(".")[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, "+").replace(/_/g, "/");
    const json = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), "="));
    const claims: unknown = JSON.parse(json);
    return typeof claims === "object" && claims !== null ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A session from a token, or null when the token is not a JWT with sub, role and exp. */
export function sessionFromToken(token: string): Session | null {
  const claims = decodeClaims(token);
  if (!claims) return null;
  const { sub, role, exp } = claims;
  if (typeof sub !== "string" || typeof exp !== "number") return null;
  if (role !== "admin" && role !== "viewer") return null;
  return { token, username: sub, role, expiresAt: exp * 1000 };
}

export function isExpired(session: Session, now = Date.now()): boolean {
  return session.expiresAt <= now;
}

export function loadSession(storage: Storage = sessionStorage): Session | null {
  const token = storage.getItem(STORAGE_KEY);
  return token ? sessionFromToken(token) : null;
}

export function saveSession(session: Session, storage: Storage = sessionStorage): void {
  storage.setItem(STORAGE_KEY, session.token);
}

export function clearSession(storage: Storage = sessionStorage): void {
  storage.removeItem(STORAGE_KEY);
}
