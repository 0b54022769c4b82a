import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { requestToken, SessionExpiredError } from "../api/client";
import { clearSession, isExpired, loadSession, saveSession, sessionFromToken } from "./session";
import type { Session } from "./session";

export const EXPIRED_MESSAGE = "Your session has expired. Please sign in again.";

interface AuthState {
  session: Session | null;
  /** Why the user was signed out (shown on the sign-in page), if not by choice. */
  notice: string | null;
  signIn: (username: string, password: string) => Promise<void>;
  signOut: (notice?: string) => void;
}

const AuthContext = createContext<AuthState | null>(null);

function initialSession(): { session: Session | null; notice: string | null } {
  const stored = loadSession();
  if (stored && isExpired(stored)) {
    clearSession();
    return { session: null, notice: EXPIRED_MESSAGE };
  }
  return { session: stored, notice: null };
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState(initialSession);

  const signOut = useCallback(
    (notice?: string) => {
      clearSession();
      queryClient.clear(); // nothing fetched with the old token outlives it
      setState({ session: null, notice: notice ?? null });
    },
    [queryClient],
  );

  const signIn = useCallback(async (username: string, password: string) => {
    const token = await requestToken(username, password);
    const session = sessionFromToken(token.access_token);
    if (!session) throw new Error("The server sent a token this app cannot read.");
    saveSession(session);
    setState({ session, notice: null });
  }, []);

  // Sign out when the token expires, even if no request notices it first
  // (clamped: setTimeout fires at once for delays beyond 2^31 ms).
  const expiresAt = state.session?.expiresAt;
  useEffect(() => {
    if (expiresAt === undefined) return;
    const delay = Math.min(Math.max(0, expiresAt - Date.now()), 2 ** 31 - 1);
    const timer = window.setTimeout(() => signOut(EXPIRED_MESSAGE), delay);
    return () => window.clearTimeout(timer);
  }, [expiresAt, signOut]);

  // Any request answered 401 (expired, revoked or foreign token): back to sign-in.
  useEffect(() => {
    const expired = (error: unknown) => {
      if (error instanceof SessionExpiredError) signOut(EXPIRED_MESSAGE);
    };
    const unsubscribeQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === "updated" && event.action.type === "error") expired(event.action.error);
    });
    const unsubscribeMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === "updated" && event.action.type === "error") expired(event.action.error);
    });
    return () => {
      unsubscribeQueries();
      unsubscribeMutations();
    };
  }, [queryClient, signOut]);

  const value = useMemo(() => ({ ...state, signIn, signOut }), [state, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth needs an <AuthProvider>");
  return auth;
}

/** The signed-in session; only for pages behind <RequireSession>. */
export function useSession(): Session {
  const { session } = useAuth();
  if (!session) throw new Error("useSession outside a signed-in page");
  return session;
}
