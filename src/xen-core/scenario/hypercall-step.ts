/**
 * A `hypercall:` step: a modelled guest vCPU loads its registers the way its
 * execution state dictates and traps into Xen.
 * - Arm AArch64: number in x16, arguments x0..x4, `HVC #imm`; result x0.
 * - Arm AArch32: number in r12, arguments r0..r4 (the low halves only: the top halves
 *   keep whatever the scenario's `regs:` left there, which is the argo-thread
 *   subject), result r0.
 * - x86 (32-bit register convention of labkernel): EAX number, EBX ECX EDX ESI EDI.
 */
import { HYPERVISOR, XENVER } from "../abi/xen";
import { EVTCHNOP } from "../abi/event-channel";
import type { Hypervisor } from "../hypervisor/hypervisor";
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

/** Sub-op names a step may give as `cmd:` (XENVER_*, EVTCHNOP_*). */
function subOpNumber(name: string): bigint | undefined {
  const v = (XENVER as Record<string, number>)[name] ?? (EVTCHNOP as Record<string, number>)[name];
  return v === undefined ? undefined : BigInt(v);
}

/** Load the step's registers into the vCPU; returns nr and the argument values. */
function loadRegisters(v: Vcpu, step: HypercallStep, saved: Saved, nr: number): void {
  const args: (bigint | undefined)[] = [undefined, undefined, undefined, undefined, undefined];
  if (step.cmd !== undefined) args[0] = toUnsigned(step.cmd, saved, "cmd", 64, subOpNumber);
  for (const [key, value] of Object.entries(step.args)) {
    const m = /^a([0-4])$/.exec(key);
    if (!m)
      throw new PayloadError(
        `hypercall argument '${key}' is not a register (a0..a4); struct arguments come with the models that use them`,
      );
    args[Number(m[1])] = toUnsigned(value, saved, key, 64);
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
    return;
  }
  const x = r as X86Vcpu;
  const names = ["ebx", "ecx", "edx", "esi", "edi"] as const;
  for (const [key, value] of Object.entries(step.regs ?? {})) {
    if (!(["eax", ...names] as string[]).includes(key))
      throw new PayloadError(`unknown x86 register '${key}'`);
    x[key as (typeof names)[number]] = Number(toUnsigned(value, saved, key, 32));
  }
  x.eax = nr >>> 0;
  args.forEach((a, i) => {
    if (a !== undefined) x[names[i]!] = Number(a & LOW32);
  });
}

export interface HypercallStepOutcome {
  /** The result register as the guest sees it (signed). */
  readonly ret: number;
  /**
   * Set when the HVC was not a hypercall (SMCCC, a debug trap, an injected undefined
   * instruction): the result register then holds no hypercall result.
   */
  readonly trap?: string;
}

/** Issue the step's hypercall and say what the guest got back. */
export function runHypercallStep(
  hv: Hypervisor,
  v: Vcpu,
  step: HypercallStep,
  saved: Saved,
): HypercallStepOutcome {
  const nr = hypercallNumber(step.op);
  if (nr === undefined) throw new PayloadError(`unknown hypercall '${step.op}'`);
  loadRegisters(v, step, saved, nr);
  const r = v.regs;
  if (r instanceof ArmVcpu) {
    const outcome = hv.armHvc(v, step.hvc ?? 0xea1);
    const ret = r.executingAArch32
      ? Number(BigInt.asIntN(32, r.x[0]!))
      : Number(BigInt.asIntN(64, r.x[0]!));
    const imm = `HVC #0x${(step.hvc ?? 0xea1).toString(16)}`;
    switch (outcome.kind) {
      case "hypercall":
        return { ret };
      case "debug-trap":
        return { ret, trap: `${imm}: debug trap 0x${outcome.code.toString(16)}` };
      case "smccc":
        return { ret, trap: `${imm}: SMCCC call, not a hypercall` };
      case "undef":
        return { ret, trap: `${imm}: undefined instruction injected` };
    }
  }
  const x = r as X86Vcpu;
  const ret = hv.hypercall(
    v,
    x.eax,
    [x.ebx, x.ecx, x.edx, x.esi, x.edi].map((n) => BigInt(n >>> 0)),
  );
  x.eax = ret >>> 0;
  return { ret };
}
