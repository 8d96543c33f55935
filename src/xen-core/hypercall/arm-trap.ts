/**
 * The guest side of an Arm hypercall: the HVC trap as xen/arch/arm/traps.c and
 * xen/arch/arm/arm64/entry.S handle it.
 *
 * - Entry from AArch32 zeroes the top halves of x0..x30 since 4.17 (commit 32365f3476,
 *   clobber_gp_top_halves); before, stale upper halves reach the handlers, which read
 *   the 64-bit x0..x4 for every guest on arm64 Xen.
 * - The number is r12 (AArch32, 32 bits) or x16 (AArch64); args x0..x4; result in x0.
 * - ISS 0 → SMCCC; ISS 0xFFxx → debug trap (debug builds); ISS ≠ 0xEA1 → "Invalid HVC
 *   imm" and an undefined-instruction exception injected into the guest.
 * - Debug builds, after a call that was not -ENOSYS: the argument registers it used
 *   except x0, and the number register, become 0xDEADBEEF.
 */
import { HYPERCALL_CLOBBER_POISON } from "../abi/xen";
import { XEN_ERRNO } from "../abi/errno";
import { XEN_HYPERCALL_TAG } from "../abi/arch-arm";
import type { Profile } from "../profiles/profile";
import type { ArmVcpu } from "../vcpu/arm-vcpu";
import { HYPERCALL_ARGS_ARM } from "./dispatch";

const LOW32 = 0xffffffffn;
/** SMCCC "unknown function" (ARM_SMCCC_ERR_UNKNOWN_FUNCTION, -1) in x0/r0. */
const SMCCC_UNKNOWN_FUNCTION = BigInt.asUintN(64, -1n);

export type HvcOutcome =
  | { kind: "hypercall"; nr: number; args: bigint[]; ret: number }
  | { kind: "smccc" }
  | { kind: "debug-trap"; code: number }
  | { kind: "undef"; iss: number };

export interface HvcHooks {
  dispatch(nr: number, args: readonly bigint[]): number;
  warn(text: string): void;
  /** Console output of a debug trap (raw: the 0xfe trap prints one character). */
  debugOutput(text: string): void;
}

const hex16 = (v: bigint) => v.toString(16).padStart(16, "0");

/**
 * do_debug_trap() (traps.c, debug builds): 0xe0-0xef print a register, 0xfd the PC,
 * 0xfe one character from r0, 0xff "DEBUG" (and the execution state, not modelled).
 */
export function debugTrapText(domid: number, regs: ArmVcpu, code: number): string {
  if (code >= 0xe0 && code <= 0xef) {
    const reg = code - 0xe0;
    return `DOM${domid}: R${reg} = 0x${hex16(regs.x[reg]!)} at 0x${hex16(regs.pc)}\n`;
  }
  if (code === 0xfd) return `DOM${domid}: Reached ${hex16(regs.pc)}\n`;
  if (code === 0xfe) return String.fromCharCode(Number(regs.x[0]! & 0xffn));
  if (code === 0xff) return `DOM${domid}: DEBUG\n`;
  return `DOM${domid}: Unhandled debug trap 0x${code.toString(16)}\n`;
}

export function armHvc(
  domid: number,
  regs: ArmVcpu,
  iss: number,
  profile: Profile,
  hooks: HvcHooks,
): HvcOutcome {
  const aarch32 = regs.executingAArch32;
  if (aarch32 && profile.aarch32ZeroesUpperHalves) {
    for (let i = 0; i < 31; i++) regs.x[i] = regs.x[i]! & LOW32;
  }
  if (profile.debug && (iss & 0xff00) === 0xff00) {
    hooks.debugOutput(debugTrapText(domid, regs, iss & 0xff));
    return { kind: "debug-trap", code: iss & 0xff };
  }
  if (iss === 0) {
    regs.x[0] = aarch32 ? SMCCC_UNKNOWN_FUNCTION & LOW32 : SMCCC_UNKNOWN_FUNCTION;
    return { kind: "smccc" };
  }
  if (iss !== XEN_HYPERCALL_TAG) {
    hooks.warn(`Invalid HVC imm 0x${iss.toString(16)}`);
    regs.undefInjected++;
    return { kind: "undef", iss };
  }

  const nrReg = aarch32 ? 12 : 16;
  const nrValue = aarch32 ? regs.x[12]! & LOW32 : regs.x[16]!;
  const nr = nrValue > 0xffffffffn ? -1 : Number(nrValue);
  const args = regs.x.slice(0, 5);
  const ret = hooks.dispatch(nr, args);
  // The result register holds the sign-extended `long`.
  regs.x[0] = BigInt.asUintN(64, BigInt(ret));

  if (profile.debug && ret !== -XEN_ERRNO.ENOSYS) {
    const used = HYPERCALL_ARGS_ARM[nr] ?? 0;
    const poison = BigInt(HYPERCALL_CLOBBER_POISON);
    for (let i = used - 1; i >= 1; i--) regs.x[i] = poison;
    // r12 keeps 32 bits on AArch32 (regs->r12 = (uint32_t)nr).
    regs.x[nrReg] = poison;
  } else if (aarch32) {
    regs.x[12] = regs.x[12]! & LOW32;
  }
  return { kind: "hypercall", nr, args, ret };
}
