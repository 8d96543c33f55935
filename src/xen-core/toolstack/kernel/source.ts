/**
 * A kernel image as the probes see it: a name, a size and random access to bytes.
 * Probing reads headers only (at most the first few KiB, and gzip's 4-byte trailer),
 * so the page can hand over a multi-megabyte file it has only partly read: the parts
 * it did not provide read as absent, never as zeros.
 */
export interface KernelSource {
  readonly name: string;
  /** The file's size in bytes. */
  readonly size: number;
  /**
   * Bytes [offset, offset + length), clipped to the file. Fewer bytes than asked for
   * means the file ends there, or that part was not made available.
   */
  read(offset: number, length: number): Uint8Array;
}

/** A whole file in memory. */
export function kernelFromBytes(name: string, bytes: Uint8Array): KernelSource {
  return {
    name,
    size: bytes.length,
    read: (offset, length) =>
      offset < 0 || offset >= bytes.length
        ? new Uint8Array(0)
        : bytes.subarray(offset, offset + length),
  };
}

/**
 * What the page has of a dropped file: its first bytes and its last bytes (the gzip
 * trailer), which is all any probe needs.
 */
export function kernelFromParts(
  name: string,
  size: number,
  head: Uint8Array,
  tail: Uint8Array,
): KernelSource {
  const tailStart = size - tail.length;
  return {
    name,
    size,
    read(offset, length) {
      if (offset >= 0 && offset + length <= head.length)
        return head.subarray(offset, offset + length);
      if (offset >= tailStart && offset < size)
        return tail.subarray(offset - tailStart, offset - tailStart + length);
      if (offset >= 0 && offset < head.length) return head.subarray(offset);
      return new Uint8Array(0);
    },
  };
}

export const le32 = (b: Uint8Array, o: number) =>
  o + 4 <= b.length
    ? (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0
    : undefined;
export const be32 = (b: Uint8Array, o: number) =>
  o + 4 <= b.length
    ? ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0
    : undefined;
export const le64 = (b: Uint8Array, o: number) => {
  const lo = le32(b, o);
  const hi = le32(b, o + 4);
  return lo === undefined || hi === undefined ? undefined : (BigInt(hi) << 32n) | BigInt(lo);
};
