/**
 * Register values as a debugger's register pane shows them: 64-bit Arm registers split
 * into their upper and lower halves (an AArch32 guest sees only the lower, as r0..r14;
 * what sits in the upper half is the argo thread's subject), decoded CPSR and HCR_EL2
 * bits, and which registers changed between two snapshots.
 */
import {
  HCR_RW,
  PSR_MODE,
  PSR_MODE_BIT,
  type ArmRegsSnapshot,
  type X86RegsSnapshot,
} from "../../xen-core";

export type RegsSnapshot = ArmRegsSnapshot | X86RegsSnapshot;

export interface RegRow {
  readonly name: string;
  /** The AArch32 name of the same register (r0..r14), when there is one. */
  readonly alias?: string;
  /** Upper half (Arm 64-bit registers only), 8 hex digits. */
  readonly high?: string;
  /** Lower half, 8 hex digits. */
  readonly low: string;
  /** What the register holds in the hypercall ABI, when it has a role. */
  readonly role?: string;
}

const hex8 = (v: bigint | number) =>
  (typeof v === "bigint" ? v & 0xffffffffn : BigInt(v >>> 0)).toString(16).padStart(8, "0");

/** Roles in Xen's Arm hypercall ABI (xen/arch/arm/traps.c do_trap_hypercall). */
function armRole(i: number, aarch32: boolean): string | undefined {
  if (i === 0) return "arg 1 / result";
  if (i >= 1 && i <= 4) return `arg ${i + 1}`;
  if (aarch32 ? i === 12 : i === 16) return "hypercall number";
  return undefined;
}

export function armRows(r: ArmRegsSnapshot): RegRow[] {
  const aarch32 = aarch32State(r);
  return r.x.map((v, i) => ({
    name: `x${i}`,
    alias: i <= 14 ? `r${i}` : undefined,
    high: hex8(v >> 32n),
    low: hex8(v),
    role: armRole(i, aarch32),
  }));
}

export function x86Rows(r: X86RegsSnapshot): RegRow[] {
  const roles: Record<string, string> = {
    eax: "hypercall number / result",
    ebx: "arg 1",
    ecx: "arg 2",
    edx: "arg 3",
    esi: "arg 4",
    edi: "arg 5",
  };
  return (["eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp", "eip"] as const).map((n) => ({
    name: n,
    low: hex8(r[n]),
    role: roles[n],
  }));
}

/** PSTATE.nRW (CPSR bit 4): the vCPU is executing in AArch32. */
export function aarch32State(r: ArmRegsSnapshot): boolean {
  return (r.cpsr & PSR_MODE_BIT) !== 0;
}

const MODE_NAMES = new Map<number, string>(
  Object.entries(PSR_MODE).map(([k, v]) => [v, k.replace("PSR_MODE_", "")]),
);

/** CPSR as `0x400001d3 (SVC, AArch32, IRQ FIQ masked)`. */
export function describeCpsr(cpsr: number): string {
  const mode = MODE_NAMES.get(cpsr & 0x1f) ?? `mode ${(cpsr & 0x1f).toString(16)}`;
  const masks = [
    cpsr & (1 << 9) ? "D" : "",
    cpsr & (1 << 8) ? "A" : "",
    cpsr & (1 << 7) ? "I" : "",
    cpsr & (1 << 6) ? "F" : "",
  ].join("");
  const state = cpsr & PSR_MODE_BIT ? "AArch32" : "AArch64";
  return `${mode}, ${state}${masks ? `, ${masks} masked` : ""}`;
}

export function hcrRw(hcr: bigint): 0 | 1 {
  return hcr & HCR_RW ? 1 : 0;
}

/** x86 CR0 as `PE PG ET`. */
export function describeCr0(cr0: number): string {
  const bits: [number, string][] = [
    [0, "PE"],
    [1, "MP"],
    [4, "ET"],
    [5, "NE"],
    [16, "WP"],
    [31, "PG"],
  ];
  return (
    bits
      .filter(([b]) => (cr0 >>> b) & 1)
      .map(([, n]) => n)
      .join(" ") || "none"
  );
}

/** Names of registers whose value differs between two snapshots of the same vCPU. */
export function changedRegisters(
  before: RegsSnapshot | undefined,
  after: RegsSnapshot,
): ReadonlySet<string> {
  const changed = new Set<string>();
  if (!before || before.kind !== after.kind || before === after) return changed;
  if (before.kind === "arm" && after.kind === "arm") {
    after.x.forEach((v, i) => v !== before.x[i] && changed.add(`x${i}`));
    if (before.pc !== after.pc) changed.add("pc");
    if (before.cpsr !== after.cpsr) changed.add("cpsr");
    if (before.hcrEl2 !== after.hcrEl2) changed.add("hcr_el2");
    return changed;
  }
  const b = before as X86RegsSnapshot;
  const a = after as X86RegsSnapshot;
  for (const k of Object.keys(a) as (keyof X86RegsSnapshot)[])
    if (k !== "kind" && a[k] !== b[k]) changed.add(k);
  return changed;
}
