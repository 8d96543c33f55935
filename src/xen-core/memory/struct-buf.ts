/**
 * Little-endian field access on a copied-in guest struct. Layouts (offsets) live beside
 * each struct's handler, computed from Xen's public headers.
 *
 * Plain byte arithmetic rather than a DataView: hypercall structs are small and
 * short-lived, and a DataView per struct doubled the cost of a domctl.
 */
export class StructBuf {
  readonly bytes: Uint8Array;

  constructor(bytesOrSize: Uint8Array | number) {
    this.bytes = typeof bytesOrSize === "number" ? new Uint8Array(bytesOrSize) : bytesOrSize;
  }

  u8(off: number): number {
    return this.bytes[off]!;
  }
  u16(off: number): number {
    const b = this.bytes;
    return b[off]! | (b[off + 1]! << 8);
  }
  u32(off: number): number {
    const b = this.bytes;
    return (b[off]! | (b[off + 1]! << 8) | (b[off + 2]! << 16) | (b[off + 3]! << 24)) >>> 0;
  }
  i32(off: number): number {
    return this.u32(off) | 0;
  }
  u64(off: number): bigint {
    const lo = this.u32(off);
    const hi = this.u32(off + 4);
    return hi === 0 ? BigInt(lo) : (BigInt(hi) << 32n) | BigInt(lo);
  }

  setU8(off: number, v: number): this {
    this.bytes[off] = v;
    return this;
  }
  setU16(off: number, v: number): this {
    const b = this.bytes;
    b[off] = v;
    b[off + 1] = v >>> 8;
    return this;
  }
  setU32(off: number, v: number): this {
    const b = this.bytes;
    b[off] = v;
    b[off + 1] = v >>> 8;
    b[off + 2] = v >>> 16;
    b[off + 3] = v >>> 24;
    return this;
  }
  setI32(off: number, v: number): this {
    return this.setU32(off, v >>> 0);
  }
  setU64(off: number, v: bigint | number): this {
    if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) {
      this.setU32(off, v >>> 0);
      return this.setU32(off + 4, Math.floor(v / 0x1_0000_0000));
    }
    const x = BigInt.asUintN(64, BigInt(v));
    this.setU32(off, Number(x & 0xffffffffn));
    return this.setU32(off + 4, Number(x >> 32n));
  }
}
