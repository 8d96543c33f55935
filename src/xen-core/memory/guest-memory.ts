/**
 * Guest memory as Xen sees it: guest-physical bytes, and the translation of a guest
 * virtual address through the guest's own page tables (Xen's copy_from_guest /
 * copy_to_guest path; on Arm `gvirt_to_maddr`, on x86 `hvm_copy_from_guest_linear`).
 *
 * xen-core touches guest state only through this interface, so what a guest kernel
 * reads is exactly what the model wrote. Modelled domains use RamGuestMemory; the
 * emulator gives emulated domains an implementation over v86's RAM.
 */
import { PAGE_SIZE } from "../ids";

export interface GuestMemory {
  /**
   * Copy `length` guest-physical bytes (into `into` when given, from its start);
   * undefined if any byte is not backed by RAM.
   */
  readPhys(gpa: number, length: number, into?: Uint8Array): Uint8Array | undefined;
  /** Write guest-physical bytes; false (nothing written) if any byte is not backed. */
  writePhys(gpa: number, bytes: Uint8Array): boolean;
  /** Guest virtual → guest physical; undefined when the walk faults. */
  translate(gva: number): number | undefined;
  /** Whether every byte of the range is backed (a write there would succeed). */
  isMapped(gpa: number, length: number): boolean;
  /**
   * A live view of one guest frame (PAGE_SIZE bytes at gfn << PAGE_SHIFT), as Xen's
   * map_domain_page_global gives it: writes through it are the guest's bytes. Optional:
   * without it, Xen's mapped pages (shared_info, vcpu_info, FIFO control blocks and
   * event words) are read and written through readPhys/writePhys.
   */
  frame?(gfn: number): Uint8Array | undefined;
  /**
   * Put a Xen-owned page into the physmap at `gfn` so that the guest and Xen share its
   * bytes (XENMAPSPACE_shared_info). Optional: without it Xen copies the page into the
   * guest's frame and uses that frame from then on, which neither side can tell apart.
   * `removeRam`: the RAM frame that was there is given back (x86), or only unmapped
   * and still counted in tot_pages (Arm).
   */
  mapXenPage?(gfn: number, page: Uint8Array, removeRam: boolean): void;
}

/**
 * Sparse page-granular RAM for modelled domains. Pages exist once populated
 * (XENMEM_populate_physmap or the toolstack's own buffers). The guest's MMU is off, so
 * a virtual address is its physical address: the state of an Arm vCPU before its
 * kernel enables SCTLR_EL1.M, where Xen's stage-1 walk is the identity.
 */
export class RamGuestMemory implements GuestMemory {
  /** Bytes of frames that have been touched; populated frames get theirs lazily. */
  private readonly bytes = new Map<number, Uint8Array>();
  /** Frames populated one by one. */
  private readonly singles = new Set<number>();
  /**
   * Xen-owned pages mapped into the physmap (XENMAPSPACE_shared_info): they shadow
   * whatever RAM the frame held and are not counted in tot_pages.
   */
  private readonly xenPages = new Map<number, Uint8Array>();
  /** Frames populated in bulk (dom0's boot allocation): [start, start + count). */
  private readonly ranges: { start: number; count: number }[] = [];
  private rangePages = 0;

  get populatedPages(): number {
    return this.singles.size + this.rangePages;
  }

  hasPage(pfn: number): boolean {
    if (this.singles.has(pfn) || this.xenPages.has(pfn)) return true;
    for (const r of this.ranges) if (pfn >= r.start && pfn < r.start + r.count) return true;
    return false;
  }

  /** The populated frames as sorted, maximal contiguous runs [start, count]. */
  populatedRuns(): [number, number][] {
    const starts = [...this.singles].sort((a, b) => a - b);
    const runs: [number, number][] = this.ranges.map((r) => [r.start, r.count]);
    for (const pfn of starts) runs.push([pfn, 1]);
    runs.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const r of runs) {
      const last = merged[merged.length - 1];
      if (last && last[0] + last[1] === r[0]) last[1] += r[1];
      else merged.push([r[0], r[1]]);
    }
    return merged;
  }

  /** Back one guest frame with zeroed RAM; false if it already was. */
  populate(pfn: number): boolean {
    if (this.hasPage(pfn)) return false;
    this.singles.add(pfn);
    return true;
  }

  /** Back `count` frames from `start` (the caller guarantees they are not backed yet). */
  populateRange(start: number, count: number): void {
    this.ranges.push({ start, count });
    this.rangePages += count;
  }

  /**
   * Map a Xen-owned page at `pfn` (guest_physmap_add_entry of a xenheap page): the
   * guest then reads and writes Xen's bytes there. `removeRam` also gives back a RAM
   * frame that was mapped at `pfn` (x86 removes and frees it; Arm only unmaps it, the
   * page stays allocated to the domain).
   */
  mapXenPage(pfn: number, page: Uint8Array, removeRam: boolean): void {
    for (const [other, p] of this.xenPages) if (p === page) this.xenPages.delete(other);
    if (removeRam) this.release(pfn);
    this.xenPages.set(pfn, page);
  }

  /** The first `limit` guest frames backed by RAM, in ascending order. */
  populatedFrames(limit = Infinity): number[] {
    const out: number[] = [];
    const singles = [...this.singles].sort((a, b) => a - b);
    const ranges = [...this.ranges].sort((a, b) => a.start - b.start);
    let i = 0;
    for (const r of ranges) {
      while (i < singles.length && singles[i]! < r.start && out.length < limit)
        out.push(singles[i++]!);
      for (let p = r.start; p < r.start + r.count && out.length < limit; p++) out.push(p);
    }
    while (i < singles.length && out.length < limit) out.push(singles[i++]!);
    return out;
  }

  /** Remove a single frame's backing (decrease_reservation). */
  release(pfn: number): boolean {
    this.bytes.delete(pfn);
    return this.singles.delete(pfn);
  }

  frame(gfn: number): Uint8Array | undefined {
    return this.hasPage(gfn) ? this.page(gfn) : undefined;
  }

  private page(pfn: number): Uint8Array {
    const xen = this.xenPages.get(pfn);
    if (xen) return xen;
    let page = this.bytes.get(pfn);
    if (!page) {
      page = new Uint8Array(PAGE_SIZE);
      this.bytes.set(pfn, page);
    }
    return page;
  }

  translate(gva: number): number | undefined {
    return Number.isSafeInteger(gva) && gva >= 0 ? gva : undefined;
  }

  readPhys(gpa: number, length: number, into?: Uint8Array): Uint8Array | undefined {
    if (!this.isMapped(gpa, length)) return undefined;
    const off = gpa % PAGE_SIZE;
    if (off + length <= PAGE_SIZE) {
      const src = this.page((gpa - off) / PAGE_SIZE);
      if (!into) return src.slice(off, off + length);
      for (let i = 0; i < length; i++) into[i] = src[off + i]!;
      return into;
    }
    const out = into ?? new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const addr = gpa + done;
      const pageOff = addr % PAGE_SIZE;
      const n = Math.min(length - done, PAGE_SIZE - pageOff);
      out.set(this.page((addr - pageOff) / PAGE_SIZE).subarray(pageOff, pageOff + n), done);
      done += n;
    }
    return out;
  }

  writePhys(gpa: number, bytes: Uint8Array): boolean {
    if (!this.isMapped(gpa, bytes.length)) return false;
    let done = 0;
    while (done < bytes.length) {
      const addr = gpa + done;
      const pageOff = addr % PAGE_SIZE;
      const n = Math.min(bytes.length - done, PAGE_SIZE - pageOff);
      this.page((addr - pageOff) / PAGE_SIZE).set(bytes.subarray(done, done + n), pageOff);
      done += n;
    }
    return true;
  }

  isMapped(gpa: number, length: number): boolean {
    if (
      !Number.isSafeInteger(gpa) ||
      gpa < 0 ||
      length < 0 ||
      !Number.isSafeInteger(gpa + length)
    ) {
      return false;
    }
    if (length === 0) return true;
    const first = Math.floor(gpa / PAGE_SIZE);
    const last = Math.floor((gpa + length - 1) / PAGE_SIZE);
    for (let pfn = first; pfn <= last; pfn++) if (!this.hasPage(pfn)) return false;
    return true;
  }
}
