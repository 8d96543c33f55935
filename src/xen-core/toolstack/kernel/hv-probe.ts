/**
 * kernel_probe(), xen/common/device-tree/kernel.c, with the Arm probes of
 * xen/arch/arm/kernel.c: how Xen itself reads the kernel of dom0 or of a dom0less
 * domain at boot. Order: uImage first (only "not a uImage", -ENOENT, falls through; a
 * compressed uImage is inflated from offset 64), then gzip (any failure to inflate is
 * -EINVAL and ignored, the raw data is probed), then the arm64 Image, then the arm32
 * zImage. There is no ELF support (dropped in Xen 4.12).
 *
 * Kept as Xen has it: the zImage probe looks for an appended DTB with the condition
 * `addr + end - start + sizeof(dtb_hdr) <= size`, mixing the module's physical address
 * into a size comparison, so with any real module address the DTB is not found.
 */
import { XEN_ERRNO } from "../../abi/errno";
import { hexPad } from "../../format";
import {
  FDT_MAGIC,
  IH_ARCH_ARM,
  IH_ARCH_ARM64,
  IH_COMP_GZIP,
  UIMAGE_HEADER_LEN,
  ZIMAGE32_HEADER_LEN,
  ZIMAGE32_MAGIC,
  isImage64,
  readImage64Header,
  readUImage,
  readZImage32Header,
  xenGzipCheck,
} from "./formats";
import { gunzipHead } from "./gunzip";
import { be32, type KernelSource } from "./source";

const E = XEN_ERRNO;

export interface XenKernelInfo {
  readonly type: 32 | 64;
  readonly format: "uImage" | "Image" | "zImage";
  /** The image was gzip-compressed (Xen inflated it first). */
  readonly gzip: boolean;
  /** info->image.text_offset (Image only; 0 otherwise). */
  readonly textOffset: bigint;
  /** info->image.start: a fixed load address, 0 = position independent. */
  readonly start: number;
  /** info->entry: 0 = the load address. */
  readonly entry: number;
  /** info->image.len. */
  readonly len: number;
}

export type XenProbeResult =
  | { readonly rc: 0; readonly info: XenKernelInfo }
  | { readonly rc: number; readonly info?: undefined };

/** PRIpaddr on arm64: "%016lx". */
export const paddr = (a: number | bigint) => hexPad(a, 16);

/**
 * Probe `src` for domain `pd` ("d1"); `moduleAddr` is where the boot loader put the
 * module. `printk` gets Xen's console lines in order.
 */
export function xenKernelProbe(
  src: KernelSource | undefined,
  pd: string,
  moduleAddr: number,
  printk: (line: string) => void,
): XenProbeResult {
  if (!src || src.size === 0) {
    printk("Missing kernel boot module?");
    return { rc: -E.ENOENT };
  }
  printk(`Loading ${pd} kernel from boot module @ ${paddr(moduleAddr)}`);

  const uimage = uimageProbe(src, printk);
  if (uimage.rc !== -E.ENOENT) return uimage;

  // kernel_decompress(mod, 0): -EINVAL (not gzip, or broken) is ignored.
  const head = src.read(0, 2);
  if (src.size >= 2 && xenGzipCheck(head)) {
    const g = gunzipHead(src, ZIMAGE64_OR_32);
    if (g.ok) {
      const read = (o: number, l: number) => {
        const more = gunzipHead(src, o + l);
        return more.ok ? more.head.subarray(o, o + l) : new Uint8Array(0);
      };
      return imageProbe(g.head, g.isize, moduleAddr, true, read);
    }
  }
  const read = (o: number, l: number) => src.read(o, l);
  return imageProbe(src.read(0, ZIMAGE64_OR_32), src.size, moduleAddr, false, read);
}

/** The most any image probe reads: the 64-byte Image header. */
const ZIMAGE64_OR_32 = 64;

function uimageProbe(src: KernelSource, printk: (line: string) => void): XenProbeResult {
  if (src.size < UIMAGE_HEADER_LEN) return { rc: -E.ENOENT };
  const h = readUImage(src);
  if (!h) return { rc: -E.ENOENT };
  if (h.size > src.size - UIMAGE_HEADER_LEN) return { rc: -E.EINVAL };
  if (h.comp && h.comp !== IH_COMP_GZIP) {
    printk(`Unsupported uImage compression type ${h.comp}`);
    return { rc: -E.EOPNOTSUPP };
  }
  if (h.load === 0) printk("No load address provided. Xen will decide where to load it.");
  else printk(`Provided load address: ${paddr(h.load)} and entry address: ${paddr(h.ep)}`);
  if (h.load === 0 && h.ep !== 0) {
    printk("Entry point cannot be non zero for PIE image.");
    return { rc: -E.EINVAL };
  }
  let len = h.size;
  if (h.comp) {
    // kernel_decompress(mod, sizeof(uimage)): the gzip stream starts after the header.
    if (src.size - UIMAGE_HEADER_LEN < 2 || !xenGzipCheck(src.read(UIMAGE_HEADER_LEN, 2)))
      return { rc: -E.EINVAL };
    const g = gunzipHead(src, 2, UIMAGE_HEADER_LEN);
    if (!g.ok) return { rc: -E.EINVAL };
    len = g.isize;
  }
  let type: 32 | 64;
  if (h.arch === IH_ARCH_ARM) type = 32;
  else if (h.arch === IH_ARCH_ARM64) type = 64;
  else {
    printk(`Unsupported uImage arch type ${h.arch}`);
    return { rc: -E.EINVAL };
  }
  // A uImage header wins: Xen ignores the Image/zImage header under it.
  return {
    rc: 0,
    info: {
      type,
      format: "uImage",
      gzip: h.comp === IH_COMP_GZIP,
      textOffset: 0n,
      start: h.load,
      entry: h.ep,
      len,
    },
  };
}

/** kernel_image_probe(): zImage64, then zImage32. */
function imageProbe(
  head: Uint8Array,
  size: number,
  addr: number,
  gzip: boolean,
  read: (offset: number, length: number) => Uint8Array,
): XenProbeResult {
  const h64 = size >= 64 ? readImage64Header(head) : undefined;
  if (h64 && isImage64(h64)) {
    return {
      rc: 0,
      info: {
        type: 64,
        format: "Image",
        gzip,
        textOffset: h64.textOffset,
        start: 0,
        entry: 0,
        len: size,
      },
    };
  }
  if (size < ZIMAGE32_HEADER_LEN) return { rc: -E.EINVAL };
  const z = readZImage32Header(head);
  if (!z || z.magic !== ZIMAGE32_MAGIC) return { rc: -E.EINVAL };
  let end = z.end;
  if ((end - z.start) >>> 0 > size) return { rc: -E.EINVAL };
  // The appended-DTB check compares an address with a size (see the header comment).
  if (addr + end - z.start + 8 <= size) {
    const dtb = read(end - z.start, 8);
    if (be32(dtb, 0) === FDT_MAGIC) {
      end += be32(dtb, 4)!;
      if (end > addr + size) return { rc: -E.EINVAL };
    }
  }
  return {
    rc: 0,
    info: {
      type: 32,
      format: "zImage",
      gzip,
      textOffset: 0n,
      start: z.start,
      entry: 0,
      len: (end - z.start) >>> 0,
    },
  };
}
