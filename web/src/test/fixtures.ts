import type { RankedPlant, States, TopPlants, Years } from "../api/types";

export const YEARS: Years = { years: [2023], latest: 2023 };

export const STATES: States = {
  year: 2023,
  states: [
    { code: "AZ", name: "Arizona", plants: 180, net_generation_mwh: 110_000_000 },
    { code: "CA", name: "California", plants: 1_600, net_generation_mwh: 200_000_000 },
    { code: "PR", name: "Puerto Rico", plants: 40, net_generation_mwh: 18_000_000 },
    { code: "TX", name: "Texas", plants: 824, net_generation_mwh: 500_000_000 },
  ],
};

export function plant(rank: number, overrides: Partial<RankedPlant> = {}): RankedPlant {
  return {
    rank,
    plant_code: 1000 + rank,
    name: `Plant ${rank}`,
    state: "TX",
    net_generation_mwh: 1_000_000 / rank,
    capacity_mw: 500 + rank,
    generators: 2,
    primary_fuel: "NG",
    ...overrides,
  };
}

export const SOUTH_TEXAS = plant(1, {
  plant_code: 6251,
  name: "South Texas Project",
  net_generation_mwh: 21_787_144,
  capacity_mw: 2708.6,
  primary_fuel: "NUC",
});

export function topAnswer(n: number, state: string | null, plants: RankedPlant[]): TopPlants {
  return { year: 2023, state, n, total_plants: 824, plants };
}
