/**
 * p2m_dump_info() (xen/arch/arm/mmu/p2m.c): a domain's stage-2 mapping statistics.
 * Xen counts each entry it inserts at its level; populate_physmap inserts the largest
 * block the alignment and the extent allow. The model keeps populated frames, not
 * extents, so it counts the largest aligned blocks of each contiguous run: the same
 * as Xen's for populations in 2 MB extents (libxc's), an upper bound otherwise.
 * Nothing is ever shattered in the model.
 */
import type { Domain } from "../domain/domain";

const PAGES_1G = 1 << 18;
const PAGES_2M = 1 << 9;

export function p2mMappingCounts(d: Domain): { g1: number; m2: number; k4: number } {
  let g1 = 0;
  let m2 = 0;
  let k4 = 0;
  for (const [start, count] of d.ram.populatedRuns()) {
    let pfn = start;
    const end = start + count;
    while (pfn < end) {
      if (pfn % PAGES_1G === 0 && end - pfn >= PAGES_1G) {
        g1++;
        pfn += PAGES_1G;
      } else if (pfn % PAGES_2M === 0 && end - pfn >= PAGES_2M) {
        m2++;
        pfn += PAGES_2M;
      } else {
        // Up to the next 2 MB boundary (or the run's end) in 4K entries.
        const next = Math.min(end, (Math.floor(pfn / PAGES_2M) + 1) * PAGES_2M);
        k4 += next - pfn;
        pfn = next;
      }
    }
  }
  return { g1, m2, k4 };
}

export function dumpArmP2m(d: Domain, p: (s: string) => void): void {
  const c = p2mMappingCounts(d);
  p(`p2m mappings for domain ${d.domid} (vmid ${d.vmid}):`);
  p(`  1G mappings: ${c.g1} (shattered 0)`);
  p(`  2M mappings: ${c.m2} (shattered 0)`);
  p(`  4K mappings: ${c.k4}`);
}
