/**
 * The hypercall composer's logic, out of React so Node tests drive it: from a form
 * (hypercall, op, Xen's field names) to what the guest does, exactly as a kernel would:
 * write the argument struct into its own memory, load the registers its execution state
 * dictates (AArch64: x16 number, x0..x4; AArch32: r12, r0..r4, the upper halves left as
 * they were; x86: EAX, EBX..EDI), trap with HVC #imm, read the result register. The trap
 * itself is the model's (Hypervisor.armHvc through the scenario runner's loader), so
 * the composer and a scenario `hypercall:` step cannot disagree.
 */
import {
  DOMID,
  HYPERVISOR,
  XENVER,
  formatRet,
  hypercallName,
  type TraceEntry,
} from "../../xen-core";
import { MEMORY_RESERVATION, XENMEM_populate_physmap } from "../../xen-core/hypercall/memory-op";
import { copyFromGuest, copyToGuest } from "../../xen-core/memory/guest-access";
import { StructBuf } from "../../xen-core/memory/struct-buf";
import { buildDomctl, domctlCmdNumber, DOMCTL_FIELDS } from "../../xen-core/scenario/domctl-step";
import { runHypercallStep } from "../../xen-core/scenario/hypercall-step";
import { PayloadError } from "../../xen-core/scenario/payload";
import type { HypercallStep, PayloadValue } from "../../xen-core/scenario/types";
import { ArmVcpu } from "../../xen-core/vcpu/arm-vcpu";
import type { LabSession } from "./lab-session";

export type CallKind = "xen_version" | "memory_op" | "domctl" | "raw";

export interface ComposerForm {
  readonly domid: number;
  readonly vcpu: number;
  readonly call: CallKind;
  /** XENVER_* for xen_version. */
  readonly xenver: string;
  /** XEN_DOMCTL_* name (without the prefix) for domctl. */
  readonly domctlCmd: string;
  /** Struct fields by Xen's names, as typed (numbers, names, lists with commas). */
  readonly fields: Readonly<Record<string, string>>;
  /** Guest address of the argument struct / buffer (the guest handle). */
  readonly buffer: string;
  /** raw: the hypercall number and a0..a4. */
  readonly rawNr: string;
  readonly raw: readonly string[];
  /** The HVC immediate (XEN_HYPERCALL_TAG 0xEA1 for a hypercall). */
  readonly hvc: string;
  /** AArch32 only: a value left in the upper halves of x0..x4 and x12 (the argo thread). */
  readonly staleHigh: string;
}

export const MEMORY_OP_FIELDS = [
  "extent_start",
  "nr_extents",
  "extent_order",
  "mem_flags",
  "domid",
  "gpfns",
];

export interface RegisterLoad {
  readonly reg: string;
  readonly value: bigint;
  readonly meaning: string;
}

export interface Prepared {
  readonly nr: number;
  readonly args: readonly bigint[];
  readonly writes: readonly {
    readonly gva: bigint;
    readonly bytes: Uint8Array;
    readonly what: string;
  }[];
  readonly load: readonly RegisterLoad[];
  readonly state: "AArch64" | "AArch32" | "x86";
  readonly hvc: number;
  readonly stale?: bigint;
}

export interface ComposeResult {
  readonly ok: boolean;
  readonly text: string;
  readonly ret?: number;
  readonly entries: readonly TraceEntry[];
  /** What the call wrote back into the guest's buffer, decoded. */
  readonly output?: string;
}

/** A number typed as decimal, 0x hex or negative; undefined if it is not one. */
export function parseNumber(text: string): bigint | undefined {
  const t = text.trim().replace(/_/g, "");
  if (!/^-?(0x[0-9a-f]+|\d+)$/i.test(t)) return undefined;
  const neg = t.startsWith("-");
  const v = BigInt(neg ? t.slice(1) : t);
  return neg ? -v : v;
}

/** A field as typed: a number, a name, a boolean, or a comma-separated list of those. */
export function parsePayload(text: string): PayloadValue | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  if (t.includes(",")) return t.split(",").map((x) => parsePayload(x) ?? 0);
  const n = parseNumber(t);
  if (n !== undefined) return n >= -(2n ** 53n) && n < 2n ** 53n ? Number(n) : n;
  if (t === "true" || t === "false") return t === "true";
  return t;
}

function requireNumber(text: string, what: string): bigint {
  const v = parseNumber(text);
  if (v === undefined)
    throw new PayloadError(`${what}: '${text}' is not a number (decimal or 0x hex)`);
  return BigInt.asUintN(64, v);
}

/** The composer's default buffer: dom0's scratch page, or the first page of a guest's RAM. */
export function defaultBuffer(session: LabSession, domid: number): bigint {
  if (domid === 0) return 0x200000n;
  return session.hv.arch === "arm64" ? 0x40000000n : 0x100000n;
}

export function executionState(
  session: LabSession,
  f: ComposerForm,
): Prepared["state"] | undefined {
  const v = session.hv.domain(f.domid)?.vcpu(f.vcpu);
  if (!v) return undefined;
  if (v.regs instanceof ArmVcpu) return v.regs.executingAArch32 ? "AArch32" : "AArch64";
  return "x86";
}

/** Everything the guest would do before the trap; throws PayloadError on bad fields. */
export function prepare(session: LabSession, f: ComposerForm): Prepared {
  const state = executionState(session, f);
  if (!state) throw new PayloadError(`domain ${f.domid} has no vCPU ${f.vcpu}`);
  const buffer = requireNumber(f.buffer, "buffer");
  const writes: { gva: bigint; bytes: Uint8Array; what: string }[] = [];
  const args = [0n, 0n, 0n, 0n, 0n];
  const payload: Record<string, PayloadValue> = {};
  for (const [k, v] of Object.entries(f.fields)) {
    const p = parsePayload(v);
    if (p !== undefined) payload[k] = p;
  }
  let nr: number;
  switch (f.call) {
    case "xen_version": {
      nr = HYPERVISOR.__HYPERVISOR_xen_version;
      const cmd = (XENVER as Record<string, number>)[f.xenver];
      if (cmd === undefined) throw new PayloadError(`unknown XENVER op '${f.xenver}'`);
      args[0] = BigInt(cmd);
      args[1] = buffer;
      if (cmd === XENVER.XENVER_get_features) {
        const fi = new StructBuf(8).setU32(
          0,
          Number(requireNumber(f.fields.submap_idx ?? "0", "submap_idx")),
        );
        writes.push({ gva: buffer, bytes: fi.bytes, what: "xen_feature_info { submap_idx }" });
      }
      if (cmd === XENVER.XENVER_pagesize) args[1] = 0n;
      break;
    }
    case "memory_op": {
      nr = HYPERVISOR.__HYPERVISOR_memory_op;
      const list = (f.fields.gpfns ?? "")
        .split(",")
        .map((g) => g.trim())
        .filter(Boolean);
      const start = f.fields.extent_start?.trim()
        ? requireNumber(f.fields.extent_start, "extent_start")
        : buffer + 0x100n;
      const r = new StructBuf(MEMORY_RESERVATION.size);
      r.setU64(MEMORY_RESERVATION.extent_start, start);
      r.setU64(
        MEMORY_RESERVATION.nr_extents,
        f.fields.nr_extents?.trim()
          ? requireNumber(f.fields.nr_extents, "nr_extents")
          : BigInt(list.length),
      );
      r.setU32(
        MEMORY_RESERVATION.extent_order,
        Number(requireNumber(f.fields.extent_order || "0", "extent_order")),
      );
      r.setU32(
        MEMORY_RESERVATION.mem_flags,
        Number(requireNumber(f.fields.mem_flags || "0", "mem_flags")),
      );
      const domid = f.fields.domid?.trim() || "DOMID_SELF";
      r.setU16(
        MEMORY_RESERVATION.domid,
        Number((DOMID as Record<string, number>)[domid] ?? requireNumber(domid, "domid")),
      );
      const gpfns = new StructBuf(list.length * 8);
      list.forEach((g, i) => gpfns.setU64(i * 8, requireNumber(g, "gpfns")));
      writes.push({ gva: buffer, bytes: r.bytes, what: "struct xen_memory_reservation" });
      if (list.length)
        writes.push({ gva: start, bytes: gpfns.bytes, what: `extent_start[${list.length}]` });
      args[0] = BigInt(XENMEM_populate_physmap);
      args[1] = buffer;
      break;
    }
    case "domctl": {
      nr = HYPERVISOR.__HYPERVISOR_domctl;
      const cmd = domctlCmdNumber(f.domctlCmd);
      if (cmd === undefined) throw new PayloadError(`unknown domctl '${f.domctlCmd}'`);
      const { domain, ...rest } = payload;
      const target =
        domain === undefined
          ? DOMID.DOMID_ANY
          : typeof domain === "string"
            ? (DOMID as Record<string, number>)[domain]
            : Number(domain);
      if (target === undefined || !Number.isInteger(target))
        throw new PayloadError(`domain: '${String(domain)}' is not a domain id or DOMID_* name`);
      const { op, context } = buildDomctl(
        session.hv,
        cmd,
        f.domctlCmd,
        target,
        rest,
        new Map(),
        buffer + 0x200n,
      );
      writes.push({ gva: buffer, bytes: op.bytes, what: `struct xen_domctl (${f.domctlCmd})` });
      if (context)
        writes.push({ gva: buffer + 0x200n, bytes: context, what: "struct vcpu_guest_context" });
      args[0] = buffer;
      break;
    }
    case "raw": {
      const n = parseNumber(f.rawNr);
      const named = (HYPERVISOR as Record<string, number>)[`__HYPERVISOR_${f.rawNr.trim()}`];
      nr = named ?? (n === undefined ? NaN : Number(BigInt.asIntN(32, n)));
      if (!Number.isInteger(nr))
        throw new PayloadError(`hypercall '${f.rawNr}' is not a number or a __HYPERVISOR_ name`);
      f.raw.forEach((a, i) => (args[i] = a.trim() ? requireNumber(a, `a${i}`) : 0n));
      break;
    }
  }
  const hvc = Number(requireNumber(f.hvc || "0xea1", "HVC immediate") & 0xffffn);
  const stale =
    state === "AArch32" && f.staleHigh.trim()
      ? requireNumber(f.staleHigh, "upper halves") & 0xffffffffn
      : undefined;
  return { nr, args, writes, load: registerLoad(state, nr, args), state, hvc, stale };
}

function registerLoad(
  state: Prepared["state"],
  nr: number,
  args: readonly bigint[],
): RegisterLoad[] {
  const name = hypercallName(nr);
  const low = (v: bigint) => v & 0xffffffffn;
  if (state === "x86") {
    return [
      { reg: "eax", value: BigInt(nr >>> 0), meaning: `hypercall ${name}` },
      ...["ebx", "ecx", "edx", "esi", "edi"].map((reg, i) => ({
        reg,
        value: low(args[i]!),
        meaning: `arg ${i + 1}`,
      })),
    ];
  }
  const a32 = state === "AArch32";
  return [
    { reg: a32 ? "r12" : "x16", value: BigInt(nr >>> 0), meaning: `hypercall ${name}` },
    ...args.map((v, i) => ({
      reg: a32 ? `r${i}` : `x${i}`,
      value: a32 ? low(v) : v,
      meaning: `arg ${i + 1}`,
    })),
  ];
}

/** Decode what Xen wrote back into the buffer, for the ops that write one. */
function readBack(session: LabSession, f: ComposerForm, p: Prepared): string | undefined {
  const mem = session.hv.domain(f.domid)?.memory;
  if (!mem || f.call !== "xen_version") return undefined;
  const cstr = (n: number) => {
    const b = copyFromGuest(mem, p.args[1]!, n);
    if (!b) return "(unreadable)";
    const end = b.indexOf(0);
    return String.fromCharCode(...b.subarray(0, end < 0 ? b.length : end));
  };
  switch (f.xenver) {
    case "XENVER_extraversion":
      return `extraversion = "${cstr(16)}"`;
    case "XENVER_capabilities":
      return `capabilities = "${cstr(1024)}"`;
    case "XENVER_commandline":
      return `commandline = "${cstr(1024)}"`;
    case "XENVER_compile_info": {
      const b = copyFromGuest(mem, p.args[1]!, 144);
      if (!b) return undefined;
      const s = (o: number, n: number) =>
        String.fromCharCode(...b.subarray(o, o + n)).replace(/\0.*$/s, "");
      return `compiler "${s(0, 64)}", by "${s(64, 16)}", domain "${s(80, 32)}", date "${s(112, 32)}"`;
    }
    case "XENVER_get_features": {
      const b = copyFromGuest(mem, p.args[1]!, 8);
      return b ? `submap = 0x${new StructBuf(b).u32(4).toString(16).padStart(8, "0")}` : undefined;
    }
    default:
      return undefined;
  }
}

/** Write the structs, load the registers, trap; what happened, in Xen's terms. */
export function issue(session: LabSession, f: ComposerForm): ComposeResult {
  let p: Prepared;
  try {
    p = prepare(session, f);
  } catch (err) {
    return { ok: false, text: err instanceof Error ? err.message : String(err), entries: [] };
  }
  const d = session.hv.domain(f.domid)!;
  for (const w of p.writes) {
    if (!copyToGuest(d.memory, w.gva, w.bytes)) {
      return {
        ok: false,
        entries: [],
        text: `d${f.domid} has no RAM at 0x${w.gva.toString(16)} for its ${w.what}: a guest can only pass what is in its own memory (give it a page first)`,
      };
    }
  }
  const v = d.vcpu(f.vcpu)!;
  const regs: Record<string, PayloadValue> = {};
  if (p.stale !== undefined && v.regs instanceof ArmVcpu) {
    for (const i of [0, 1, 2, 3, 4, 12])
      regs[`x${i}`] = (p.stale << 32n) | (v.regs.x[i]! & 0xffffffffn);
  }
  const step: HypercallStep = {
    kind: "hypercall",
    index: 0,
    pos: { line: 0, col: 0 },
    dom: f.domid,
    vcpu: f.vcpu,
    op: p.nr,
    args: Object.fromEntries(p.args.map((a, i) => [`a${i}`, a])),
    regs,
    hvc: p.hvc,
  };
  const before = session.hv.trace.seq;
  let ret: number;
  try {
    ret = runHypercallStep(session.hv, v, step, new Map());
  } catch (err) {
    return { ok: false, text: err instanceof Error ? err.message : String(err), entries: [] };
  }
  const entries = session.hv.trace.since(before);
  const trapped = entries.some((e) => e.kind === "hypercall");
  const undef = entries.some((e) => e.kind === "state" && e.event === "undef-injected");
  const text = trapped
    ? `${hypercallName(p.nr)} returned ${formatRet(ret)}${ret < 0 ? ` (${ret})` : ""}`
    : undef
      ? `HVC #0x${p.hvc.toString(16)} is not a hypercall: Xen injected an undefined-instruction exception`
      : p.hvc === 0
        ? "HVC #0 is an SMCCC call, not a hypercall: x0 = SMCCC_UNKNOWN_FUNCTION"
        : `HVC #0x${p.hvc.toString(16)} is a debug trap (debug builds): see the Xen console`;
  return {
    ok: trapped && ret >= 0,
    ret: trapped ? ret : undefined,
    text,
    entries,
    // Xen wrote the buffer only when the call succeeded.
    output: trapped && ret >= 0 ? readBack(session, f, p) : undefined,
  };
}

export { DOMCTL_FIELDS };
