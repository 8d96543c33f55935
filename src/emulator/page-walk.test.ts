/**
 * The i386 walk the model uses for an emulated guest's hypercall pointers, checked
 * against page tables built in a sparse "RAM" (xen/arch/x86/mm/guest_walk.c is the
 * reference: two levels from CR3, PSE 4 MiB pages when CR4.PSE, a missing entry faults).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { walkI386 } from "./page-walk";

const PG = 0x80000011;
const PSE = 0x10;

function ram() {
  const words = new Map<number, number>();
  return {
    set: (pa: number, v: number) => words.set(pa, v >>> 0),
    read32: (pa: number) => words.get(pa) ?? 0,
  };
}

describe("walkI386", () => {
  it("is the identity with paging off (real and protected mode)", () => {
    const m = ram();
    expect(walkI386(m.read32, 0x60000010, 0, 0, 0x7c00)).toBe(0x7c00);
    expect(walkI386(m.read32, 0x11, 0x1000, PSE, 0xc0100000)).toBe(0xc0100000);
    expect(walkI386(m.read32, 0x11, 0, 0, -1)).toBeUndefined();
    expect(walkI386(m.read32, 0x11, 0, 0, 2 ** 32)).toBeUndefined();
  });

  it("walks a 4 KiB mapping and a PSE 4 MiB mapping like labkernel's", () => {
    const m = ram();
    const pd = 0x113000;
    const pt = 0x114000;
    m.set(pd + 768 * 4, pt | 3);
    m.set(pt + 0x100 * 4, 0x100000 | 3);
    m.set(pd + 769 * 4, 0x400000 | 0x83);
    expect(walkI386(m.read32, PG, pd, PSE, 0xc0100abc)).toBe(0x100abc);
    expect(walkI386(m.read32, PG, pd, PSE, 0xc0412345)).toBe(0x412345);
    // Without CR4.PSE the PS bit is ignored: the PDE points at a "page table".
    expect(walkI386(m.read32, PG, pd, 0, 0xc0412345)).toBeUndefined();
  });

  it("faults on a missing PDE or PTE, and under PAE (not modelled)", () => {
    const m = ram();
    const pd = 0x2000;
    m.set(pd, 0x3000 | 3);
    expect(walkI386(m.read32, PG, pd, PSE, 0x10)).toBeUndefined(); // PTE 0 not present
    expect(walkI386(m.read32, PG, pd, PSE, 0x800000)).toBeUndefined(); // PDE 2 missing
    expect(walkI386(m.read32, PG, pd, PSE | 0x20, 0x10)).toBeUndefined();
    expect(walkI386(() => undefined, PG, pd, PSE, 0x10)).toBeUndefined(); // tables outside RAM
  });

  it("finds every mapped page at its frame, and nothing else (property)", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 0xfffff }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 0xfff }),
        fc.integer({ min: 0, max: 0xfffff }),
        (vpns, offset, probe) => {
          const m = ram();
          const pd = 0x1000;
          let nextTable = 0x100000;
          const frameOf = (vpn: number) => ((vpn * 7919) & 0xfffff) << 12;
          for (const vpn of vpns) {
            const pdeAt = pd + (vpn >>> 10) * 4;
            let pde = m.read32(pdeAt);
            if (!(pde & 1)) {
              pde = nextTable | 3;
              nextTable += 0x1000;
              m.set(pdeAt, pde);
            }
            m.set((pde & ~0xfff) + (vpn & 0x3ff) * 4, frameOf(vpn) | 1);
          }
          for (const vpn of vpns) {
            const va = (vpn << 12) + offset;
            expect(walkI386(m.read32, PG, pd, PSE, va >>> 0)).toBe((frameOf(vpn) | offset) >>> 0);
          }
          if (!vpns.includes(probe))
            expect(walkI386(m.read32, PG, pd, PSE, (probe << 12) >>> 0)).toBeUndefined();
        },
      ),
    );
  });
});
