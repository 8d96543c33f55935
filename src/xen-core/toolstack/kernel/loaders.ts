/**
 * The domain builder's kernel handling on Arm (tools/libs/guest): xc_dom_try_gunzip
 * (xg_dom_core.c), then xc_dom_find_loader trying the loaders in the order their
 * constructors registered them (each registration prepends): multiboot-binary
 * (xg_dom_binloader.c), Linux zImage (ARM64), Linux zImage (ARM32)
 * (xg_dom_armzimageloader.c), ELF-generic (xg_dom_elfloader.c). The arm oracle's
 * `xl -vvv create` shows exactly these lines. A file no loader accepts ends in
 * "xc_dom_find_loader: no loader found".
 *
 * There is no uImage loader in libxc: a uImage only boots through Xen's own probe.
 */
import type { ToolstackLog } from "../libxl/log";
import {
  ZIMAGE32_HEADER_LEN,
  ZIMAGE32_MAGIC,
  ZIMAGE64_HEADER_LEN,
  findMultibootTable,
  isElf,
  isGzip,
  isImage64,
  readImage64Header,
  readZImage32Header,
} from "./formats";
import { gunzipHead } from "./gunzip";
import type { KernelSource } from "./source";

/** XC_DOM_DECOMPRESS_MAX (xenguest.h): 1 GiB, also the default max_kernel_size. */
const XC_DOM_DECOMPRESS_MAX = 1024 * 1024 * 1024;
/** Bytes find_table() may scan: 8 KiB plus one table. */
const BIN_SCAN = 8192 + 32;
const U64_MAX = (1n << 64n) - 1n;

/** The parts of struct xc_dom_image the Arm kernel path fills in. */
export interface DomImage {
  readonly name: string;
  /** kernel_blob after a transparent gunzip. */
  blob: KernelSource;
  /** kernel_size: after gunzip, the trailer's size plus 16 (xc_dom_check_gzip). */
  kernelSize: number;
  guestType?: string;
  kernelSeg: { vstart: bigint; vend: bigint };
  virtEntry: bigint;
  virtBase: bigint;
  rambasePfn: bigint;
  /** Which loader took it, for the lab's own summary. */
  loader?: string;
}

export function newDomImage(kernel: KernelSource): DomImage {
  return {
    name: kernel.name,
    blob: kernel,
    kernelSize: kernel.size,
    kernelSeg: { vstart: 0n, vend: 0n },
    virtEntry: 0n,
    virtBase: 0n,
    rambasePfn: 0n,
  };
}

/** A view of a gzip stream that inflates as far as it is read. */
function inflatedView(src: KernelSource, isize: number): KernelSource {
  let have: Uint8Array = new Uint8Array(0);
  return {
    name: src.name,
    size: isize,
    read(offset, length) {
      const want = Math.min(offset + length, isize);
      if (want > have.length) {
        const g = gunzipHead(src, want);
        if (g.ok) have = g.head;
      }
      return have.subarray(Math.max(0, offset), want);
    },
  };
}

/**
 * xc_dom_try_gunzip(): returns false only when inflating failed (the caller's
 * xc_dom_kernel_file then fails). Only what the loaders read is inflated, plus a pass
 * over the whole stream for files up to 128 MiB so a corrupt one fails as it would.
 */
export function tryGunzip(dom: DomImage, log: ToolstackLog): boolean {
  const src = dom.blob;
  if (src.size < 6 || !isGzip(src.read(0, 2))) return true;
  const tail = src.read(src.size - 4, 4);
  const isize = tail.length === 4 ? new DataView(tail.slice().buffer).getUint32(0, true) : 0;
  if (isize > XC_DOM_DECOMPRESS_MAX) {
    log.detail(
      `xc_dom_check_gzip: size (zip ${src.size}, unzip ${isize}) looks insane, skip gunzip`,
    );
    return true;
  }
  const unziplen = isize + 16;
  if (unziplen > XC_DOM_DECOMPRESS_MAX) {
    log.panicAt("xg_dom_core.c", 315, "kernel image too large", "XC_INVALID_KERNEL");
    return true;
  }
  if (isize <= 128 * 1024 * 1024) {
    const full = gunzipHead(src, isize + 1);
    if (!full.ok || full.head.length !== isize) {
      const rc = full.ok || /unexpected EOF/i.test(full.error) ? -5 : -3;
      log.panicAt(
        "xg_dom_core.c",
        374,
        `xc_dom_do_gunzip: inflate failed (rc=${rc})`,
        "XC_INTERNAL_ERROR",
      );
      return false;
    }
  }
  log.detail(
    `xc_dom_do_gunzip: unzip ok, 0x${src.size.toString(16)} -> 0x${unziplen.toString(16)}`,
  );
  dom.blob = inflatedView(src, isize);
  dom.kernelSize = unziplen;
  return true;
}

interface Loader {
  readonly name: string;
  readonly probe: (dom: DomImage, log: ToolstackLog) => boolean;
  readonly parse: (dom: DomImage, log: ToolstackLog) => boolean;
}

const binLoader: Loader = {
  name: "multiboot-binary",
  probe: (dom) => findMultibootTable(dom.blob.read(0, BIN_SCAN), dom.kernelSize) !== undefined,
  parse(dom, log) {
    const t = findMultibootTable(dom.blob.read(0, BIN_SCAN), dom.kernelSize)!;
    const h = (x: number) => `0x${(x >>> 0).toString(16).padStart(8, "0")}`;
    log.detail("xc_dom_parse_bin_kernel: multiboot header fields");
    log.detail(`  flags:         ${h(t.flags)}`);
    log.detail(`  header_addr:   ${h(t.headerAddr)}`);
    log.detail(`  load_addr:     ${h(t.loadAddr)}`);
    log.detail(`  load_end_addr: ${h(t.loadEndAddr)}`);
    log.detail(`  bss_end_addr:  ${h(t.bssEndAddr)}`);
    log.detail(`  entry_addr:    ${h(t.entryAddr)}`);
    // FLAGS_MASK drops ALIGN4K and the PAE bits; ADDRSVALID is required.
    const masked = (t.flags & ~0x1 & ~(3 << 14)) >>> 0;
    if (masked !== 0x10000) {
      log.panicAt(
        "xg_dom_binloader.c",
        175,
        `xc_dom_parse_bin_kernel: xen_bin_image_table flags required 0x00010000 found ${h(masked)}`,
        "XC_INVALID_KERNEL",
      );
      return false;
    }
    // Anything that gets this far is an x86 multiboot image: its guest types
    // (xen-3.0-x86_*) never match an Arm Xen's capabilities.
    const pae = (t.flags >>> 14) & 3;
    dom.guestType = pae === 1 ? "xen-3.0-x86_32p" : pae === 2 ? "xen-3.0-x86_64" : "xen-3.0-x86_32";
    dom.kernelSeg = { vstart: BigInt(t.loadAddr), vend: BigInt(t.bssEndAddr || t.loadEndAddr) };
    dom.virtEntry = BigInt(t.entryAddr);
    return true;
  },
};

const zimage64Loader: Loader = {
  name: "Linux zImage (ARM64)",
  probe(dom, log) {
    if (dom.kernelSize < ZIMAGE64_HEADER_LEN) {
      log.detail("xc_dom_probe_zimage64_kernel: kernel image too small");
      return false;
    }
    const h = readImage64Header(dom.blob.read(0, ZIMAGE64_HEADER_LEN));
    if (!h || !isImage64(h)) {
      log.detail("xc_dom_probe_zimage64_kernel: kernel is not an arm64 Image");
      return false;
    }
    return true;
  },
  parse(dom, log) {
    log.detail("xc_dom_parse_zimage64_kernel: called");
    const h = readImage64Header(dom.blob.read(0, ZIMAGE64_HEADER_LEN))!;
    const rambase = dom.rambasePfn << 12n;
    if (h.textOffset > U64_MAX - rambase) {
      // DOMPRINTF with a "\n" of its own: xtl adds another, so an empty line follows.
      log.detail("xc_dom_parse_zimage64_kernel: kernel text offset is too large\n");
      return false;
    }
    const vstart = rambase + h.textOffset;
    if (BigInt(dom.kernelSize) > U64_MAX - vstart) {
      log.detail("xc_dom_parse_zimage64_kernel: kernel is too large\n");
      return false;
    }
    dom.kernelSeg = { vstart, vend: vstart + BigInt(dom.kernelSize) };
    dom.virtEntry = vstart;
    dom.virtBase = rambase;
    dom.guestType = "xen-3.0-aarch64";
    log.detail(
      `xc_dom_parse_zimage64_kernel: ${dom.guestType}: 0x${vstart.toString(16)} -> 0x${dom.kernelSeg.vend.toString(16)}`,
    );
    return true;
  },
};

const zimage32Loader: Loader = {
  name: "Linux zImage (ARM32)",
  probe(dom, log) {
    if (dom.kernelSize < ZIMAGE32_HEADER_LEN) {
      log.detail("xc_dom_probe_zimage32_kernel: kernel image too small");
      return false;
    }
    const z = readZImage32Header(dom.blob.read(0, ZIMAGE32_HEADER_LEN));
    if (!z || z.magic !== ZIMAGE32_MAGIC) {
      log.detail("xc_dom_probe_zimage32_kernel: kernel is not an arm32 zImage");
      return false;
    }
    return true;
  },
  parse(dom, log) {
    log.detail("xc_dom_parse_zimage32_kernel: called");
    const z = readZImage32Header(dom.blob.read(0, ZIMAGE32_HEADER_LEN))!;
    const rambase = dom.rambasePfn << 12n;
    // "Do not load kernel at the very first RAM address".
    const vstart = rambase + 0x8000n;
    if (BigInt(dom.kernelSize) > U64_MAX - vstart) {
      log.detail("xc_dom_parse_zimage32_kernel: kernel is too large\n");
      return false;
    }
    dom.kernelSeg = { vstart, vend: vstart + BigInt(dom.kernelSize) };
    dom.virtEntry = z.start === 0 ? vstart : BigInt(z.start);
    dom.virtBase = rambase;
    dom.guestType = "xen-3.0-armv7l";
    log.detail(
      `xc_dom_parse_zimage32_kernel: ${dom.guestType}: 0x${vstart.toString(16)} -> 0x${dom.kernelSeg.vend.toString(16)}`,
    );
    return true;
  },
};

/**
 * ELF-generic: the probe needs an ELF with Xen ELF notes (elf_xen_parse). Arm has not
 * booted ELF guests for years and the lab models no notes parser: every file fails
 * this probe, silently, as a plain ELF (a vmlinux without notes) does.
 */
const elfLoader: Loader = {
  name: "ELF-generic",
  probe: (dom) => isElf(dom.blob.read(0, 4)) && false,
  parse: () => false,
};

/** The list as xc_dom_find_loader walks it on an Arm build of libxenguest. */
export const ARM_LOADERS: readonly Loader[] = [
  binLoader,
  zimage64Loader,
  zimage32Loader,
  elfLoader,
];

/**
 * xc_dom_find_loader() then the loader's parser (the first half of
 * xc_dom_parse_image). Returns false after logging xl's messages.
 */
export function findAndParse(dom: DomImage, log: ToolstackLog): boolean {
  for (const loader of ARM_LOADERS) {
    log.detail(`xc_dom_find_loader: trying ${loader.name} loader ... `);
    if (loader.probe(dom, log)) {
      log.detail("loader probe OK");
      dom.loader = loader.name;
      return loader.parse(dom, log);
    }
    log.detail("loader probe failed");
  }
  log.panic("xg.no-loader", "xc_dom_find_loader: no loader found", "XC_INVALID_KERNEL");
  return false;
}
