/**
 * hvm_hypercall() for 32-bit callers (xen/arch/x86/hvm/hypercall.c) and
 * clobber_regs32 (xen/arch/x86/include/asm/hypercall.h): who may call, and which
 * registers a debug build poisons afterwards.
 */
import { describe, expect, it } from "vitest";
import { getProfile } from "../profiles/profiles";
import { HYPERCALL_ARGS_HVM32, hvm32Clobbered, hvm32Refusal } from "./x86-hvm-call";

describe("hvm32 hypercall entry", () => {
  it("refuses CPL > 0 and virtual-8086 mode, accepts ring 0 and real mode", () => {
    expect(hvm32Refusal(true, false, 0)).toBeUndefined();
    expect(hvm32Refusal(false, false, 0)).toBeUndefined();
    expect(hvm32Refusal(true, false, 3)).toBe(-1);
    expect(hvm32Refusal(true, true, 3)).toBe(-1);
  });

  it("poisons the used argument registers in debug builds only, never after -ENOSYS", () => {
    const debug = getProfile("upstream")!;
    const release = getProfile("upstream-release")!;
    expect(hvm32Clobbered(debug, 17, 0x40016)).toBe(2); // xen_version(cmd, arg)
    expect(hvm32Clobbered(debug, 18, 0)).toBe(3); // console_io(cmd, count, buffer)
    expect(hvm32Clobbered(debug, 36, -1)).toBe(1); // domctl(u_domctl), even on failure
    expect(hvm32Clobbered(debug, 32, -38)).toBe(0);
    expect(hvm32Clobbered(debug, 29, 0, true)).toBe(0);
    expect(hvm32Clobbered(debug, 1, -22)).toBe(0); // mmu_update: not in the hvm32 table
    expect(hvm32Clobbered(release, 17, 0x40016)).toBe(0);
    expect(HYPERCALL_ARGS_HVM32[39]).toBeUndefined(); // argo_op: CONFIG_ARGO is off
  });
});
