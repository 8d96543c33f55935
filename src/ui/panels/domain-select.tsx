/** A domain picker: every domain of the snapshot, by id and name. */
import { useLab } from "../store/store";

export function DomainSelect(props: { value: number; onChange(domid: number): void }) {
  const domains = useLab((s) => s.snapshot.domains);
  const names = useLab((s) => s.names);
  return (
    <label>
      Domain
      <select value={props.value} onChange={(e) => props.onChange(Number(e.target.value))}>
        {domains.map((x) => (
          <option key={x.domid} value={x.domid}>
            d{x.domid} {names[x.domid] ?? ""}
          </option>
        ))}
      </select>
    </label>
  );
}
