import { useEffect } from "react";

/** The tab's title names the view (history entries and bookmarks read better). */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · eGRID plants`;
  }, [title]);
}
