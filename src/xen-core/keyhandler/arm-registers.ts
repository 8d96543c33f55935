/**
 * Arm register dumps for debug key 'd': show_registers() / _show_registers() /
 * show_registers_32() / show_registers_64() / mode_string() / show_guest_stack() of
 * xen/arch/arm/traps.c, for the arm64 build.
 *
 * Guest registers come from the model's vCPU. EL2 state the model does not keep is a
 * fixed value Xen programs on the modelled hosts: SCTLR_EL2 is SCTLR_EL2_SET | M | C,
 * VTCR_EL2 a 40-bit IPA with 4K granules (UNVERIFIED: QEMU virt's), ESR/HPFAR/FAR_EL2
 * 0 and the p2m root address a stand-in. An idle pCPU's host state (Xen's own
 * registers) is not modelled: its dump keeps Xen's layout with zero registers and
 * leaves out the Xen stack and call trace.
 */
import { PSR_MODE, PSR_MODE_BIT } from "../abi/arch-arm";
import type { Domain } from "../domain/domain";
import type { HypervisorContext } from "../hypervisor/context";
import { hexPad } from "../format";
import type { ArmVcpu } from "../vcpu/arm-vcpu";
import type { Vcpu } from "../vcpu/vcpu";
import { printStackWords } from "./guest-stack";

type Print = (s: string) => void;

const PSR_MODE_MASK = 0x1f;
const SCTLR_EL2 = 0x30c5183dn;
const VTCR_EL2 = 0x80023558n;

const MODE_STRINGS: Readonly<Record<number, string>> = {
  [PSR_MODE.PSR_MODE_USR]: "32-bit Guest USR",
  [PSR_MODE.PSR_MODE_FIQ]: "32-bit Guest FIQ",
  [PSR_MODE.PSR_MODE_IRQ]: "32-bit Guest IRQ",
  [PSR_MODE.PSR_MODE_SVC]: "32-bit Guest SVC",
  [PSR_MODE.PSR_MODE_MON]: "32-bit Monitor",
  [PSR_MODE.PSR_MODE_ABT]: "32-bit Guest ABT",
  [PSR_MODE.PSR_MODE_HYP]: "Hypervisor",
  [PSR_MODE.PSR_MODE_UND]: "32-bit Guest UND",
  [PSR_MODE.PSR_MODE_SYS]: "32-bit Guest SYS",
  [PSR_MODE.PSR_MODE_EL3h]: "64-bit EL3h (Monitor, handler)",
  [PSR_MODE.PSR_MODE_EL3t]: "64-bit EL3t (Monitor, thread)",
  [PSR_MODE.PSR_MODE_EL2h]: "64-bit EL2h (Hypervisor, handler)",
  [PSR_MODE.PSR_MODE_EL2t]: "64-bit EL2t (Hypervisor, thread)",
  [PSR_MODE.PSR_MODE_EL1h]: "64-bit EL1h (Guest Kernel, handler)",
  [PSR_MODE.PSR_MODE_EL1t]: "64-bit EL1t (Guest Kernel, thread)",
  [PSR_MODE.PSR_MODE_EL0t]: "64-bit EL0t (Guest User)",
};

export function modeString(cpsr: number): string {
  return MODE_STRINGS[cpsr & PSR_MODE_MASK] ?? "Unknown";
}

const h16 = (v: bigint | number): string => hexPad(v, 16);
const h8 = (v: bigint | number): string => hexPad(BigInt.asUintN(32, BigInt(v)), 8);

/** print_xen_info(). */
export function xenBanner(ctx: HypervisorContext, arch: "arm64" | "x86_64"): string {
  const v = ctx.profile.xenVersion;
  const debug = ctx.profile.debug ? "y" : "n";
  return `----[ Xen-${v.major}.${v.minor}${v.extra}  ${arch}  debug=${debug}  Not tainted ]----`;
}

/** show_execution_state(guest_cpu_user_regs()) of a pCPU running `v`. */
export function armGuestState(ctx: HypervisorContext, d: Domain, v: Vcpu, cpu: number, p: Print) {
  const r = v.regs as ArmVcpu;
  p(xenBanner(ctx, "arm64"));
  p(`CPU:    ${cpu}`);
  if (r.cpsr & PSR_MODE_BIT) registers32(r, p);
  else registers64(r, p);
  el2State(r.hcrEl2, d.vmid, d.domid, p);
  guestStack(d, v, p);
}

/** An idle pCPU: Xen's own registers (not modelled; see the header). */
export function armHostState(ctx: HypervisorContext, cpu: number, p: Print): void {
  p(xenBanner(ctx, "arm64"));
  p(`CPU:    ${cpu}`);
  p(`PC:     ${h16(0)} ${h16(0)}`);
  p(`LR:     ${h16(0)}`);
  p(`SP:     ${h16(0)}`);
  const cpsr = 0x3c0 | PSR_MODE.PSR_MODE_EL2h;
  p(`CPSR:   ${h16(cpsr)} MODE:${modeString(cpsr)}`);
  xRegisters(new Array<bigint>(31).fill(0n), p);
  p("");
  el2State(0x80000038n, 0, -1, p);
}

function xRegisters(x: readonly bigint[], p: Print): void {
  const rows: [string, number][][] = [
    [
      ["     X0:", 0],
      ["  X1:", 1],
      ["  X2:", 2],
    ],
    [
      ["     X3:", 3],
      ["  X4:", 4],
      ["  X5:", 5],
    ],
    [
      ["     X6:", 6],
      ["  X7:", 7],
      ["  X8:", 8],
    ],
    [
      ["     X9:", 9],
      [" X10:", 10],
      [" X11:", 11],
    ],
    [
      ["    X12:", 12],
      [" X13:", 13],
      [" X14:", 14],
    ],
    [
      ["    X15:", 15],
      [" X16:", 16],
      [" X17:", 17],
    ],
    [
      ["    X18:", 18],
      [" X19:", 19],
      [" X20:", 20],
    ],
    [
      ["    X21:", 21],
      [" X22:", 22],
      [" X23:", 23],
    ],
    [
      ["    X24:", 24],
      [" X25:", 25],
      [" X26:", 26],
    ],
    [
      ["    X27:", 27],
      [" X28:", 28],
      ["  FP:", 29],
    ],
  ];
  for (const row of rows) p(row.map(([label, i]) => `${label} ${h16(x[i]!)}`).join(" "));
}

function registers64(r: ArmVcpu, p: Print): void {
  p(`PC:     ${h16(r.pc)}`);
  p(`LR:     ${h16(r.x[30]!)}`);
  p(`SP_EL0: ${h16(r.spEl0)}`);
  p(`SP_EL1: ${h16(r.spEl1)}`);
  p(`CPSR:   ${h16(r.cpsr)} MODE:${modeString(r.cpsr)}`);
  xRegisters(r.x, p);
  p("");
  p(`   ELR_EL1: ${h16(r.elrEl1)}`);
  p(`   ESR_EL1: ${h8(0)}`);
  p(`   FAR_EL1: ${h16(0)}`);
  p("");
  p(` SCTLR_EL1: ${h16(r.sctlr)}`);
  p(`   TCR_EL1: ${h16(r.ttbcr)}`);
  p(` TTBR0_EL1: ${h16(r.ttbr0)}`);
  p(` TTBR1_EL1: ${h16(r.ttbr1)}`);
  p("");
}

function registers32(r: ArmVcpu, p: Print): void {
  const x = (i: number): string => h8(r.x[i]!);
  p(`PC:     ${h8(r.pc)}`);
  p(`CPSR:   ${h16(r.cpsr)} MODE:${modeString(r.cpsr)}`);
  p(`     R0: ${x(0)} R1: ${x(1)} R2: ${x(2)} R3: ${x(3)}`);
  p(`     R4: ${x(4)} R5: ${x(5)} R6: ${x(6)} R7: ${x(7)}`);
  p(`     R8: ${x(8)} R9: ${x(9)} R10:${x(10)} R11:${x(11)} R12:${x(12)}`);
  // regs->lr is x30 (lr_fiq on AArch32), printed as a register_t: Xen's own quirk.
  p(`USR: SP: ${x(13)} LR: ${h16(r.x[30]!)}`);
  p(`SVC: SP: ${x(19)} LR: ${x(18)} SPSR:${h8(r.spsrEl1)}`);
  p(`ABT: SP: ${x(21)} LR: ${x(20)} SPSR:${h8(0)}`);
  p(`UND: SP: ${x(23)} LR: ${x(22)} SPSR:${h8(0)}`);
  p(`IRQ: SP: ${x(17)} LR: ${x(16)} SPSR:${h8(0)}`);
  p(`FIQ: SP: ${x(29)} LR: ${x(30)} SPSR:${h8(0)}`);
  // r11_fiq printed twice (for R11 and R12): as in Xen.
  p(`FIQ: R8: ${x(24)} R9: ${x(25)} R10:${x(26)} R11:${x(27)} R12:${x(27)}`);
  p("");
  p(`     SCTLR: ${h16(r.sctlr)}`);
  p(`       TCR: ${h16(r.ttbcr)}`);
  p(`     TTBR0: ${h16(r.ttbr0)}`);
  p(`     TTBR1: ${h16(r.ttbr1)}`);
  p(`      IFAR: ${h8(0)}, IFSR: ${h8(0)}`);
  p(`      DFAR: ${h8(0)}, DFSR: ${h8(0)}`);
  p("");
}

function el2State(hcr: bigint, vmid: number, domid: number, p: Print): void {
  const root = domid < 0 ? 0n : BigInt(0xbff00000 - domid * 0x2000);
  p(`  VTCR_EL2: ${h16(VTCR_EL2)}`);
  p(` VTTBR_EL2: ${h16((BigInt(vmid) << 48n) | root)}`);
  p("");
  p(` SCTLR_EL2: ${h16(SCTLR_EL2)}`);
  p(`   HCR_EL2: ${h16(hcr)}`);
  p(` TTBR0_EL2: ${h16(0x40000000n)}`);
  p("");
  p(`   ESR_EL2: ${h16(0)}`);
  p(` HPFAR_EL2: ${h16(0)}`);
  p(`   FAR_EL2: ${h16(0)}`);
  p("");
}

/** show_guest_stack(). */
function guestStack(d: Domain, v: Vcpu, p: Print): void {
  const r = v.regs as ArmVcpu;
  if (!v.online) return p("No stack trace, VCPU offline");
  const M = PSR_MODE;
  let sp: bigint;
  switch (r.cpsr & PSR_MODE_MASK) {
    case M.PSR_MODE_USR:
    case M.PSR_MODE_SYS:
    case M.PSR_MODE_EL0t:
      return p("No stack trace for guest user-mode");
    case M.PSR_MODE_FIQ:
      sp = r.x[29]!;
      break;
    case M.PSR_MODE_IRQ:
      sp = r.x[17]!;
      break;
    case M.PSR_MODE_SVC:
      sp = r.x[19]!;
      break;
    case M.PSR_MODE_ABT:
      sp = r.x[21]!;
      break;
    case M.PSR_MODE_UND:
      sp = r.x[23]!;
      break;
    case M.PSR_MODE_EL1t:
      sp = r.spEl0;
      break;
    case M.PSR_MODE_EL1h:
      sp = r.spEl1;
      break;
    default:
      return; // Xen BUG()s: a guest cannot be in a hypervisor or monitor mode.
  }
  p(`Guest stack trace from sp=${h16(sp)}:`);
  const gpa = sp <= BigInt(Number.MAX_SAFE_INTEGER) ? d.memory.translate(Number(sp)) : undefined;
  if (gpa === undefined || !printStackWords(d.memory, gpa, p)) {
    p("  Failed to convert stack to physical address");
  }
}
