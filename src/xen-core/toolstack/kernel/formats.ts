/**
 * Kernel image headers, read-only. Layouts from xen/arch/arm/kernel.c (hypervisor) and
 * tools/libs/guest/xg_dom_armzimageloader.c, xg_dom_binloader.c (toolstack); both
 * follow Linux's Documentation/arm64/booting.rst and arm/booting.rst.
 */
import { be32, le32, le64, type KernelSource } from "./source";

/** u-boot legacy header (64 bytes, big-endian). */
export const UIMAGE_MAGIC = 0x27051956;
export const UIMAGE_HEADER_LEN = 64;
export const IH_ARCH_ARM = 2;
export const IH_ARCH_ARM64 = 22;
export const IH_COMP_GZIP = 1;

/** arm64 Image: the legacy branch in code0, or "ARM\x64" at 0x38. */
export const ZIMAGE64_MAGIC_V0 = 0x14000008;
export const ZIMAGE64_MAGIC_V1 = 0x644d5241;
export const ZIMAGE64_HEADER_LEN = 64;

/** arm32 zImage: the magic word at 0x24, start at 0x28, end at 0x2c. */
export const ZIMAGE32_MAGIC = 0x016f2818;
export const ZIMAGE32_HEADER_LEN = 0x30;

/** Flattened device tree header magic (big-endian). */
export const FDT_MAGIC = 0xd00dfeed;

/** The multiboot-like table xg_dom_binloader.c scans the first 8 KiB for. */
export const XEN_MULTIBOOT_MAGIC3 = 0x336ec578;

export interface UImageHeader {
  readonly size: number;
  readonly load: number;
  readonly ep: number;
  readonly os: number;
  readonly arch: number;
  readonly type: number;
  readonly comp: number;
  readonly name: string;
}

export function readUImage(src: KernelSource): UImageHeader | undefined {
  const h = src.read(0, UIMAGE_HEADER_LEN);
  if (h.length < UIMAGE_HEADER_LEN || be32(h, 0) !== UIMAGE_MAGIC) return undefined;
  const nameBytes = h.subarray(32, 64);
  const nul = nameBytes.indexOf(0);
  return {
    size: be32(h, 12)!,
    load: be32(h, 16)!,
    ep: be32(h, 20)!,
    os: h[28]!,
    arch: h[29]!,
    type: h[30]!,
    comp: h[31]!,
    name: String.fromCharCode(...nameBytes.subarray(0, nul < 0 ? 32 : nul)),
  };
}

export interface Image64Header {
  readonly code0: number;
  readonly textOffset: bigint;
  readonly imageSize: bigint;
  readonly flags: bigint;
  readonly magic: number;
}

/** The 64-byte arm64 Image header, when at least 64 bytes are there. */
export function readImage64Header(head: Uint8Array): Image64Header | undefined {
  if (head.length < ZIMAGE64_HEADER_LEN) return undefined;
  return {
    code0: le32(head, 0)!,
    textOffset: le64(head, 8)!,
    imageSize: le64(head, 16)!,
    flags: le64(head, 24)!,
    magic: le32(head, 0x38)!,
  };
}

export const isImage64 = (h: Image64Header) =>
  h.code0 === ZIMAGE64_MAGIC_V0 || h.magic === ZIMAGE64_MAGIC_V1;

export interface ZImage32Header {
  readonly magic: number;
  readonly start: number;
  readonly end: number;
}

export function readZImage32Header(head: Uint8Array): ZImage32Header | undefined {
  if (head.length < ZIMAGE32_HEADER_LEN) return undefined;
  return { magic: le32(head, 0x24)!, start: le32(head, 0x28)!, end: le32(head, 0x2c)! };
}

/** libxc's gzip test: "\037\213" (Xen's gzip_check also takes 1f 9e). */
export const isGzip = (head: Uint8Array) => head[0] === 0x1f && head[1] === 0x8b;
export const xenGzipCheck = (head: Uint8Array) =>
  head.length >= 2 && head[0] === 0x1f && (head[1] === 0x8b || head[1] === 0x9e);

export const isElf = (head: Uint8Array) =>
  head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46;

export interface MultibootTable {
  readonly offset: number;
  readonly flags: number;
  readonly headerAddr: number;
  readonly loadAddr: number;
  readonly loadEndAddr: number;
  readonly bssEndAddr: number;
  readonly entryAddr: number;
}

/** find_table(): the first 32-bit-aligned magic in the first 8 KiB whose checksum holds. */
export function findMultibootTable(blob: Uint8Array, size: number): MultibootTable | undefined {
  const TABLE = 32;
  if (size < TABLE) return undefined;
  const end = size > 8192 + TABLE ? 8192 : size - TABLE;
  for (let o = 0; o < end; o += 4) {
    if (le32(blob, o) !== XEN_MULTIBOOT_MAGIC3) continue;
    const flags = le32(blob, o + 4);
    const checksum = le32(blob, o + 8);
    if (flags === undefined || checksum === undefined) return undefined;
    if ((XEN_MULTIBOOT_MAGIC3 + flags + checksum) >>> 0 !== 0) continue;
    return {
      offset: o,
      flags,
      headerAddr: le32(blob, o + 12) ?? 0,
      loadAddr: le32(blob, o + 16) ?? 0,
      loadEndAddr: le32(blob, o + 20) ?? 0,
      bssEndAddr: le32(blob, o + 24) ?? 0,
      entryAddr: le32(blob, o + 28) ?? 0,
    };
  }
  return undefined;
}
