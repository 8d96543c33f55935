/**
 * V86GuestMemory over a stand-in of v86's RAM view: physical reads and writes (with
 * the JIT told about writes), the VGA hole, and translation through the page tables
 * held in that same RAM.
 */
import { describe, expect, it } from "vitest";
import type { CpuView } from "./cpu-view";
import { V86GuestMemory } from "./v86-memory";

function rig() {
  const ram = new Uint8Array(8 << 20);
  const cr = new Int32Array(8);
  const dirty: [number, number][] = [];
  const view = { ram, cr, ramSize: ram.length, check: () => undefined } as unknown as CpuView;
  const mem = new V86GuestMemory(view, (s, e) => dirty.push([s, e]));
  const put32 = (pa: number, v: number) => new DataView(ram.buffer).setUint32(pa, v >>> 0, true);
  return { ram, cr, dirty, mem, put32 };
}

describe("V86GuestMemory", () => {
  it("reads and writes guest-physical RAM and tells the JIT about writes", () => {
    const { ram, dirty, mem } = rig();
    expect(mem.writePhys(0x2000, Uint8Array.of(1, 2, 3, 4))).toBe(true);
    expect([...ram.subarray(0x2000, 0x2004)]).toEqual([1, 2, 3, 4]);
    expect(dirty).toEqual([[0x2000, 0x2004]]);
    const into = new Uint8Array(4);
    expect(mem.readPhys(0x2001, 2, into)).toBe(into);
    expect([...into]).toEqual([2, 3, 0, 0]);
    const big = mem.readPhys(0x1ff0, 64)!;
    expect([...big.subarray(16, 20)]).toEqual([1, 2, 3, 4]);
    ram[0x2000] = 9; // a copy, not a view
    expect(big[16]).toBe(1);
  });

  it("refuses the VGA window and anything beyond RAM, writing nothing", () => {
    const { mem, dirty } = rig();
    expect(mem.isMapped(0x9ffff, 1)).toBe(true);
    expect(mem.isMapped(0x9ffff, 2)).toBe(false);
    expect(mem.isMapped(0xc0000, 4)).toBe(true);
    expect(mem.readPhys(0xa0000, 4)).toBeUndefined();
    expect(mem.writePhys((8 << 20) - 2, new Uint8Array(4))).toBe(false);
    expect(mem.readPhys(-4, 4)).toBeUndefined();
    expect(dirty).toEqual([]);
  });

  it("translates through the page tables in its own RAM, as labkernel sets them up", () => {
    const { cr, mem, put32 } = rig();
    expect(mem.translate(0xc0100000)).toBe(0xc0100000); // paging off: identity
    put32(0x113000 + 768 * 4, 0x114000 | 3);
    put32(0x114000 + 0x105 * 4, 0x105000 | 3);
    put32(0x113000 + 769 * 4, 0x400000 | 0x83);
    cr[0] = 0x80000011 | 0;
    cr[3] = 0x113000;
    cr[4] = 0x10;
    expect(mem.translate(0xc0105678)).toBe(0x105678);
    expect(mem.translate(0xc0401234)).toBe(0x401234);
    expect(mem.translate(0x10)).toBeUndefined();
  });
});
