/**
 * copy_from_guest / copy_to_guest: a hypercall's struct argument is a guest virtual
 * address. Translation happens page by page, as Xen's copy routines do, and any fault
 * means -EFAULT for the hypercall (xen/arch/arm/guestcopy.c, xen/arch/x86/hvm/hvm.c).
 */
import { PAGE_SIZE } from "../ids";
import type { GuestMemory } from "./guest-memory";

/** A guest handle as a number, if the model can represent it exactly. */
function toAddress(gva: bigint | number): number | undefined {
  if (typeof gva === "number") return Number.isSafeInteger(gva) && gva >= 0 ? gva : undefined;
  return gva >= 0n && gva <= MAX_SAFE ? Number(gva) : undefined;
}
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Copy `length` bytes from the guest; into `into` when given (a caller's scratch
 * buffer, as Xen copies into a struct on its stack), otherwise into a new array.
 */
export function copyFromGuest(
  mem: GuestMemory,
  gva: bigint | number,
  length: number,
  into?: Uint8Array,
): Uint8Array | undefined {
  const start = toAddress(gva);
  if (start === undefined) return undefined;
  if ((start % PAGE_SIZE) + length <= PAGE_SIZE) {
    // Within one page: one translation (the common case for hypercall structs).
    const pa = mem.translate(start);
    return pa === undefined ? undefined : mem.readPhys(pa, length, into);
  }
  const out = into ?? new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const va = start + done;
    const n = Math.min(length - done, PAGE_SIZE - (va % PAGE_SIZE));
    const pa = mem.translate(va);
    if (pa === undefined) return undefined;
    const chunk = mem.readPhys(pa, n);
    if (!chunk) return undefined;
    out.set(chunk, done);
    done += n;
  }
  return out;
}

export function copyToGuest(mem: GuestMemory, gva: bigint | number, bytes: Uint8Array): boolean {
  const start = toAddress(gva);
  if (start === undefined) return false;
  if ((start % PAGE_SIZE) + bytes.length <= PAGE_SIZE) {
    const pa = mem.translate(start);
    return pa !== undefined && mem.writePhys(pa, bytes);
  }
  // Translate every page first so a fault writes nothing (the model never half-writes).
  const pieces: { pa: number; from: number; n: number }[] = [];
  let done = 0;
  while (done < bytes.length) {
    const va = start + done;
    const n = Math.min(bytes.length - done, PAGE_SIZE - (va % PAGE_SIZE));
    const pa = mem.translate(va);
    if (pa === undefined || !mem.isMapped(pa, n)) return false;
    pieces.push({ pa, from: done, n });
    done += n;
  }
  for (const p of pieces) mem.writePhys(p.pa, bytes.subarray(p.from, p.from + p.n));
  return true;
}
