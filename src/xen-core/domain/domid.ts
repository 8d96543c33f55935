/**
 * Domain id allocation, as xen/common/domid.c does it: an exact id below
 * DOMID_FIRST_RESERVED if free; DOMID_ANY searches round-robin after the last id
 * handed out, wrapping to 1, never returning 0 (reserved for the first boot domain).
 * Any other reserved id, a taken id, or exhaustion → DOMID_INVALID (do_domctl turns
 * that into -EEXIST).
 */
import { DOMID } from "../abi/xen";

export class DomidAllocator {
  private readonly used = new Uint8Array(DOMID.DOMID_FIRST_RESERVED);
  /** `static domid_t domid_last` in domid.c: only DOMID_ANY allocations move it. */
  private last = 0;

  alloc(requested: number): number {
    if (requested >= DOMID.DOMID_FIRST_RESERVED && requested !== DOMID.DOMID_ANY) {
      return DOMID.DOMID_INVALID;
    }
    if (requested < DOMID.DOMID_FIRST_RESERVED) {
      if (this.used[requested]) return DOMID.DOMID_INVALID;
      this.used[requested] = 1;
      return requested;
    }
    let bound = DOMID.DOMID_FIRST_RESERVED;
    let id = this.findFree(this.last + 1, bound);
    if (id >= bound && this.last !== 0) {
      bound = this.last + 1;
      id = this.findFree(1, bound);
    }
    if (id >= bound) return DOMID.DOMID_INVALID;
    this.used[id] = 1;
    this.last = id;
    return id;
  }

  free(domid: number): void {
    if (domid < DOMID.DOMID_FIRST_RESERVED) this.used[domid] = 0;
  }

  private findFree(from: number, bound: number): number {
    for (let id = from; id < bound; id++) if (!this.used[id]) return id;
    return bound;
  }
}
