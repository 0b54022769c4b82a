import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, uploadFile } from "../api/client";
import { FINISHED } from "../api/types";
import type { Ingestion } from "../api/types";
import { useSession } from "../auth/AuthProvider";

const POLL_MS = 1000;

export function isFinished(ingestion: Ingestion | undefined): boolean {
  return ingestion !== undefined && FINISHED.includes(ingestion.status);
}

/** POST the file; `progress` is the fraction sent so far (null before a start). */
export function useUpload() {
  const { token } = useSession();
  const [progress, setProgress] = useState<number | null>(null);
  const mutation = useMutation({
    mutationFn: (file: File) => {
      setProgress(0);
      return uploadFile(token, file, setProgress);
    },
  });
  return { ...mutation, progress };
}

/** One ingestion, polled every second until it has finished; then the data it changed is refetched. */
export function useIngestion(id: number | null) {
  const { token } = useSession();
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: ["ingestion", id],
    enabled: id !== null,
    queryFn: async () => {
      const ingestion = await api.ingestion(token, id as number);
      if (isFinished(ingestion)) {
        // The explore page and the history show the new data without a reload.
        void queryClient.invalidateQueries({ queryKey: ["years"] });
        void queryClient.invalidateQueries({ queryKey: ["states"] });
        void queryClient.invalidateQueries({ queryKey: ["top"] });
        void queryClient.invalidateQueries({ queryKey: ["ingestions"] });
      }
      return ingestion;
    },
    refetchInterval: (query) => (isFinished(query.state.data) ? false : POLL_MS),
    staleTime: 0,
  });
}

/** The recent ingestions, refreshed every few seconds while one is queued or running. */
export function useIngestionHistory() {
  const { token } = useSession();
  return useQuery({
    queryKey: ["ingestions"],
    queryFn: () => api.ingestions(token),
    refetchInterval: (query) =>
      query.state.data?.ingestions.some((i) => !FINISHED.includes(i.status)) ? 3000 : false,
    staleTime: 0,
  });
}
