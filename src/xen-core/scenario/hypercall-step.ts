/**
 * A `hypercall:` step: a modelled guest vCPU loads its registers the way its
 * execution state dictates and traps into Xen. Struct arguments are given by Xen's
 * field names (hypercall-structs.ts): the struct goes into the calling domain's memory
 * (see argumentBuffer) and its address into the op's argument register; OUT fields are
 * read back for `save:`.
 * - Arm AArch64: number in x16, arguments x0..x4, `HVC #imm`; result x0.
 * - Arm AArch32: number in r12, arguments r0..r4 (the low halves only: the top halves
 *   keep whatever the scenario's `regs:` left there, which is the argo-thread
 *   subject), result r0.
 * - x86 (32-bit register convention of labkernel): EAX number, EBX ECX EDX ESI EDI.
 */
import { HYPERVISOR, XENVER } from "../abi/xen";
import { VCPUOP } from "../abi/guest-ops";
import type { Domain } from "../domain/domain";
import type { HvcOutcome } from "../hypercall/arm-trap";
import { isCompatCaller } from "../hypercall/compat";
import { DOM0_HYPERCALL_BUFFER_PFN, type Hypervisor } from "../hypervisor/hypervisor";
import { PAGE_SIZE } from "../ids";
import { StructBuf } from "../memory/struct-buf";
import { STRUCT_SUBOP_NAMES, structSpec, type StructSpec } from "./hypercall-structs";
import { ArmVcpu } from "../vcpu/arm-vcpu";
import type { Vcpu } from "../vcpu/vcpu";
import type { X86Vcpu } from "../vcpu/x86-vcpu";
import { PayloadError, toUnsigned, type Saved } from "./payload";
import type { HypercallStep } from "./types";

const LOW32 = 0xffffffffn;
const HIGH32 = ~LOW32 & 0xffffffffffffffffn;

export function hypercallNumber(op: string | number): number | undefined {
  if (typeof op === "number") return op;
  const key = `__HYPERVISOR_${op.replace(/^__HYPERVISOR_/, "")}` as keyof typeof HYPERVISOR;
  return HYPERVISOR[key];
}

/** Sub-op names a step may give as `cmd:` (XENVER_*, EVTCHNOP_*, XENMEM_*, ...). */
function subOpNumber(name: string): bigint | undefined {
  const v = (XENVER as Record<string, number>)[name] ?? STRUCT_SUBOP_NAMES[name];
  return v === undefined ? undefined : BigInt(v);
}

/** Scenario names for values: the caller's (DOMID_*, VIRQ_*, domain names, ...). */
export type NameLookup = (name: string) => bigint | undefined;

/** Where dom0 puts a step's struct: a page of its hypercall buffer xenctrl leaves free. */
const DOM0_STRUCT_GPA = (DOM0_HYPERCALL_BUFFER_PFN + 8) * PAGE_SIZE;

/**
 * Where a step's struct goes in the caller's memory: dom0's spare buffer page, the
 * modelled kernel's scratch page (`argumentGpa`), or the domain's last RAM frame.
 */
export function argumentBuffer(d: Domain, argumentGpa?: number): number | undefined {
  if (d.domid === 0) return DOM0_STRUCT_GPA;
  if (argumentGpa !== undefined) return argumentGpa;
  const frames = d.ram.populatedFrames();
  const last = frames[frames.length - 1];
  return last === undefined ? undefined : last * PAGE_SIZE;
}

interface Loaded {
  readonly spec?: StructSpec;
  readonly struct?: StructBuf;
  readonly gpa?: number;
}

/** Encode the struct fields of `step.args` (the rest must be a0..a4). */
function encodeStruct(
  spec: StructSpec,
  step: HypercallStep,
  saved: Saved,
  names: NameLookup,
  gpa: number,
  mem: Domain["memory"],
): StructBuf {
  const s = new StructBuf(spec.size);
  let listAt = gpa + ((spec.size + 7) & ~7);
  for (const [key, value] of Object.entries(step.args)) {
    if (/^a[0-4]$/.test(key)) continue;
    const field = spec.fields[key];
    if (!field) {
      throw new PayloadError(
        `this op's struct has no field '${key}'; fields: ${Object.keys(spec.fields).join(", ")}`,
      );
    }
    const [off, width] = field;
    const list = spec.lists?.[key];
    if (list && Array.isArray(value)) {
      const items = new StructBuf(value.length * list.itemBytes);
      value.forEach((item, i) => {
        const n = toUnsigned(item as never, saved, key, list.itemBytes * 8, names);
        if (list.itemBytes === 8) items.setU64(i * 8, n);
        else items.setU32(i * 4, Number(n));
      });
      mem.writePhys(listAt, items.bytes);
      s.setU64(off, listAt);
      if (step.args[list.count] === undefined) {
        const [coff, cw] = spec.fields[list.count]!;
        if (cw === 8) s.setU64(coff, value.length);
        else s.setU32(coff, value.length);
      }
      listAt += items.bytes.length;
      continue;
    }
    const n = toUnsigned(value, saved, key, width * 8, names);
    if (width === 8) s.setU64(off, n);
    else if (width === 4) s.setU32(off, Number(n));
    else if (width === 2) s.setU16(off, Number(n));
    else s.setU8(off, Number(n));
  }
  return s;
}

/** Load the step's registers into the vCPU (and its struct into guest memory). */
function loadRegisters(
  hv: Hypervisor,
  v: Vcpu,
  step: HypercallStep,
  saved: Saved,
  nr: number,
  names: NameLookup,
  argumentGpa: number | undefined,
): Loaded {
  const args: (bigint | undefined)[] = [undefined, undefined, undefined, undefined, undefined];
  const lookup = (n: string) => subOpNumber(n) ?? names(n);
  if (step.cmd !== undefined) args[0] = toUnsigned(step.cmd, saved, "cmd", 64, lookup);
  const d = hv.domain(v.domid)!;
  const spec = structSpec(nr, args[0], isCompatCaller(hv, d, v));
  const structKeys = Object.keys(step.args).filter((k) => !/^a[0-4]$/.test(k));
  let loaded: Loaded = {};
  if (structKeys.length || (spec && step.args[`a${spec.argIndex}`] === undefined)) {
    if (!spec) {
      throw new PayloadError(
        `hypercall argument '${structKeys[0]}' is not a register (a0..a4), and this op has no struct the lab models`,
      );
    }
    const gpa = argumentBuffer(d, argumentGpa);
    if (gpa === undefined)
      throw new PayloadError(`domain ${d.domid} has no RAM to hold the hypercall's struct`);
    const struct = encodeStruct(spec, step, saved, lookup, gpa, d.memory);
    d.memory.writePhys(gpa, struct.bytes);
    args[spec.argIndex] = BigInt(gpa);
    loaded = { spec, struct, gpa };
  }
  if (
    nr === HYPERVISOR.__HYPERVISOR_vcpu_op &&
    args[0] === BigInt(VCPUOP.VCPUOP_register_vcpu_info)
  )
    args[1] = BigInt(v.vcpuId); // the vcpuid argument: the calling vCPU unless given
  for (const [key, value] of Object.entries(step.args)) {
    const m = /^a([0-4])$/.exec(key);
    if (m) args[Number(m[1])] = toUnsigned(value, saved, key, 64, lookup);
  }
  const r = v.regs;
  if (r instanceof ArmVcpu) {
    for (const [key, value] of Object.entries(step.regs ?? {})) {
      const m = /^([xr])(\d+)$/.exec(key);
      const i = m ? Number(m[2]) : -1;
      if (!m || i > 30 || (m[1] === "r" && i > 14))
        throw new PayloadError(`unknown Arm register '${key}' (x0..x30, r0..r14)`);
      const val = toUnsigned(value, saved, key, m[1] === "x" ? 64 : 32);
      r.x[i] = m[1] === "x" ? val : (r.x[i]! & HIGH32) | val;
    }
    const aarch32 = r.executingAArch32;
    const put = (i: number, val: bigint) => {
      r.x[i] = aarch32 ? (r.x[i]! & HIGH32) | (val & LOW32) : val;
    };
    put(aarch32 ? 12 : 16, BigInt(nr >>> 0));
    args.forEach((a, i) => a !== undefined && put(i, a));
    return loaded;
  }
  const x = r as X86Vcpu;
  const regNames = ["ebx", "ecx", "edx", "esi", "edi"] as const;
  for (const [key, value] of Object.entries(step.regs ?? {})) {
    if (!(["eax", ...regNames] as string[]).includes(key))
      throw new PayloadError(`unknown x86 register '${key}'`);
    x[key as (typeof regNames)[number]] = Number(toUnsigned(value, saved, key, 32));
  }
  x.eax = nr >>> 0;
  args.forEach((a, i) => {
    if (a !== undefined) x[regNames[i]!] = Number(a & LOW32);
  });
  return loaded;
}

export interface HypercallStepResult {
  /** The result as the guest sees it (signed). */
  readonly ret: number;
  /** An OUT field of the struct after the call, for `save:`. */
  readonly out: (field: string) => bigint | undefined;
  /**
   * Set when the HVC was not a hypercall (SMCCC, a debug trap, an injected undefined
   * instruction): the result register then holds no hypercall result.
   */
  readonly trap?: string;
}

/** Issue the step's hypercall; returns the result and the struct's OUT fields. */
export function runHypercallStep(
  hv: Hypervisor,
  v: Vcpu,
  step: HypercallStep,
  saved: Saved,
  names: NameLookup = () => undefined,
  argumentGpa?: number,
): HypercallStepResult {
  const nr = hypercallNumber(step.op);
  if (nr === undefined) throw new PayloadError(`unknown hypercall '${step.op}'`);
  const loaded = loadRegisters(hv, v, step, saved, nr, names, argumentGpa);
  const r = v.regs;
  let ret: number;
  let trap: string | undefined;
  if (r instanceof ArmVcpu) {
    const imm = step.hvc ?? 0xea1;
    trap = trapDescription(imm, hv.armHvc(v, imm));
    ret = r.executingAArch32
      ? Number(BigInt.asIntN(32, r.x[0]!))
      : Number(BigInt.asIntN(64, r.x[0]!));
  } else {
    const x = r as X86Vcpu;
    ret = hv.hypercall(
      v,
      x.eax,
      [x.ebx, x.ecx, x.edx, x.esi, x.edi].map((n) => BigInt(n >>> 0)),
    );
    x.eax = ret >>> 0;
  }
  const { spec, gpa } = loaded;
  const after =
    spec && gpa !== undefined ? hv.domain(v.domid)?.memory.readPhys(gpa, spec.size) : undefined;
  const out = (field: string): bigint | undefined => {
    if (!spec || !after || !spec.out.includes(field)) return undefined;
    const [off, width] = spec.fields[field]!;
    const s = new StructBuf(after);
    return width === 8
      ? s.u64(off)
      : BigInt(width === 4 ? s.u32(off) : width === 2 ? s.u16(off) : s.u8(off));
  };
  return trap ? { ret, out, trap } : { ret, out };
}

/** What an HVC that did not reach the hypercall table did instead. */
function trapDescription(imm: number, outcome: HvcOutcome): string | undefined {
  const hvc = `HVC #0x${imm.toString(16)}`;
  switch (outcome.kind) {
    case "hypercall":
      return undefined;
    case "debug-trap":
      return `${hvc}: debug trap 0x${outcome.code.toString(16)}`;
    case "smccc":
      return `${hvc}: SMCCC call, not a hypercall`;
    case "undef":
      return `${hvc}: undefined instruction injected`;
  }
}
