/**
 * printf conversions as Xen's vsnprintf does them (xen/common/vsprintf.c), for
 * messages that must match the real console byte for byte.
 */

/** `%#x`: "0" for zero (C prints no prefix then), otherwise "0x" + lowercase hex. */
export function hashX(value: number | bigint): string {
  const v = typeof value === "bigint" ? value : BigInt(value >>> 0);
  return v === 0n ? "0" : `0x${v.toString(16)}`;
}

/** `%u` of an unsigned 32-bit value. */
export function u32(value: number): string {
  return String(value >>> 0);
}

/** `%016lx`-style fixed-width lowercase hex. */
export function hexPad(value: number | bigint, width: number): string {
  const v = typeof value === "bigint" ? value : BigInt(value);
  return BigInt.asUintN(64, v).toString(16).padStart(width, "0");
}
