/**
 * Guest virtual -> guest physical through the guest's own i386 page tables, the walk
 * Xen does for hypercall arguments of an HVM guest (xen/arch/x86/mm/guest_walk.c,
 * called from hvm_copy_from_guest_linear). Two levels from CR3: a page directory of
 * 1024 PDEs, each a 4 MiB PSE page (PS set and CR4.PSE) or a page table of 1024 PTEs.
 * With CR0.PG clear the linear address is the physical one. A missing entry is a
 * fault: undefined, never an exception (v86's own helper would panic the emulator).
 *
 * Not modelled: PAE paging (CR4.PAE: treated as a fault), access rights and the
 * accessed/dirty bits Xen's walk sets.
 */
const PTE_P = 0x1;
const PDE_PS = 0x80;
const CR0_PG = 0x80000000;
const CR4_PSE = 0x10;
const CR4_PAE = 0x20;

export type ReadPhys32 = (pa: number) => number | undefined;

export function walkI386(
  read32: ReadPhys32,
  cr0: number,
  cr3: number,
  cr4: number,
  va: number,
): number | undefined {
  if (!Number.isInteger(va) || va < 0 || va > 0xffffffff) return undefined;
  if (!(cr0 & CR0_PG)) return va;
  if (cr4 & CR4_PAE) return undefined;
  const pde = read32(((cr3 & ~0xfff) >>> 0) + (va >>> 22) * 4);
  if (pde === undefined || !(pde & PTE_P)) return undefined;
  if (pde & PDE_PS && cr4 & CR4_PSE) return ((pde & 0xffc00000) | (va & 0x3fffff)) >>> 0;
  const pte = read32(((pde & ~0xfff) >>> 0) + ((va >>> 12) & 0x3ff) * 4);
  if (pte === undefined || !(pte & PTE_P)) return undefined;
  return ((pte & ~0xfff) | (va & 0xfff)) >>> 0;
}
