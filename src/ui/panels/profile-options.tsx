/** The profiles as <option>s, each with its one-line description as a tooltip. */
import { PROFILES } from "../../xen-core";

export function ProfileOptions() {
  return PROFILES.map((p) => (
    <option key={p.name} value={p.name} title={p.description}>
      {p.name}
    </option>
  ));
}
