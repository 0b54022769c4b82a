// The explore page's data, through TanStack Query (cached per selection).
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import type { TopQuery } from "../api/types";
import { useSession } from "../auth/AuthProvider";

export function useYears() {
  const { token } = useSession();
  return useQuery({ queryKey: ["years"], queryFn: () => api.years(token) });
}

export function useStates(year: number | null) {
  const { token } = useSession();
  return useQuery({ queryKey: ["states", year], queryFn: () => api.states(token, year) });
}

export function useTopPlants(query: TopQuery) {
  const { token } = useSession();
  return useQuery({
    queryKey: ["top", query.state, query.n, query.year],
    queryFn: () => api.topPlants(token, query),
    placeholderData: keepPreviousData, // keep the last table while the next one loads
  });
}
