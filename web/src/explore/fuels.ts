// eGRID fuel codes (FUELG1) in words, for the table; an unknown code shows as itself.
const FUEL_NAMES: Record<string, string> = {
  NUC: "nuclear",
  NG: "natural gas",
  BIT: "bituminous coal",
  SUB: "subbituminous coal",
  LIG: "lignite coal",
  RC: "refined coal",
  WC: "waste coal",
  PC: "petroleum coke",
  DFO: "distillate oil",
  RFO: "residual oil",
  WO: "waste oil",
  KER: "kerosene",
  JF: "jet fuel",
  PG: "propane",
  OG: "other gas",
  BFG: "blast furnace gas",
  SGC: "coal synthesis gas",
  WAT: "hydro",
  WND: "wind",
  SUN: "solar",
  GEO: "geothermal",
  MWH: "battery storage",
  WDS: "wood",
  WDL: "wood liquids",
  BLQ: "black liquor",
  LFG: "landfill gas",
  OBG: "biogas",
  OBS: "other biomass",
  OBL: "biomass liquids",
  AB: "agricultural byproducts",
  MSW: "municipal waste",
  MSB: "municipal waste (biogenic)",
  TDF: "tire-derived fuel",
  PUR: "purchased steam",
  WH: "waste heat",
  OTH: "other",
};

export function fuelLabel(code: string | null): string {
  if (!code) return "";
  const name = FUEL_NAMES[code];
  return name ? `${name} (${code})` : code;
}
