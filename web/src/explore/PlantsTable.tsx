import type { RankedPlant } from "../api/types";
import { formatCapacity, formatEnergy, formatMwh, formatShare } from "../format";
import { fuelLabel } from "./fuels";

interface PlantsTableProps {
  plants: RankedPlant[];
  caption: string;
  /** The selection's total net generation (the state's or the nation's), for the share. */
  totalMwh: number | null;
  /** "Texas" or "U.S.": whose total the share column is of. */
  totalOf: string;
  busy?: boolean;
}

export function PlantsTable({ plants, caption, totalMwh, totalOf, busy = false }: PlantsTableProps) {
  return (
    // Scrolls sideways on a phone; focusable so keyboard users can scroll it too.
    <div className="table-scroll" role="region" aria-label="Plants table" tabIndex={0}>
      <table className="plants-table" aria-busy={busy}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              Rank
            </th>
            <th scope="col">Plant</th>
            <th scope="col">State</th>
            <th scope="col">Primary fuel</th>
            <th scope="col" className="num">
              Capacity (MW)
            </th>
            <th scope="col" className="num">
              Net generation
            </th>
            <th scope="col" className="num">
              Share of {totalOf} total
            </th>
          </tr>
        </thead>
        <tbody>
          {plants.map((p) => (
            <tr key={p.plant_code}>
              <td className="num">{p.rank}</td>
              <th scope="row">
                {p.name ?? "(no name)"} <span className="plant-code">#{p.plant_code}</span>
              </th>
              <td>{p.state}</td>
              <td>{fuelLabel(p.primary_fuel)}</td>
              <td className="num">{formatCapacity(p.capacity_mw)}</td>
              <td className="num">
                <abbr title={formatMwh(p.net_generation_mwh)}>{formatEnergy(p.net_generation_mwh)}</abbr>
              </td>
              <td className="num">{formatShare(p.net_generation_mwh, totalMwh)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
