import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "./client";

/** Retry only what may pass next time: network failures and 5xx, not 4xx answers. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // The API answers with ETags and its data changes only with an ingestion, after
      // which the upload page invalidates what it changed.
      queries: { staleTime: 60_000, retry: shouldRetry, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}
