/**
 * The device tree libxl gives an Arm guest (tools/libs/light/libxl_arm.c, 4.22):
 * libxl__prepare_dtb() builds it with placeholders (root properties, chosen, cpus,
 * psci, both RAM banks, the vGIC, the timer, the /hypervisor node, the vPL011 when
 * vuart="sbsa_uart", OP-TEE), retrying with a buffer twice as large when it does not fit;
 * libxl__arch_domain_finalise_hw_description() fills it in once memory is placed (the
 * initrd range, the grant table and extended regions of /hypervisor, the RAM banks,
 * nopping out an empty bank).
 *
 * Realm RFC v1: PSCI is called with "smc" instead of "hvc", and there is no /hypervisor
 * node (no Xen PV interfaces for a Realm), so no extended regions either.
 */
import {
  GUEST_EVTCHN_PPI,
  GUEST_RAM0_BASE,
  GUEST_RAM0_SIZE,
  GUEST_TIMER_VIRT_PPI,
  GUEST_VPL011_SPI,
} from "../../abi/arch-arm";
import type { ToolstackLog } from "../libxl/log";
import { FdtOverflow, FdtWriter, cells, cellsOf, findNode, str, type FdtNode } from "./fdt";
import { PartialCopyError, checkPartial, copyPartial } from "./partial-dt";

const PHANDLE_GIC = 65000;
const ADDR_CELLS = 2;
const SIZE_CELLS = 2;
const GUEST_RAM1_BASE = 0x200000000n;
const GUEST_RAM1_SIZE = 0xfe00000000n;
export const GUEST_RAM_BANK_BASES = [BigInt(GUEST_RAM0_BASE), GUEST_RAM1_BASE] as const;
const GUEST_RAM_BANK_SIZES = [BigInt(GUEST_RAM0_SIZE), GUEST_RAM1_SIZE] as const;
const GICD_BASE = 0x03001000n;
const GICV2 = { dSize: 0x1000n, cBase: 0x03002000n, cSize: 0x2000n };
const GICV3 = { dSize: 0x10000n, rBase: 0x03020000n, rSize: 0x01000000n };
const PL011 = { base: 0x22000000n, size: 0x1000n };
const GNTTAB = { base: 0x38000000n, size: 0x01000000n };
const TIMER_PHYS_S_PPI = 29;
const TIMER_PHYS_NS_PPI = 30;
const DT_IRQ_TYPE_LEVEL_HIGH = 4;
const DT_IRQ_TYPE_LEVEL_LOW = 8;
const PSCI_cpu_off = 1;
const PSCI_cpu_on = 2;
const MAX_NR_EXT_REGIONS = 256;
const FDT_MAX_SIZE = 65536;

export interface GuestDtConfig {
  readonly xenMajor: number;
  readonly xenMinor: number;
  readonly guestType: string;
  readonly maxVcpus: number;
  readonly cmdline: string | undefined;
  readonly ramdisk: boolean;
  /** The vGIC version after createdomain (libxl__arch_domain_save_config). */
  readonly gic: "v2" | "v3";
  readonly vuart: boolean;
  readonly optee: boolean;
  readonly realm: boolean;
  readonly clockFrequency: number;
  /** The 128 random bytes of /chosen/rng-seed (libxl__random_bytes). */
  readonly rngSeed: Uint8Array;
  /** device_tree=: the partial device tree's file (path and bytes, undefined if unreadable). */
  readonly partial?: { readonly path: string; readonly bytes: Uint8Array | undefined };
}

/** set_interrupt(): <is_ppi, irq - 16 or 32, (cpumask << 8) | level>. */
function interrupt(irq: number, cpumask: number, level: number): number[] {
  const ppi = irq < 32;
  return [ppi ? 1 : 0, irq - (ppi ? 16 : 32), (cpumask << 8) | level];
}

const reg = (...ranges: [bigint, bigint][]) =>
  cells(...ranges.flatMap(([a, s]) => [...cellsOf(a, ADDR_CELLS), ...cellsOf(s, SIZE_CELLS)]));

function build(fdt: FdtWriter, c: GuestDtConfig, log: ToolstackLog, partial?: FdtNode): void {
  const arm64 = c.guestType === "xen-3.0-aarch64";
  fdt.beginNode("");
  fdt.property("model", str(`XENVM-${c.xenMajor}.${c.xenMinor}`));
  fdt.property("compatible", str(`xen,xenvm-${c.xenMajor}.${c.xenMinor}`, "xen,xenvm"));
  fdt.property("interrupt-parent", cells(PHANDLE_GIC));
  fdt.property("#address-cells", cells(ADDR_CELLS));
  fdt.property("#size-cells", cells(SIZE_CELLS));

  fdt.beginNode("chosen");
  if (c.cmdline !== undefined) {
    log.libxl("debug", "arm.bootargs", `/chosen/bootargs = ${c.cmdline}`);
    fdt.property("bootargs", str(c.cmdline));
  }
  if (c.ramdisk) {
    log.libxl(
      "debug",
      "arm.initrd-placeholder",
      "/chosen adding placeholder linux,initrd properties",
    );
    fdt.property("linux,initrd-start", new Uint8Array(8));
    fdt.property("linux,initrd-end", new Uint8Array(8));
  }
  fdt.property("rng-seed", c.rngSeed);
  fdt.endNode();

  fdt.beginNode("cpus");
  fdt.property("#address-cells", cells(1));
  fdt.property("#size-cells", cells(0));
  for (let i = 0; i < c.maxVcpus; i++) {
    // libxl__compute_mpdir(): AFF0 and AFF1.
    const mpidr = (i & 0x0f) | (((i >> 4) & 0xff) << 8);
    fdt.beginNode(`cpu@${mpidr.toString(16)}`);
    fdt.property("device_type", str("cpu"));
    fdt.property("compatible", str(arm64 ? "arm,armv8" : "arm,cortex-a15"));
    fdt.property("enable-method", str("psci"));
    fdt.property("reg", cells(mpidr));
    fdt.endNode();
  }
  fdt.endNode();

  fdt.beginNode("psci");
  fdt.property("compatible", str("arm,psci-1.0", "arm,psci-0.2", "arm,psci"));
  fdt.property("method", str(c.realm ? "smc" : "hvc"));
  fdt.property("cpu_off", cells(PSCI_cpu_off));
  fdt.property("cpu_on", cells(PSCI_cpu_on));
  fdt.endNode();

  for (const base of GUEST_RAM_BANK_BASES) {
    const name = `memory@${base.toString(16)}`;
    log.libxl("debug", "arm.memory-placeholder", `Creating placeholder node /${name}`);
    fdt.beginNode(name);
    fdt.property("device_type", str("memory"));
    fdt.property("reg", reg([0n, 0n]));
    fdt.endNode();
  }

  fdt.beginNode(`interrupt-controller@${GICD_BASE.toString(16)}`);
  fdt.property(
    "compatible",
    c.gic === "v2" ? str("arm,cortex-a15-gic", "arm,cortex-a9-gic") : str("arm,gic-v3"),
  );
  fdt.property("#interrupt-cells", cells(3));
  fdt.property("#address-cells", cells(0));
  fdt.property("interrupt-controller", new Uint8Array(0));
  fdt.property(
    "reg",
    c.gic === "v2"
      ? reg([GICD_BASE, GICV2.dSize], [GICV2.cBase, GICV2.cSize])
      : reg([GICD_BASE, GICV3.dSize], [GICV3.rBase, GICV3.rSize]),
  );
  fdt.property("linux,phandle", cells(PHANDLE_GIC));
  fdt.property("phandle", cells(PHANDLE_GIC));
  fdt.endNode();

  fdt.beginNode("timer");
  fdt.property("compatible", str(arm64 ? "arm,armv8-timer" : "arm,armv7-timer"));
  fdt.property(
    "interrupts",
    cells(
      ...interrupt(TIMER_PHYS_S_PPI, 0xf, DT_IRQ_TYPE_LEVEL_LOW),
      ...interrupt(TIMER_PHYS_NS_PPI, 0xf, DT_IRQ_TYPE_LEVEL_LOW),
      ...interrupt(GUEST_TIMER_VIRT_PPI, 0xf, DT_IRQ_TYPE_LEVEL_LOW),
    ),
  );
  fdt.property("interrupt-parent", cells(PHANDLE_GIC));
  if (c.clockFrequency) fdt.property("clock-frequency", cells(c.clockFrequency));
  fdt.endNode();

  if (!c.realm) {
    fdt.beginNode("hypervisor");
    fdt.property("compatible", str(`xen,xen-${c.xenMajor}.${c.xenMinor}`, "xen,xen"));
    // reg 0 is the grant table's placeholder, 1..256 the extended regions'.
    fdt.property("reg", new Uint8Array((ADDR_CELLS + SIZE_CELLS) * 4 * (MAX_NR_EXT_REGIONS + 1)));
    fdt.property("interrupts", cells(...interrupt(GUEST_EVTCHN_PPI, 0xf, DT_IRQ_TYPE_LEVEL_LOW)));
    fdt.property("interrupt-parent", cells(PHANDLE_GIC));
    fdt.endNode();
  }

  if (c.vuart) {
    fdt.beginNode("sbsa-pl011");
    fdt.property("compatible", str("arm,sbsa-uart"));
    fdt.property("reg", reg([PL011.base, PL011.size]));
    fdt.property("interrupts", cells(...interrupt(GUEST_VPL011_SPI, 0xf, DT_IRQ_TYPE_LEVEL_HIGH)));
    fdt.property("interrupt-parent", cells(PHANDLE_GIC));
    fdt.property("current-speed", cells(115200));
    fdt.endNode();
  }

  if (c.optee) {
    log.libxl("debug", "arm.optee-node", "Creating OP-TEE node in dtb");
    fdt.beginNode("firmware");
    fdt.beginNode("optee");
    fdt.property("compatible", str("linaro,optee-tz"));
    fdt.property("method", str("hvc"));
    fdt.endNode();
    fdt.endNode();
  }
  if (partial) copyPartial(fdt, partial, log);
  fdt.endNode();
}

/**
 * libxl__prepare_dtb(): the tree and its size, with libxl's debug lines; undefined
 * when it failed (the error lines are logged).
 */
export function prepareDtb(
  c: GuestDtConfig,
  log: ToolstackLog,
): { root: FdtNode; size: number } | undefined {
  log.libxl(
    "debug",
    "arm.constructing-dtb",
    `constructing DTB for Xen version ${c.xenMajor}.${c.xenMinor} guest`,
  );
  log.libxl("debug", "arm.vgic-version", ` - vGIC version: ${c.gic === "v2" ? "V2" : "V3"}`);
  let partial: FdtNode | undefined;
  if (c.partial) {
    const path = c.partial.path;
    log.libxl("debug", "arm.partial-dt-provided", ` - Partial device tree provided: ${path}`);
    if (!c.partial.bytes) {
      log.libxl(
        "error",
        "arm.partial-dt-read-failed",
        `failed to read the partial device file ${path}`,
        {
          errno: 2,
        },
      );
      return undefined;
    }
    partial = checkPartial(c.partial.bytes, log);
    if (!partial) return undefined;
  }
  for (let capacity = 4096; ; capacity *= 2) {
    const fdt = new FdtWriter(capacity);
    try {
      build(fdt, c, log, partial);
      const size = fdt.finish();
      log.libxl("debug", "arm.fdt-total-size", `fdt total size ${size}`);
      return { root: fdt.root, size };
    } catch (e) {
      if (e instanceof PartialCopyError) {
        log.libxl(
          "error",
          "arm.partial-copy-failed",
          "FDT: copy_partial_fdt(gc, fdt, pfdt) failed: -1 = FDT_ERR_NOTFOUND",
        );
        return undefined;
      }
      if (!(e instanceof FdtOverflow) || capacity * 2 > FDT_MAX_SIZE) throw e;
      log.libxl("debug", "arm.fdt-resize", `Increasing FDT size to ${capacity * 2} and retrying`);
    }
  }
}

export interface DtPlacement {
  /** Pages in each RAM bank (dom->rambank_size). */
  readonly rambankPages: readonly [bigint, bigint];
  readonly ramdisk?: { vstart: bigint; vend: bigint };
  /** gpaddr_bits from getdomaininfo. */
  readonly gpaddrBits: number;
  readonly realm: boolean;
}

const align2M = (x: bigint) => (x + 0x1fffffn) & ~0x1fffffn;
const hex = (x: bigint) => `0x${x.toString(16)}`;

/** libxl__arch_domain_finalise_hw_description(). */
export function finaliseDtb(root: FdtNode, p: DtPlacement, log: ToolstackLog): void {
  const setReg = (n: FdtNode, name: string, value: Uint8Array) => {
    const prop = n.props.find((x) => x.name === name);
    if (prop) prop.value = value;
  };
  if (p.ramdisk) {
    const chosen = findNode(root, "/chosen")!;
    log.libxl(
      "debug",
      "arm.initrd-update",
      `/chosen updating initrd properties to cover ${p.ramdisk.vstart.toString(16)}-${p.ramdisk.vend.toString(16)}`,
    );
    setReg(chosen, "linux,initrd-start", cells(...cellsOf(p.ramdisk.vstart, 2)));
    setReg(chosen, "linux,initrd-end", cells(...cellsOf(p.ramdisk.vend, 2)));
  }
  if (!p.realm) {
    // finalize_hypervisor_node(): the grant table, then unallocated RAM-bank space.
    const ranges: [bigint, bigint][] = [[GNTTAB.base, GNTTAB.size]];
    const limit = (1n << BigInt(p.gpaddrBits)) - 1n;
    for (let i = 0; i < 2; i++) {
      const start = GUEST_RAM_BANK_BASES[i]! + align2M(p.rambankPages[i]! << 12n);
      let end = GUEST_RAM_BANK_BASES[i]! + GUEST_RAM_BANK_SIZES[i]! - 1n;
      if (limit < end) end = limit;
      if (end < start || end - start + 1n < 0x4000000n) continue;
      log.libxl(
        "debug",
        "arm.extended-region",
        `Extended region ${ranges.length - 1}: ${hex(start)}->${hex(end)}`,
      );
      ranges.push([start, end - start + 1n]);
    }
    if (ranges.length === 1)
      log.libxl(
        "warning",
        "arm.no-extended-regions",
        "The extended regions cannot be allocated, not enough space",
      );
    setReg(findNode(root, "/hypervisor")!, "reg", reg(...ranges));
  }
  for (let i = 0; i < 2; i++) {
    const base = GUEST_RAM_BANK_BASES[i]!;
    const name = `/memory@${base.toString(16)}`;
    const node = findNode(root, name)!;
    const size = p.rambankPages[i]! << 12n;
    if (size === 0n) {
      log.libxl("debug", "arm.nop-placeholder", `Nopping out placeholder node ${name}`);
      node.nopped = true;
    } else {
      log.libxl("debug", "arm.populate-placeholder", `Populating placeholder node ${name}`);
      setReg(node, "reg", reg([base, size]));
    }
  }
}

/** A deterministic stand-in for libxl__random_bytes (the lab's runs must repeat). */
export function rngSeed(uuid: Uint8Array): Uint8Array {
  let x = 0x9e3779b9;
  for (const b of uuid) x = Math.imul(x ^ b, 0x85ebca6b) >>> 0;
  const out = new Uint8Array(128);
  for (let i = 0; i < out.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
