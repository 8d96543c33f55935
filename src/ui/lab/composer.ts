/**
 * The hypercall composer's logic, out of React so Node tests drive it: from a form
 * (hypercall, op, Xen's field names) to what the guest does, exactly as a kernel would:
 * write the argument struct into its own memory, load the registers its execution state
 * dictates (AArch64: x16 number, x0..x4; AArch32: r12, r0..r4, the upper halves left as
 * they were; x86: EAX, EBX..EDI), trap with HVC #imm, read the result register. Struct
 * ops (event channels, memory, HVM params, vCPU, sched) go through the scenario
 * runner's own hypercall step (xen-core/scenario/hypercall-step.ts, layouts in
 * hypercall-structs.ts), so the composer and a `hypercall:` step cannot disagree.
 */
import {
  DOMID,
  formatRet,
  hypercallName,
  HYPERVISOR,
  VIRQ,
  XENVER,
  type TraceEntry,
} from "../../xen-core";
import { EVTCHNOP } from "../../xen-core/abi/event-channel";
import { HVMOP, SCHEDOP, VCPUOP, XENMEM } from "../../xen-core/abi/guest-ops";
import { isCompatCaller } from "../../xen-core/hypercall/compat";
import { copyToGuest } from "../../xen-core/memory/guest-access";
import { StructBuf } from "../../xen-core/memory/struct-buf";
import { buildDomctl, domctlCmdNumber, DOMCTL_FIELDS } from "../../xen-core/scenario/domctl-step";
import { structSpec, type StructSpec } from "../../xen-core/scenario/hypercall-structs";
import { argumentBuffer, runHypercallStep } from "../../xen-core/scenario/hypercall-step";
import { PayloadError } from "../../xen-core/scenario/payload";
import type { HypercallStep, PayloadValue } from "../../xen-core/scenario/types";
import { ArmVcpu } from "../../xen-core/vcpu/arm-vcpu";
import { readBack } from "./composer-readback";
import type { LabSession } from "./lab-session";

/** The hypercalls the composer offers, each with its sub-ops (Xen's names). */
export const COMPOSER_CALLS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  xen_version: XENVER,
  event_channel_op: EVTCHNOP,
  memory_op: XENMEM,
  hvm_op: HVMOP,
  vcpu_op: VCPUOP,
  sched_op: SCHEDOP,
  domctl: Object.fromEntries(Object.keys(DOMCTL_FIELDS).map((k) => [k, domctlCmdNumber(k)!])),
  raw: {},
};

export interface ComposerForm {
  readonly domid: number;
  readonly vcpu: number;
  /** A key of COMPOSER_CALLS. */
  readonly hypercall: string;
  /** A sub-op name of that hypercall (XENVER_version, EVTCHNOP_send, createdomain, ...). */
  readonly op: string;
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

export interface RegisterLoad {
  readonly reg: string;
  readonly value: bigint;
  readonly meaning: string;
}

export interface GuestWrite {
  readonly gva: bigint;
  readonly size: number;
  readonly what: string;
  /** The bytes, when the composer writes them; a struct the runner lays out has none. */
  readonly bytes?: Uint8Array;
}

export interface Prepared {
  readonly nr: number;
  readonly args: readonly bigint[];
  /** What the guest writes into its memory before the trap. */
  readonly writes: readonly GuestWrite[];
  readonly load: readonly RegisterLoad[];
  readonly state: "AArch64" | "AArch32" | "x86";
  readonly hvc: number;
  readonly stale?: bigint;
  /** The struct the op takes, when the runner lays it out. */
  readonly spec?: StructSpec;
}

export interface ComposeResult {
  readonly ok: boolean;
  readonly text: string;
  readonly ret?: number;
  readonly entries: readonly TraceEntry[];
  /** What the call wrote back (a buffer, OUT fields), decoded. */
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
  f: Pick<ComposerForm, "domid" | "vcpu">,
): Prepared["state"] | undefined {
  const v = session.hv.domain(f.domid)?.vcpu(f.vcpu);
  if (!v) return undefined;
  if (v.regs instanceof ArmVcpu) return v.regs.executingAArch32 ? "AArch32" : "AArch64";
  return "x86";
}

/** The struct layout the op takes for this caller, if the lab models one. */
export function opStruct(session: LabSession, f: ComposerForm): StructSpec | undefined {
  const nr = (HYPERVISOR as Record<string, number>)[`__HYPERVISOR_${f.hypercall}`];
  const sub = COMPOSER_CALLS[f.hypercall]?.[f.op];
  const d = session.hv.domain(f.domid);
  const v = d?.vcpu(f.vcpu);
  if (nr === undefined || sub === undefined || !d || !v) return undefined;
  return structSpec(nr, BigInt(sub), isCompatCaller(session.hv, d, v));
}

/** The fields the form asks for: Xen's struct field names, or raw argument registers. */
export function formFields(session: LabSession, f: ComposerForm): string[] {
  switch (f.hypercall) {
    case "raw":
      return [];
    case "domctl":
      return ["domain", ...(DOMCTL_FIELDS[f.op] ?? [])];
    case "xen_version":
      return f.op === "XENVER_get_features" ? ["submap_idx"] : [];
  }
  const spec = opStruct(session, f);
  return spec ? Object.keys(spec.fields) : ["a1", "a2", "a3", "a4"];
}

/** Names a field may use: DOMID_*, VIRQ_*, or a domain's name. */
function lookup(session: LabSession): (name: string) => bigint | undefined {
  return (name) => {
    const v = (DOMID as Record<string, number>)[name] ?? (VIRQ as Record<string, number>)[name];
    if (v !== undefined) return BigInt(v);
    const d = session.xenstore.findDomain(name);
    return d === undefined ? undefined : BigInt(d);
  };
}

function payloadOf(f: ComposerForm): Record<string, PayloadValue> {
  const out: Record<string, PayloadValue> = {};
  for (const [k, v] of Object.entries(f.fields)) {
    const p = parsePayload(v);
    if (p !== undefined) out[k] = p;
  }
  return out;
}

/** Everything the guest would do before the trap; throws PayloadError on bad fields. */
export function prepare(session: LabSession, f: ComposerForm): Prepared {
  const state = executionState(session, f);
  if (!state) throw new PayloadError(`domain ${f.domid} has no vCPU ${f.vcpu}`);
  const buffer = requireNumber(f.buffer, "buffer");
  const writes: GuestWrite[] = [];
  const args = [0n, 0n, 0n, 0n, 0n];
  const sub = COMPOSER_CALLS[f.hypercall]?.[f.op];
  let nr = (HYPERVISOR as Record<string, number>)[`__HYPERVISOR_${f.hypercall}`] ?? NaN;
  let spec: StructSpec | undefined;
  if (f.hypercall === "raw") {
    const n = parseNumber(f.rawNr);
    const named = (HYPERVISOR as Record<string, number>)[`__HYPERVISOR_${f.rawNr.trim()}`];
    nr = named ?? (n === undefined ? NaN : Number(BigInt.asIntN(32, n)));
    if (!Number.isInteger(nr))
      throw new PayloadError(`hypercall '${f.rawNr}' is not a number or a __HYPERVISOR_ name`);
    f.raw.forEach((a, i) => (args[i] = a.trim() ? requireNumber(a, `a${i}`) : 0n));
  } else if (sub === undefined) {
    throw new PayloadError(`${f.hypercall} has no op '${f.op}'`);
  } else if (f.hypercall === "domctl") {
    const { domain, ...rest } = payloadOf(f);
    const target =
      domain === undefined
        ? DOMID.DOMID_ANY
        : typeof domain === "string"
          ? Number(lookup(session)(domain) ?? NaN)
          : Number(domain);
    if (!Number.isInteger(target))
      throw new PayloadError(`domain: '${String(domain)}' is not a domain id, name or DOMID_*`);
    const { op, context } = buildDomctl(
      session.hv,
      sub,
      f.op,
      target,
      rest,
      new Map(),
      buffer + 0x200n,
    );
    writes.push({
      gva: buffer,
      size: op.bytes.length,
      bytes: op.bytes,
      what: `struct xen_domctl (${f.op})`,
    });
    if (context)
      writes.push({
        gva: buffer + 0x200n,
        size: context.length,
        bytes: context,
        what: "struct vcpu_guest_context",
      });
    args[0] = buffer;
  } else if (f.hypercall === "xen_version") {
    args[0] = BigInt(sub);
    args[1] = sub === XENVER.XENVER_pagesize ? 0n : buffer;
    if (sub === XENVER.XENVER_get_features) {
      const idx = Number(requireNumber(f.fields.submap_idx || "0", "submap_idx") & 0xffffffffn);
      const fi = new StructBuf(8).setU32(0, idx);
      writes.push({ gva: buffer, size: 8, bytes: fi.bytes, what: "struct xen_feature_info" });
    }
  } else {
    args[0] = BigInt(sub);
    spec = opStruct(session, f);
    if (spec) {
      // dom0's structs go to its hypercall buffer's spare page, as the runner puts them.
      const d = session.hv.domain(f.domid)!;
      const at = BigInt(argumentBuffer(d, Number(buffer)) ?? Number(buffer));
      args[spec.argIndex] = at;
      if (f.hypercall === "vcpu_op") args[1] = BigInt(f.vcpu);
      writes.push({ gva: at, size: spec.size, what: `the ${f.op} struct` });
    } else {
      for (const i of [1, 2, 3, 4]) {
        const t = f.fields[`a${i}`]?.trim();
        if (t) args[i] = requireNumber(t, `a${i}`);
      }
    }
  }
  const hvc = Number(requireNumber(f.hvc || "0xea1", "HVC immediate") & 0xffffn);
  const stale =
    state === "AArch32" && f.staleHigh.trim()
      ? requireNumber(f.staleHigh, "upper halves") & 0xffffffffn
      : undefined;
  return { nr, args, writes, load: registerLoad(state, nr, args), state, hvc, stale, spec };
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

function mapped(
  mem: { translate(gva: number): number | undefined; isMapped(gpa: number, n: number): boolean },
  gva: bigint,
  n: number,
): boolean {
  if (gva < 0n || gva > BigInt(Number.MAX_SAFE_INTEGER)) return false;
  const pa = mem.translate(Number(gva));
  return pa !== undefined && mem.isMapped(pa, n);
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
    if (!mapped(d.memory, w.gva, w.size)) {
      return {
        ok: false,
        entries: [],
        text: `d${f.domid} has no RAM at 0x${w.gva.toString(16)} for ${w.what}: a guest can only pass what is in its own memory (give it a page first)`,
      };
    }
  }
  for (const w of p.writes) if (w.bytes) copyToGuest(d.memory, w.gva, w.bytes);
  const v = d.vcpu(f.vcpu)!;
  const regs: Record<string, PayloadValue> = {};
  if (p.stale !== undefined && v.regs instanceof ArmVcpu) {
    for (const i of [0, 1, 2, 3, 4, 12])
      regs[`x${i}`] = (p.stale << 32n) | (v.regs.x[i]! & 0xffffffffn);
  }
  const spec = p.spec;
  const registers = p.args
    .map((a, i) => [`a${i}`, a] as const)
    // The runner fills the struct's register with the struct's address.
    .filter(([k]) => !(spec && k === `a${spec.argIndex}`));
  const step: HypercallStep = {
    kind: "hypercall",
    index: 0,
    pos: { line: 0, col: 0 },
    dom: f.domid,
    vcpu: f.vcpu,
    op: p.nr,
    ...(spec ? { cmd: Number(p.args[0]) } : {}),
    args: { ...(spec ? payloadOf(f) : {}), ...Object.fromEntries(registers) },
    regs,
    hvc: p.hvc,
  };
  const before = session.hv.trace.seq;
  let r: ReturnType<typeof runHypercallStep>;
  try {
    const at = spec ? Number(p.args[spec.argIndex]) : undefined;
    r = runHypercallStep(session.hv, v, step, new Map(), lookup(session), at);
  } catch (err) {
    return { ok: false, text: err instanceof Error ? err.message : String(err), entries: [] };
  }
  const entries = session.hv.trace.since(before);
  if (r.trap) return { ok: false, text: r.trap, entries };
  const ret = r.ret;
  return {
    ok: ret >= 0,
    ret,
    text: `${hypercallName(p.nr)} returned ${formatRet(ret)}${ret < 0 ? ` (${ret})` : ""}`,
    entries,
    // Xen wrote the buffer only when the call succeeded.
    output: ret >= 0 ? readBack(session, f, p, r.out) : undefined,
  };
}
