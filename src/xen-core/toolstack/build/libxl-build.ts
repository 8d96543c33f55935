/**
 * libxl__domain_build() for an Arm guest (tools/libs/light/libxl_dom.c, libxl_arm.c,
 * RELEASE-4.22.0): libxl__build_pre (max_vcpus, max_mem, the xenstore and console
 * event channels), libxl__build_pv → libxl__build_dom (the xc_dom_* steps of
 * xc-dom.ts around the device tree), libxl__arch_build_dom_finish (the vPL011, and the
 * Realm RFC's finalisation). Returns 0 or ERROR_FAIL, with libxl's messages logged.
 *
 * Not issued because the lab's hypervisor does not model them: HVMOP_set_param
 * (HVM_PARAM_CALLBACK_IRQ, the console/xenstore pfns), XEN_DOMCTL_set_paging_mempool_size,
 * the grant table seeding (GNTTABOP_setup_table). Each would succeed on a real Xen.
 */
import { GUEST_RAM0_BASE } from "../../abi/arch-arm";
import { GETDOMAININFO, DOMCTL } from "../../domctl/layout";
import { XEN_DOMCTL } from "../../abi/domctl";
import { finaliseDtb, prepareDtb, rngSeed } from "../dt/guest-dt";
import { serialize, type FdtNode } from "../dt/fdt";
import type { KernelSource } from "../kernel/source";
import type { LibxlEnv } from "../libxl/env";
import { ERROR_FAIL } from "../libxl/setdefault";
import type { LibxlDomainConfig } from "../libxl/types";
import {
  xcDomAllocate,
  xcDomBootImage,
  xcDomBootMemInit,
  xcDomBootXenInit,
  xcDomBuildImage,
  xcDomMemInit,
  xcDomParseImage,
  xcDomRambaseInit,
  type XcDom,
} from "./xc-dom";

/** LIBXL_MAXMEM_CONSTANT: what libxl adds to max_mem for the magic pages and slack. */
const LIBXL_MAXMEM_CONSTANT = 1024;

export interface ArmBuildInput {
  readonly domid: number;
  readonly d: LibxlDomainConfig;
  readonly kernel: KernelSource | undefined;
  readonly ramdisk: Uint8Array | undefined;
  /** The vGIC version createdomain chose. */
  readonly gic: "v2" | "v3";
  /** probe-first: the kernel was probed before createdomain; no set_mode. */
  readonly probed?: XcDom;
  /** PSR_GUEST64_INIT of the toolstack's headers. */
  readonly psr64: bigint;
  /** Files in dom0 (the partial device tree). */
  readonly readFile: (path: string) => Uint8Array | undefined;
  /** LIBXL_DEBUG_DUMP_DTB is set: where the finalised DTB goes. */
  readonly dumpDtb?: (dtb: Uint8Array) => void;
}

export interface ArmBuildResult {
  readonly rc: number;
  readonly dom?: XcDom;
  readonly dt?: FdtNode;
}

/** The first steps of libxl__build_pv: xc_dom_allocate and the kernel file. */
export function loadKernel(
  env: LibxlEnv,
  domid: number,
  d: LibxlDomainConfig,
  kernel: KernelSource | undefined,
) {
  const dom = xcDomAllocate(env, domid, d.bInfo.cmdline, kernel, d.bInfo.kernel);
  if (!dom)
    env.log.libxl("error", "dom.kernel-file-failed", "xc_dom_kernel_file failed", { errno: 2 });
  return dom;
}

export function armBuild(env: LibxlEnv, input: ArmBuildInput): ArmBuildResult {
  const { log, xc } = env;
  const { domid, d } = input;
  const b = d.bInfo;

  // libxl__build_pre.
  if (xc.maxVcpus(domid, b.maxVcpus) !== 0) {
    log.libxl("error", "dom.max-vcpus-failed", "Couldn't set max vcpu count");
    return { rc: ERROR_FAIL };
  }
  const maxRet = xc.maxMem(domid, (b.targetMemkb ?? 0) + LIBXL_MAXMEM_CONSTANT);
  if (maxRet < 0) {
    log.libxl("error", "dom.max-mem-failed", "Couldn't set max memory", { errno: -maxRet });
    return { rc: ERROR_FAIL };
  }
  // libxl ignores the result of both (the event channel model may not be there).
  xc.evtchnAllocUnbound(domid, 0);
  xc.evtchnAllocUnbound(domid, 0);

  // libxl__build_pv.
  log.libxl("debug", "dom.pv-kernel-mapped", `pv kernel mapped 0 path ${b.kernel ?? "(null)"}`);
  const dom = input.probed ?? loadKernel(env, domid, d, input.kernel);
  if (!dom) return { rc: ERROR_FAIL };
  if (input.ramdisk) {
    log.detail(`xc_dom_module_file: filename="${b.ramdisk}"`);
    dom.ramdisk = { size: input.ramdisk.length, seg: { vstart: 0n, vend: 0n } };
  }

  // libxl__build_dom.
  xcDomBootXenInit(env, dom);
  xcDomRambaseInit(env, dom);
  if (!xcDomParseImage(env, dom)) {
    log.libxl("error", "dom.parse-image-failed", "xc_dom_parse_image failed");
    return { rc: ERROR_FAIL };
  }
  // libxl__arch_domain_init_hw_description; libxl__build_dom's LOGE prints errno.
  const hwDescriptionFailed = (errno: number) => {
    log.libxl(
      "error",
      "dom.init-hw-description-failed",
      "libxl__arch_domain_init_hw_description failed",
      { errno },
    );
    return { rc: ERROR_FAIL };
  };
  if (b.type !== "pvh") {
    log.libxl("error", "arm.unsupported-type", `Unsupported Arm guest type ${b.type}`);
    return hwDescriptionFailed(22);
  }
  const v = dom.xenVersion;
  const dt = prepareDtb(
    {
      xenMajor: v >> 16,
      xenMinor: v & 0xffff,
      guestType: dom.guestType!,
      maxVcpus: b.maxVcpus,
      cmdline: b.cmdline,
      ramdisk: input.ramdisk !== undefined,
      gic: input.gic,
      vuart: b.archArm.vuart === "sbsa_uart",
      optee: b.tee === "optee",
      realm: b.realm === true,
      clockFrequency: 0,
      rngSeed: rngSeed(d.cInfo.uuid),
      ...(b.deviceTree !== undefined
        ? { partial: { path: b.deviceTree, bytes: input.readFile(b.deviceTree) } }
        : {}),
    },
    log,
  );
  // errno: ENOENT when the partial device tree could not be read; otherwise whatever it
  // was (UNVERIFIED: the model says 0).
  if (!dt)
    return hwDescriptionFailed(b.deviceTree !== undefined && !input.readFile(b.deviceTree) ? 2 : 0);
  log.libxl("debug", "arm.acpi-disabled", "Generating ACPI tables is disabled by user.");

  xcDomMemInit(env, dom, Math.floor((b.targetMemkb ?? 0) / 1024));
  const mem = xcDomBootMemInit(env, dom, dt.size, input.probed !== undefined);
  if (mem.rc) {
    log.libxl("error", "dom.boot-mem-init-failed", "xc_dom_boot_mem_init failed", {
      errno: mem.errno,
    });
    return { rc: ERROR_FAIL, dom };
  }
  finaliseDtb(
    dt.root,
    {
      rambankPages: dom.rambankPages,
      ...(dom.ramdisk ? { ramdisk: dom.ramdisk.seg } : {}),
      gpaddrBits: gpaddrBits(env, domid),
      realm: b.realm === true,
    },
    log,
  );
  const blob = serialize(dt.root, dt.size);
  input.dumpDtb?.(blob);
  if (!xcDomBuildImage(env, dom, blob, input.ramdisk)) {
    log.libxl("error", "dom.build-image-failed", "xc_dom_build_image failed", { errno: 12 });
    return { rc: ERROR_FAIL, dom, dt: dt.root };
  }
  if (!xcDomBootImage(env, dom, input.psr64)) {
    log.libxl("error", "dom.boot-image-failed", "xc_dom_boot_image failed", { errno: 22 });
    return { rc: ERROR_FAIL, dom, dt: dt.root };
  }
  const finish = archBuildDomFinish(env, d, dom);
  if (finish) {
    log.libxl("error", "dom.build-dom-finish-failed", "libxl__arch_build_dom_finish failed", {
      errno: finish.errno,
    });
    return { rc: ERROR_FAIL, dom, dt: dt.root };
  }
  return { rc: 0, dom, dt: dt.root };
}

/** gpaddr_bits from XEN_DOMCTL_getdomaininfo (finalize_hypervisor_node's libxl_domain_info). */
function gpaddrBits(env: LibxlEnv, domid: number): number {
  const { ret, op } = env.xc.domctl(XEN_DOMCTL.XEN_DOMCTL_getdomaininfo, domid);
  return ret === 0 ? op.u8(DOMCTL.u + GETDOMAININFO.gpaddr_bits) || 40 : 40;
}

/**
 * libxl__arch_build_dom_finish(): xc_dom_vuart_init for vuart="sbsa_uart", then, with
 * the Realm RFC, arm_realm_finalize_guest (bank 1 must be empty; XEN_DOMCTL_arm_cca_op
 * over the first bank).
 */
function archBuildDomFinish(
  env: LibxlEnv,
  d: LibxlDomainConfig,
  dom: XcDom,
): { errno: number } | undefined {
  const { log, xc } = env;
  if (d.bInfo.archArm.vuart === "sbsa_uart") {
    const vuartGfn = (0x39000000n >> 12n) + 3n;
    const r = xc.vuartInit(dom.domid, 0, vuartGfn);
    if (r.ret < 0) {
      log.libxl("error", "arm.vuart-init-failed", "xc_dom_vuart_init failed\n");
      return { errno: -r.ret };
    }
  }
  if (!(env.profile.toolstack.realm && d.bInfo.realm)) return undefined;
  if (dom.rambankPages[1] !== 0n) {
    log.libxl(
      "error",
      "arm.realm-bank1",
      "Realm guests must fit entirely within the first RAM bank",
    );
    // libxl__build_dom's LOGE then prints whatever errno is; nothing failed since (0).
    return { errno: 0 };
  }
  const ret = xc.armCcaInitRealm(dom.domid, BigInt(GUEST_RAM0_BASE) >> 12n, dom.rambankPages[0]);
  if (ret < 0) {
    log.libxl("error", "arm.realm-init-failed", "xc_arm_cca_init_realm failed", { errno: -ret });
    return { errno: -ret };
  }
  return undefined;
}
