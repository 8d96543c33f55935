/**
 * Turning scenario payload values into numbers: literals, `$saved` references, and
 * names from a table (CDF flag names, XENVER_* ...). Errors are returned as text for
 * the runner to report against the step.
 */
import type { PayloadValue } from "./types";

export type Saved = ReadonlyMap<string, bigint>;

export class PayloadError extends Error {}

/** A scalar as a bigint; names are looked up in `names` when given. */
export function toBig(
  value: PayloadValue,
  saved: Saved,
  what: string,
  names?: (name: string) => bigint | undefined,
): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number") {
    if (!Number.isInteger(value))
      throw new PayloadError(`${what} must be an integer, got ${value}`);
    return BigInt(value);
  }
  if (typeof value === "boolean") return value ? 1n : 0n;
  if (typeof value === "string") {
    const named = names?.(value);
    if (named !== undefined) return named;
    throw new PayloadError(`${what}: unknown name '${value}'`);
  }
  if (Array.isArray(value)) throw new PayloadError(`${what} must be a single value, not a list`);
  const ref = (value as { ref: string }).ref;
  const v = saved.get(ref);
  if (v === undefined) throw new PayloadError(`${what}: $${ref} was not saved by an earlier step`);
  return v;
}

/** A value that must fit an unsigned field of `bits` bits. */
export function toUnsigned(
  value: PayloadValue,
  saved: Saved,
  what: string,
  bits: number,
  names?: (name: string) => bigint | undefined,
): bigint {
  const v = toBig(value, saved, what, names);
  // Negative numbers are accepted as their two's complement (-1 for "all ones").
  if (v < -(1n << BigInt(bits - 1)) || v >= 1n << BigInt(bits)) {
    throw new PayloadError(`${what} does not fit in ${bits} bits: ${v}`);
  }
  return BigInt.asUintN(bits, v);
}

/** OR together a list (or one value) of names and numbers: `flags: [hvm, hap, 0x1000]`. */
export function toMask(
  value: PayloadValue,
  saved: Saved,
  what: string,
  names: (name: string) => bigint | undefined,
): bigint {
  const items = Array.isArray(value) ? value : [value];
  let mask = 0n;
  for (const item of items) mask |= toUnsigned(item as PayloadValue, saved, what, 32, names);
  return mask;
}
