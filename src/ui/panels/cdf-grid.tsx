/**
 * The 32 bits of createdomain's flags word, named from the current profile's tree
 * (XEN_DOMCTL_CDF_*). Unnamed bits can be set too: Xen answers "Unknown CDF flags".
 */
import type { CdfBit } from "../../xen-core";

interface Props {
  readonly bits: readonly CdfBit[];
  readonly flags: number;
  readonly onChange: (flags: number) => void;
}

export function CdfGrid({ bits, flags, onChange }: Props) {
  return (
    <fieldset className="cdf-grid">
      <legend>
        XEN_DOMCTL_CDF_* flags <code className="flags-word">0x{(flags >>> 0).toString(16)}</code>
      </legend>
      {Array.from({ length: 32 }, (_, bit) => {
        const named = bits.find((b) => b.bit === bit);
        const label = named ? named.name : `bit ${bit}`;
        const mask = (1 << bit) >>> 0;
        return (
          <label
            key={bit}
            className={named ? "cdf named" : "cdf unnamed"}
            title={named?.description ?? "not defined in this tree"}
          >
            <input
              type="checkbox"
              checked={(flags & mask) !== 0}
              onChange={(e) => onChange((e.target.checked ? flags | mask : flags & ~mask) >>> 0)}
            />
            <span className="bit">{bit}</span> {label}
          </label>
        );
      })}
    </fieldset>
  );
}
