/**
 * The A/B view's state comparison: two frozen hypervisor snapshots (one per profile,
 * after the same step) flattened into named facts (a domain's state and type, each
 * vCPU's mode and HCR_EL2.RW, the event-channel ABI and every port), then lined up by
 * name so a reviewer sees, at any step, what the two Xens hold differently. Names are
 * the ones the panels and `xl`/`debug-keys e` use.
 */
import type { DomainSnapshot, HypervisorSnapshot } from "../../xen-core/hypervisor/snapshot";
import type { EvtchnPortSnapshot } from "../../xen-core/evtchn/snapshot";

export interface StateFact {
  /** Groups facts in the table: "d1", "d1 vCPU0", "d1 ports". */
  readonly group: string;
  readonly key: string;
  readonly value: string;
}

export interface StateRow {
  readonly group: string;
  readonly key: string;
  /** Undefined: the fact does not exist on that side (no such domain, port free). */
  readonly a: string | undefined;
  readonly b: string | undefined;
  readonly differs: boolean;
}

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

function portText(p: EvtchnPortSnapshot): string {
  const where =
    p.state === "interdomain"
      ? ` -> d${p.remoteDom}:${p.remotePort}`
      : p.state === "unbound"
        ? ` for d${p.remoteDom}`
        : p.state === "virq"
          ? ` virq ${p.virq}`
          : p.state === "pirq"
            ? ` pirq ${p.pirq}`
            : "";
  const bits = [p.pending ? "pending" : "", p.masked ? "masked" : ""].filter(Boolean).join(" ");
  return `${p.state}${where} vcpu ${p.notifyVcpu} prio ${p.priority}${bits ? ` ${bits}` : ""}`;
}

function domainFacts(d: DomainSnapshot): StateFact[] {
  const g = `d${d.domid}`;
  const out: StateFact[] = [
    { group: g, key: "state", value: d.state },
    { group: g, key: "flags", value: hex(d.flags) },
    { group: g, key: "type", value: `${d.type}-bit` },
    { group: g, key: "max_vcpus", value: String(d.maxVcpus) },
    { group: g, key: "tot_pages", value: String(d.totPages) },
    { group: g, key: "max_pages", value: String(d.maxPages) },
    { group: g, key: "evtchn ABI", value: d.evtchn.abi },
    { group: g, key: "evtchn limit", value: String(d.evtchn.limit) },
    { group: g, key: "shared_info layout", value: d.evtchn.layout },
  ];
  for (const v of d.vcpus) {
    const vg = `${g} vCPU${v.vcpuId}`;
    out.push({ group: vg, key: "mode", value: v.mode });
    out.push({ group: vg, key: "online", value: v.online ? "yes" : "no" });
    if (v.regs.kind === "arm")
      out.push({ group: vg, key: "HCR_EL2.RW", value: v.regs.hcrRw ? "1" : "0" });
    else out.push({ group: vg, key: "CR0", value: hex(v.regs.cr0) });
    out.push({ group: vg, key: "upcall pending", value: v.evtchnIrqPending ? "yes" : "no" });
  }
  for (const p of d.evtchn.ports)
    out.push({ group: `${g} ports`, key: `port ${p.port}`, value: portText(p) });
  return out;
}

export function stateFacts(s: HypervisorSnapshot): StateFact[] {
  return s.domains.flatMap(domainFacts);
}

/**
 * Both sides' facts lined up by group and key, in A's order with B's extra facts after
 * the group they belong to (or at the end for a domain A lacks).
 */
export function compareStates(a: HypervisorSnapshot, b: HypervisorSnapshot): StateRow[] {
  const fa = stateFacts(a);
  const fb = stateFacts(b);
  const id = (f: StateFact) => `${f.group}\u0000${f.key}`;
  const bByKey = new Map(fb.map((f) => [id(f), f]));
  const aKeys = new Set(fa.map(id));
  const rows: StateRow[] = [];
  const emitB = (pred: (f: StateFact) => boolean) => {
    for (const f of fb)
      if (!aKeys.has(id(f)) && pred(f)) {
        rows.push({ group: f.group, key: f.key, a: undefined, b: f.value, differs: true });
        aKeys.add(id(f));
      }
  };
  fa.forEach((f, i) => {
    const other = bByKey.get(id(f))?.value;
    rows.push({ group: f.group, key: f.key, a: f.value, b: other, differs: other !== f.value });
    if (fa[i + 1]?.group !== f.group) emitB((x) => x.group === f.group);
  });
  emitB(() => true);
  return rows;
}
