/**
 * A page Xen keeps mapped for a domain (map_domain_page_global in
 * xen/common/event_fifo.c map_guest_page, xen/common/domain.c map_guest_area, and the
 * xenheap shared_info page of arch_domain_create): the event channel code reads and
 * writes guest-visible state through it with little-endian byte, word and bit access,
 * as Xen's guest_test_and_set_bit and friends do.
 *
 * Two backings: the bytes themselves (a Xen-owned page, or a live frame a GuestMemory
 * hands out), or, for a GuestMemory that cannot lend frames, copies through
 * readPhys/writePhys. Either way, the guest sees every write at once.
 */
import { PAGE_SIZE } from "../ids";
import type { GuestMemory } from "./guest-memory";
import { StructBuf } from "./struct-buf";

export interface MappedPage {
  /** The guest frame, or undefined for a Xen-owned page not (yet) in the physmap. */
  readonly gfn: number | undefined;
  u8(off: number): number;
  setU8(off: number, v: number): unknown;
  u32(off: number): number;
  setU32(off: number, v: number): unknown;
}

/** A page whose bytes the model holds (xenheap, or a frame lent by GuestMemory.frame). */
export class BytesPage extends StructBuf implements MappedPage {
  constructor(
    bytes: Uint8Array,
    readonly gfn: number | undefined = undefined,
  ) {
    super(bytes);
  }
}

/** A guest frame reached through readPhys/writePhys only (slower; same semantics). */
export class CopyPage implements MappedPage {
  private readonly scratch = new Uint8Array(4);
  private readonly base: number;

  constructor(
    private readonly mem: GuestMemory,
    readonly gfn: number,
  ) {
    this.base = gfn * PAGE_SIZE;
  }

  u8(off: number): number {
    return this.mem.readPhys(this.base + off, 1, this.scratch)?.[0] ?? 0;
  }
  setU8(off: number, v: number): void {
    this.scratch[0] = v;
    this.mem.writePhys(this.base + off, this.scratch.subarray(0, 1));
  }
  u32(off: number): number {
    const b = this.mem.readPhys(this.base + off, 4, this.scratch);
    if (!b) return 0;
    return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
  }
  setU32(off: number, v: number): void {
    const b = this.scratch;
    b[0] = v;
    b[1] = v >>> 8;
    b[2] = v >>> 16;
    b[3] = v >>> 24;
    this.mem.writePhys(this.base + off, b);
  }
}

/** A Xen-owned page (alloc_xenheap_page), zeroed. */
export function xenPage(): BytesPage {
  return new BytesPage(new Uint8Array(PAGE_SIZE));
}

/**
 * get_page_from_gfn + map_domain_page_global: the frame at `gfn` if it is guest RAM
 * (every frame a modelled guest can write is), else undefined (Xen's -EINVAL).
 */
export function mapGuestFrame(mem: GuestMemory, gfn: number): MappedPage | undefined {
  if (!Number.isSafeInteger(gfn) || gfn < 0 || gfn > Number.MAX_SAFE_INTEGER / PAGE_SIZE)
    return undefined;
  if (mem.frame) {
    const bytes = mem.frame(gfn);
    return bytes ? new BytesPage(bytes, gfn) : undefined;
  }
  return mem.isMapped(gfn * PAGE_SIZE, PAGE_SIZE) ? new CopyPage(mem, gfn) : undefined;
}

/** test_and_set_bit on a little-endian bitmap starting at byte `base`. */
export function testAndSetBit(p: MappedPage, base: number, nr: number): boolean {
  const off = base + (nr >>> 3);
  const mask = 1 << (nr & 7);
  const b = p.u8(off);
  if (b & mask) return true;
  p.setU8(off, b | mask);
  return false;
}

/** test_and_clear_bit on a little-endian bitmap starting at byte `base`. */
export function testAndClearBit(p: MappedPage, base: number, nr: number): boolean {
  const off = base + (nr >>> 3);
  const mask = 1 << (nr & 7);
  const b = p.u8(off);
  if (!(b & mask)) return false;
  p.setU8(off, b & ~mask);
  return true;
}

export function testBit(p: MappedPage, base: number, nr: number): boolean {
  return (p.u8(base + (nr >>> 3)) & (1 << (nr & 7))) !== 0;
}

export function clearBit(p: MappedPage, base: number, nr: number): void {
  testAndClearBit(p, base, nr);
}
