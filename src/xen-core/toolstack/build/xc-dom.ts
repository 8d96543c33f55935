/**
 * The Arm domain builder, tools/libs/guest (RELEASE-4.22.0): xg_dom_core.c (allocate,
 * kernel_file, boot_xen_init's caps, parse_image with the compat check, mem_init,
 * build_image), xg_dom_boot.c and xg_dom_arm.c (meminit: set_mode, then the RAM banks
 * populated in the largest extents that fit; vcpu_arm32/64: the initial register
 * state). Every Xen interaction is a hypercall through XenCtrl; each step logs what the
 * real one logs at -v ("domainbuilder: detail: ..."), so `xl -vvv create` shows the
 * probe, set_mode and the initial CPSR as the arm oracle does.
 *
 * Pointer values in "copy ... from blob 0x... to dst 0x..." are dom0 process
 * addresses in the real log and vary between runs; the lab prints fixed stand-ins.
 */
import {
  GUEST_RAM0_BASE,
  GUEST_RAM0_SIZE,
  PSR_GUEST32_INIT,
  VGCF_online,
} from "../../abi/arch-arm";
import { XENVER } from "../../abi/xen";
import { ARM_VCPU_GUEST_CONTEXT as A } from "../../domctl/layout";
import { StructBuf } from "../../memory/struct-buf";
import { findAndParse, newDomImage, tryGunzip, type DomImage } from "../kernel/loaders";
import type { KernelSource } from "../kernel/source";
import type { LibxlEnv } from "../libxl/env";

const PAGE_SHIFT = 12n;
const MB = (n: bigint) => n << 20n;
const GUEST_RAM1_BASE = 0x200000000n;
const GUEST_RAM1_SIZE = 0xfe00000000n;
const GUEST_RAM_MAX = BigInt(GUEST_RAM0_SIZE) + GUEST_RAM1_SIZE;
const GUEST_MAGIC_BASE = 0x39000000n;
const NR_MAGIC_PAGES = 4;
/** SCTLR_GUEST_INIT (xen/include/public/arch-arm.h). */
const SCTLR_GUEST_INIT = 0x00c50078n;
const hex = (x: bigint) => `0x${x.toString(16)}`;
const roundup = (x: bigint, a: bigint) => ((x + a - 1n) / a) * a;

/** struct xc_dom_image beyond the kernel part (loaders.ts). */
export interface XcDom extends DomImage {
  readonly domid: number;
  xenVersion: number;
  xenCaps: string;
  totalPages: bigint;
  rambankPages: [bigint, bigint];
  ramdisk?: { size: number; seg: { vstart: bigint; vend: bigint } };
  devicetree?: { blob: Uint8Array; seg: { vstart: bigint; vend: bigint } };
  /** The PSR the builder put in vCPU0's context. */
  cpsr?: bigint;
}

/** xc_dom_allocate() + xc_dom_kernel_file(): false when the file cannot be used. */
export function xcDomAllocate(
  env: LibxlEnv,
  domid: number,
  cmdline: string | undefined,
  kernel: KernelSource | undefined,
  kernelPath: string | undefined,
): XcDom | undefined {
  const log = env.log;
  log.detail(`xc_dom_allocate: cmdline="${cmdline ?? ""}", features=""`);
  log.detail(`xc_dom_kernel_file: filename="${kernelPath ?? "(null)"}"`);
  if (!kernel) {
    const why = kernelPath === undefined ? "Bad address" : "No such file or directory";
    log.panicAt(
      "xg_dom_core.c",
      205,
      `failed to open file '${kernelPath ?? "(null)"}': ${why}`,
      "XC_INTERNAL_ERROR",
    );
    log.detail(`xc_dom_malloc_filemap: failed (on file \`${kernelPath ?? "(null)"}')`);
    return undefined;
  }
  if (kernel.size === 0) {
    log.panicAt("xg_dom_core.c", 230, `'${kernelPath}': zero length file`, "XC_INTERNAL_ERROR");
    log.detail(`xc_dom_malloc_filemap: failed (on file \`${kernelPath}')`);
    return undefined;
  }
  if (kernel.size > 100 * 1024) log.detail(`xc_dom_malloc_filemap    : ${printMem(kernel.size)}`);
  const dom: XcDom = {
    ...newDomImage(kernel),
    domid,
    xenVersion: 0,
    xenCaps: "",
    totalPages: 0n,
    rambankPages: [0n, 0n],
  };
  return tryGunzip(dom, log) ? dom : undefined;
}

/** print_mem(): "%zd MB" / "%zd kB" / "%zd bytes". */
function printMem(n: number): string {
  if (n > 32 * 1024 * 1024) return `${Math.floor(n / (1024 * 1024))} MB`;
  if (n > 32 * 1024) return `${Math.floor(n / 1024)} kB`;
  return `${n} bytes`;
}

/** xc_dom_boot_xen_init(): the version and capabilities, by hypercall. */
export function xcDomBootXenInit(env: LibxlEnv, dom: XcDom): void {
  dom.xenVersion = env.xc.xenVersion(XENVER.XENVER_version).ret;
  dom.xenCaps = env.xc.xenCaps();
  env.log.detail(
    `xc_dom_boot_xen_init: ver ${dom.xenVersion >> 16}.${dom.xenVersion & 0xff}, caps ${dom.xenCaps}`,
  );
}

export function xcDomRambaseInit(env: LibxlEnv, dom: XcDom): void {
  dom.rambasePfn = BigInt(GUEST_RAM0_BASE) >> PAGE_SHIFT;
  env.log.detail(`xc_dom_rambase_init: RAM starts at ${dom.rambasePfn.toString(16)}`);
}

/** xc_dom_parse_image(): find the loader, parse, check the guest type against xen_caps. */
export function xcDomParseImage(env: LibxlEnv, dom: XcDom): boolean {
  env.log.detail("xc_dom_parse_image: called");
  if (dom.guestType === undefined && !findAndParse(dom, env.log)) return false;
  return xcDomCompatCheck(env, dom);
}

function xcDomCompatCheck(env: LibxlEnv, dom: XcDom): boolean {
  let found = 0;
  for (const item of dom.xenCaps.split(" ").filter(Boolean)) {
    const match = item === dom.guestType;
    env.log.detail(
      `xc_dom_compat_check: supported guest type: ${item}${match ? " <= matches" : ""}`,
    );
    if (match) found++;
  }
  if (!found)
    env.log.panic(
      "xg.guest-type-unsupported",
      `xc_dom_compat_check: guest type ${dom.guestType} not supported by xen kernel, sorry`,
      "XC_INVALID_KERNEL",
    );
  return found > 0;
}

export function xcDomMemInit(env: LibxlEnv, dom: XcDom, memMb: number): void {
  const pages = BigInt(memMb) << (20n - PAGE_SHIFT);
  env.log.detail(`xc_dom_mem_init: mem ${memMb} MB, pages 0x${pages.toString(16)} pages, 4k each`);
  dom.totalPages = pages;
  env.log.detail(`xc_dom_mem_init: 0x${pages.toString(16)} pages`);
}

/**
 * set_mode() (xg_dom_arm.c): XEN_DOMCTL_set_address_size from the guest type. do_domctl
 * returns -1 with errno set, which is what the warning prints.
 */
function setMode(env: LibxlEnv, dom: XcDom): { rc: number; errno: number } {
  const size =
    dom.guestType === "xen-3.0-aarch64" ? 64 : dom.guestType === "xen-3.0-armv7l" ? 32 : 0;
  if (!size) {
    env.log.detail(`set_mode: warning: unknown guest type ${dom.guestType}`);
    return { rc: -22, errno: 22 };
  }
  env.log.detail(`set_mode: guest ${dom.guestType}, address size ${size}`);
  const ret = env.xc.setAddressSize(dom.domid, size);
  if (ret < 0) {
    env.log.detail("set_mode: warning: failed (rc=-1)");
    return { rc: -1, errno: -ret };
  }
  return { rc: 0, errno: 0 };
}

/** populate_one_size(): >0 done (nrPfns updated), 0 not tried, <0 error. */
function populateOneSize(
  env: LibxlEnv,
  dom: XcDom,
  shift: bigint,
  base: bigint,
  nr: { v: bigint },
): number {
  const mask = (1n << shift) - 1n;
  const nextShift = shift + 9n;
  const nextMask = (1n << nextShift) - 1n;
  const nextBoundary = (base + (1n << nextShift)) & ~nextMask;
  let end = base + nr.v;
  if (shift === 27n) return 0; // PFN_512G_SHIFT: no level-0 superpages
  if (mask & base) return 0;
  if (base & nextMask && end > nextBoundary) end = nextBoundary;
  const count = Number((end - base) >> shift);
  if (!count) return 0;
  const extents = Array.from({ length: count }, (_, i) => Number(base + (BigInt(i) << shift)));
  let done = 0;
  for (let i = 0; i < extents.length; i += 4096) {
    const got = env.xc.populatePhysmapOrder(dom.domid, Number(shift), extents.slice(i, i + 4096));
    if (got < 0) return done ? done : got;
    done += got;
    if (got < Math.min(4096, extents.length - i)) break;
  }
  if (done <= 0) return done;
  env.log.detail(
    `populate_one_size: populated 0x${done.toString(16)}/0x${count.toString(16)} entries with shift ${shift}`,
  );
  nr.v = BigInt(done) << shift;
  return 1;
}

function populateGuestMemory(env: LibxlEnv, dom: XcDom, basePfn: bigint, nrPfns: bigint): number {
  env.log.detail(
    `populate_guest_memory: populating RAM @ ${(basePfn << PAGE_SHIFT).toString(16).padStart(16, "0")}-` +
      `${((basePfn + nrPfns) << PAGE_SHIFT).toString(16).padStart(16, "0")} (${nrPfns >> 8n}MB)`,
  );
  for (let pfn = 0n; pfn < nrPfns;) {
    const alloc = { v: nrPfns - pfn < 1n << 20n ? nrPfns - pfn : 1n << 20n };
    let rc = 0;
    for (const shift of [27n, 18n, 9n, 0n]) {
      rc = populateOneSize(env, dom, shift, basePfn + pfn, alloc);
      if (rc) break;
    }
    if (rc < 0) return rc;
    if (rc === 0) {
      env.log.detail("populate_guest_memory: Not enough RAM");
      return -1;
    }
    pfn += alloc.v;
  }
  return 0;
}

/**
 * xc_dom_boot_mem_init() with Arm's meminit(): the sizes, set_mode (skipped by the
 * probe-first option), the banks, and where the DTB and ramdisk go. On failure libxc
 * reports "can't allocate low memory", whatever the cause was.
 */
export function xcDomBootMemInit(
  env: LibxlEnv,
  dom: XcDom,
  dtbSize: number,
  skipSetMode: boolean,
): { rc: number; errno: number } {
  env.log.detail("xc_dom_boot_mem_init: called");
  const r = meminit(env, dom, dtbSize, skipSetMode);
  if (r.rc) {
    env.log.panic(
      "xg.low-memory",
      "xc_dom_boot_mem_init: can't allocate low memory for domain",
      "XC_OUT_OF_MEMORY",
    );
  }
  return r;
}

function meminit(
  env: LibxlEnv,
  dom: XcDom,
  dtbSize: number,
  skipSetMode: boolean,
): { rc: number; errno: number } {
  let ramsize = dom.totalPages << PAGE_SHIFT;
  const bankbase = [BigInt(GUEST_RAM0_BASE), GUEST_RAM1_BASE];
  const bankmax = [BigInt(GUEST_RAM0_SIZE), GUEST_RAM1_SIZE];
  const kernbase = dom.kernelSeg.vstart;
  const kernend = roundup(dom.kernelSeg.vend, MB(2n));
  const dtb = dtbSize ? roundup(BigInt(dtbSize), 4096n) : 0n;
  const rd = dom.ramdisk ? roundup(BigInt(dom.ramdisk.size), 4096n) : 0n;
  const modsize = dtb + rd;
  const ram128mb = bankbase[0]! + MB(128n);
  const fail = { rc: -1, errno: 22 };
  if (modsize + kernend - kernbase > bankmax[0]!) {
    env.log.detail("meminit: Not enough memory for the kernel+dtb+initrd");
    return fail;
  }
  if (ramsize === 0n) {
    env.log.detail("meminit: ram size is 0");
    return fail;
  }
  if (ramsize > GUEST_RAM_MAX) {
    env.log.detail(
      `meminit: ram size is too large for guest address space: ${ramsize.toString(16)} > ${GUEST_RAM_MAX.toString(16)}`,
    );
    return fail;
  }
  if (!skipSetMode) {
    const m = setMode(env, dom);
    if (m.rc) return m;
  }
  for (let i = 0; i < 2 && ramsize; i++) {
    const banksize = ramsize > bankmax[i]! ? bankmax[i]! : ramsize;
    ramsize -= banksize;
    dom.rambankPages[i] = banksize >> PAGE_SHIFT;
  }
  for (let i = 0; i < 2 && dom.rambankPages[i]; i++) {
    if (populateGuestMemory(env, dom, bankbase[i]! >> PAGE_SHIFT, dom.rambankPages[i]!))
      return { rc: -1, errno: 12 };
  }
  const bank0end = bankbase[0]! + (dom.rambankPages[0] << PAGE_SHIFT);
  let modbase: bigint;
  if (bank0end >= ram128mb + modsize && kernend < ram128mb) modbase = ram128mb;
  else if (bank0end - modsize > kernend) modbase = bank0end - modsize;
  else if (kernbase - bankbase[0]! > modsize) modbase = kernbase - modsize;
  else return fail;
  env.log.detail(`meminit: placing boot modules at ${hex(modbase)}`);
  if (dom.ramdisk) {
    dom.ramdisk.seg = { vstart: modbase, vend: modbase + rd };
    env.log.detail(`meminit: ramdisk: ${hex(modbase)} -> ${hex(modbase + rd)}`);
    modbase += rd;
  }
  if (dtb) {
    dom.devicetree = { blob: new Uint8Array(0), seg: { vstart: modbase, vend: modbase + dtb } };
    env.log.detail(`meminit: devicetree: ${hex(modbase)} -> ${hex(modbase + dtb)}`);
  }
  return { rc: 0, errno: 0 };
}

/**
 * xc_dom_build_image(): copy the kernel (xc_dom_load_zimage_kernel), the ramdisk and
 * the DTB into guest RAM, then alloc_magic_pages (console, xenstore, memaccess, vuart).
 */
export function xcDomBuildImage(
  env: LibxlEnv,
  dom: XcDom,
  dtb: Uint8Array,
  ramdisk?: Uint8Array,
): boolean {
  const log = env.log;
  log.detail("xc_dom_build_image: called");
  const seg = dom.kernelSeg;
  const segLine = (name: string, s: { vstart: bigint; vend: bigint }) =>
    log.detail(
      `xc_dom_alloc_segment:   ${name.padEnd(12)} : ${hex(s.vstart)} -> ${hex(s.vend)}  (pfn ${hex(s.vstart >> PAGE_SHIFT)} + ${hex((s.vend - s.vstart + 4095n) >> PAGE_SHIFT)} pages)`,
    );
  segLine("kernel", seg);
  log.detail("xc_dom_load_zimage_kernel: called");
  log.detail(`xc_dom_load_zimage_kernel: kernel seg ${hex(seg.vstart)}-${hex(seg.vend)}`);
  log.detail(
    `xc_dom_load_zimage_kernel: copy ${dom.kernelSize} bytes from blob 0xffff9c000000 to dst 0xffff9a000000`,
  );
  const image = dom.blob.read(0, Math.min(dom.kernelSize, 64 * 1024 * 1024));
  if (!env.xc.foreignWrite(dom.domid, Number(seg.vstart), image)) return false;
  if (dom.ramdisk && ramdisk) {
    segLine("module0", dom.ramdisk.seg);
    env.xc.foreignWrite(dom.domid, Number(dom.ramdisk.seg.vstart), ramdisk);
  }
  if (dom.devicetree) {
    dom.devicetree.blob = dtb;
    segLine("devicetree", {
      vstart: dom.devicetree.seg.vstart,
      vend: dom.devicetree.seg.vstart + BigInt(dtb.length),
    });
    env.xc.foreignWrite(dom.domid, Number(dom.devicetree.seg.vstart), dtb);
  }
  log.detail("alloc_magic_pages: called");
  const base = Number(GUEST_MAGIC_BASE >> PAGE_SHIFT);
  const magic = Array.from({ length: NR_MAGIC_PAGES }, (_, i) => base + i);
  if (env.xc.populatePhysmapOrder(dom.domid, 0, magic) !== NR_MAGIC_PAGES) return false;
  log.detail(`xc_dom_build_image   : virt_alloc_end : ${hex(seg.vend)}`);
  log.detail("xc_dom_build_image   : virt_pgtab_end : 0x0");
  return true;
}

/**
 * xc_dom_boot_image() up to the arch vcpu hook: vcpu_arm32 or vcpu_arm64 sets vCPU0's
 * context (PC at the entry, the DTB in x0 / r2, the initial PSR) with VGCF_online.
 * `psr64` is PSR_GUEST64_INIT as the toolstack's headers define it (0x3c5 today, 0x1c5
 * in 4.17).
 */
export function xcDomBootImage(env: LibxlEnv, dom: XcDom, psr64: bigint): boolean {
  const log = env.log;
  log.detail("xc_dom_boot_image: called");
  log.detail("bootearly: doing nothing");
  log.detail("start_info_arm: called");
  const c = new StructBuf(A.size);
  const dtbAddr = dom.devicetree ? dom.devicetree.seg.vstart : 0xffffffffn;
  const arm64 = dom.guestType === "xen-3.0-aarch64";
  c.setU64(A.pc64, dom.virtEntry);
  if (arm64) {
    log.detail("vcpu_arm64: called");
    c.setU64(A.x0, dtbAddr);
    log.detail(`DTB ${dtbAddr.toString(16)}`);
    c.setU64(A.cpsr, psr64);
  } else {
    log.detail("vcpu_arm32: called");
    c.setU64(A.x0 + 8, 0xffffffffn);
    c.setU64(A.x0 + 16, dtbAddr);
    c.setU64(A.cpsr, BigInt(PSR_GUEST32_INIT));
  }
  c.setU64(A.sctlr, SCTLR_GUEST_INIT);
  c.setU32(A.flags, VGCF_online);
  dom.cpsr = arm64 ? psr64 : BigInt(PSR_GUEST32_INIT);
  log.detail(`Initial state CPSR ${hex(dom.cpsr)} PC ${hex(dom.virtEntry)}`);
  const rc = env.xc.setVcpuContext(dom.domid, 0, c.bytes);
  if (rc) {
    const site = arm64 ? "xg.setvcpucontext-64" : "xg.setvcpucontext-32";
    log.panic(
      site,
      `${arm64 ? "vcpu_arm64" : "vcpu_arm32"}: SETVCPUCONTEXT failed (rc=-1)`,
      "XC_INTERNAL_ERROR",
    );
    return false;
  }
  return true;
}
