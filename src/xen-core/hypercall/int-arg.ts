/**
 * A register-sized hypercall argument as a handler's `int` or `unsigned int` parameter
 * sees it: C keeps the low 32 bits (xen/include/hypercall-defs.c gives handlers their
 * prototypes; the argument registers are 64-bit on arm64 and x86-64 Xen).
 *
 * Hot path: BigInt.asIntN allocates, so the common small non-negative value takes a
 * comparison only.
 */
export function intArg(reg: bigint): number {
  return reg >= 0n && reg < 0x80000000n ? Number(reg) : Number(BigInt.asIntN(32, reg));
}
