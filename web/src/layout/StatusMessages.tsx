// The loading, empty and error states every page uses, so they look and read the same.
import type { ReactNode } from "react";

export function Loading({ what }: { what: string }) {
  return (
    <p className="status status-loading" role="status">
      Loading {what}…
    </p>
  );
}

export function ErrorMessage({ title, error, onRetry }: { title: string; error: unknown; onRetry?: () => void }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="status status-error" role="alert">
      <p>
        <strong>{title}</strong> {message}
      </p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyMessage({ children }: { children: ReactNode }) {
  return <div className="status status-empty">{children}</div>;
}
