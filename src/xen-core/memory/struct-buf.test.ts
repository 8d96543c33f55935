import { describe, expect, it } from "vitest";
import { StructBuf } from "./struct-buf";

describe("StructBuf", () => {
  it("reads and writes little-endian fields like a DataView", () => {
    const s = new StructBuf(16);
    s.setU16(0, 0xbeef).setU32(2, 0xdeadbeef).setU64(8, 0x0123456789abcdefn);
    const dv = new DataView(s.bytes.buffer);
    expect(dv.getUint16(0, true)).toBe(0xbeef);
    expect(dv.getUint32(2, true)).toBe(0xdeadbeef);
    expect(dv.getBigUint64(8, true)).toBe(0x0123456789abcdefn);
    expect(s.u32(2)).toBe(0xdeadbeef);
    expect(s.i32(2)).toBe(-559038737);
    expect(s.u64(8)).toBe(0x0123456789abcdefn);
    s.setU64(8, -1n);
    expect(s.u64(8)).toBe(0xffffffffffffffffn);
    s.setU64(8, 2 ** 40 + 5);
    expect(s.u64(8)).toBe(2n ** 40n + 5n);
    s.setI32(0, -2);
    expect(s.u32(0)).toBe(0xfffffffe);
  });
});
