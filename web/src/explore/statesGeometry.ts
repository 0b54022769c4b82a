// U.S. state outlines from us-atlas (an npm package: nothing is fetched at run time),
// already projected (Albers USA, 975 × 610) so no projection runs in the browser.
import { geoPath } from "d3-geo";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import atlas from "us-atlas/states-albers-10m.json";

export const MAP_WIDTH = 975;
export const MAP_HEIGHT = 610;

// The atlas identifies states by FIPS code; the API by postal code.
const POSTAL_BY_FIPS: Record<string, string> = {
  "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO", "09": "CT", "10": "DE",
  "11": "DC", "12": "FL", "13": "GA", "15": "HI", "16": "ID", "17": "IL", "18": "IN", "19": "IA",
  "20": "KS", "21": "KY", "22": "LA", "23": "ME", "24": "MD", "25": "MA", "26": "MI", "27": "MN",
  "28": "MS", "29": "MO", "30": "MT", "31": "NE", "32": "NV", "33": "NH", "34": "NJ", "35": "NM",
  "36": "NY", "37": "NC", "38": "ND", "39": "OH", "40": "OK", "41": "OR", "42": "PA", "44": "RI",
  "45": "SC", "46": "SD", "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA", "53": "WA",
  "54": "WV", "55": "WI", "56": "WY", "60": "AS", "66": "GU", "69": "MP", "72": "PR", "78": "VI",
};

export interface StateShape {
  code: string;
  name: string;
  /** SVG path data in map coordinates. */
  d: string;
}

type Atlas = Topology<{ states: GeometryCollection<{ name: string }> }>;

/** Every state the atlas draws (50 and DC), computed once. */
export const STATE_SHAPES: StateShape[] = (() => {
  const topology = atlas as unknown as Atlas;
  const path = geoPath(); // null projection: the coordinates are already planar
  return feature(topology, topology.objects.states).features.flatMap((f) => {
    const code = POSTAL_BY_FIPS[String(f.id)];
    const d = path(f);
    return code && d ? [{ code, name: f.properties.name, d }] : [];
  });
})();
