/**
 * A debugger's register pane for one vCPU: Arm x0..x30 as 64-bit values with the upper
 * half set apart (AArch32 names beside), PC, CPSR and HCR_EL2 decoded; x86 general
 * and control registers. Registers that changed with the last update are highlighted.
 */
import { useState, type ReactNode } from "react";
import type { VcpuSnapshot } from "../../xen-core";
import {
  aarch32State,
  armRows,
  changedRegisters,
  describeCpsr,
  describeCr0,
  hcrRw,
  x86Rows,
  type RegRow,
  type RegsSnapshot,
} from "../lab/registers";

function Row({ row, changed, aarch32 }: { row: RegRow; changed: boolean; aarch32: boolean }) {
  return (
    <tr className={changed ? "changed" : undefined} data-reg={row.name}>
      <th scope="row" className="mono">
        {aarch32 && row.alias ? (
          <>
            {row.alias} <span className="muted">{row.name}</span>
          </>
        ) : (
          <>
            {row.name}
            {row.alias && <span className="muted"> {row.alias}</span>}
          </>
        )}
      </th>
      <td className="mono value">
        {row.high !== undefined && (
          <span className={`hi${aarch32 ? " unseen" : ""}`} title="upper 32 bits">
            {row.high}
          </span>
        )}
        <span className="lo">{row.low}</span>
      </td>
      <td className="role">{row.role}</td>
    </tr>
  );
}

/** The registers of the previous update of the same vCPU, kept as derived state. */
function usePrevious(key: string, regs: RegsSnapshot) {
  const [track, setTrack] = useState({ key, regs, prev: regs });
  if (track.regs !== regs || track.key !== key) {
    const next = { key, regs, prev: track.key === key ? track.regs : regs };
    setTrack(next);
    return next.prev;
  }
  return track.prev;
}

export function RegisterView({ domid, vcpu }: { domid: number; vcpu: VcpuSnapshot }) {
  const regs = vcpu.regs;
  const prev = usePrevious(`${domid}/${vcpu.vcpuId}`, regs);
  const changed = changedRegisters(prev, regs);
  const sys = (
    name: string,
    key: string,
    value: bigint | number,
    digits: number,
    note?: ReactNode,
  ) => (
    <div key={key} className={changed.has(key) ? "changed" : undefined}>
      <dt>{name}</dt>
      <dd>
        {value.toString(16).padStart(digits, "0")}
        {note !== undefined && <> {note}</>}
      </dd>
    </div>
  );
  if (regs.kind === "arm") {
    const aarch32 = aarch32State(regs);
    const rows = armRows(regs);
    const half = Math.ceil(rows.length / 2);
    const rw = hcrRw(regs.hcrEl2);
    return (
      <div className="registers" aria-label={`d${domid}v${vcpu.vcpuId} registers`} role="group">
        <dl className="sysregs mono">
          {sys("PC", "pc", regs.pc, 16)}
          {sys(
            "CPSR",
            "cpsr",
            regs.cpsr,
            8,
            <span className="muted">{describeCpsr(regs.cpsr)}</span>,
          )}
          {sys(
            "HCR_EL2",
            "hcr_el2",
            regs.hcrEl2,
            16,
            <span className="muted" data-testid="hcr-rw">
              RW={rw} (EL1 is {rw ? "AArch64" : "AArch32"})
            </span>,
          )}
          {regs.undefInjected > 0 && (
            <div>
              <dt>UNDEF</dt>
              <dd>{regs.undefInjected} injected (bad HVC immediate)</dd>
            </div>
          )}
        </dl>
        <p className="hint">
          {aarch32
            ? "AArch32: the guest sees r0..r14, the lower halves; the dimmed upper halves are what Xen's 64-bit handlers would read unless entry zeroes them (4.17+)."
            : "AArch64: x16 holds the hypercall number, x0..x4 the arguments, x0 the result."}
        </p>
        <div className="reg-columns">
          {[rows.slice(0, half), rows.slice(half)].map((part, i) => (
            <table key={i} className="reg-table">
              <tbody>
                {part.map((r) => (
                  <Row key={r.name} row={r} changed={changed.has(r.name)} aarch32={aarch32} />
                ))}
              </tbody>
            </table>
          ))}
        </div>
      </div>
    );
  }
  return (
    <div className="registers" aria-label={`d${domid}v${vcpu.vcpuId} registers`} role="group">
      <dl className="sysregs mono">
        {sys("CR0", "cr0", regs.cr0, 8, <span className="muted">{describeCr0(regs.cr0)}</span>)}
        {sys("CR3", "cr3", regs.cr3, 8)}
        {sys("CR4", "cr4", regs.cr4, 8)}
        {sys("EFLAGS", "eflags", regs.eflags, 8)}
      </dl>
      <table className="reg-table">
        <tbody>
          {x86Rows(regs).map((r) => (
            <Row key={r.name} row={r} changed={changed.has(r.name)} aarch32={false} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
