/**
 * libxl__arch_domain_prepare_config() for Arm (tools/libs/light/libxl_arm.c,
 * RELEASE-4.22.0): the createdomain arch config (vGIC version, SPIs for the vPL011 and
 * passed-through IRQs, TEE, SVE), preceded, under the Realm RFC, by
 * arm_realm_check_config() ("[RFC PATCH v1 25/26] libxl/arm: add and validate Realm
 * guest support", 2026-05-15): the first unsupported feature is rejected with "Realm
 * guests do not support <what>", in the patch's order. The RFC compares the *configured*
 * gic_version with v3, so a Realm config that leaves gic_version at "default" is
 * rejected even on a GICv3 host: Xen picks the native version only later.
 */
import { GUEST_VPL011_SPI, GUEST_RAM0_SIZE } from "../../abi/arch-arm";
import { XEN_DOMCTL_CONFIG_GIC, XEN_DOMCTL_CONFIG_TEE } from "../../abi/domctl";
import type { CreateDomainConfig } from "../../domctl/createdomain-config";
import type { LibxlEnv } from "./env";
import { ERROR_FAIL, ERROR_INVAL } from "./setdefault";
import type { LibxlDomainConfig } from "./types";

/** arm_realm_check_config(): the first rejection, or undefined. */
export function realmRejection(d: LibxlDomainConfig): string | undefined {
  const b = d.bInfo;
  if (!b.realm) return undefined;
  const bank0Memkb = GUEST_RAM0_SIZE / 1024;
  const n = d.devices;
  if (b.type !== "pvh") return "non-PVH build types";
  if ((b.targetMemkb ?? 0) > bank0Memkb || (b.maxMemkb ?? 0) > bank0Memkb)
    return "guest RAM beyond the first RAM bank";
  if (b.deviceTree !== undefined) return "partial device trees";
  if (b.acpi) return "ACPI";
  if (b.archArm.gicVersion !== "v3") return "non-GICv3 interrupt controllers";
  if (b.tee !== "none") return "TEE/FF-A plumbing";
  if (b.irqs.length || b.numIomem) return "IRQ/IOMEM passthrough";
  if (b.numVnumaNodes) return "vNUMA";
  if (d.cInfo.passthrough !== "disabled") return "passthrough mode";
  if (n.pcidevs || n.dtdevs) return "passthrough devices";
  if (n.disks || n.nics || n.virtios || n.vkbs || n.p9s || n.pvcallsifs)
    return "frontend/backend devices";
  if (n.vtpms || n.vfbs || n.vdispls || n.vsnds || n.channels || n.usbctrls || n.usbdevs)
    return "auxiliary frontend devices";
  return undefined;
}

/** Fill `config.arm`; returns 0 or a libxl error (the messages are logged). */
export function armPrepareConfig(
  env: LibxlEnv,
  d: LibxlDomainConfig,
  config: CreateDomainConfig,
): number {
  const log = env.log;
  if (env.profile.toolstack.realm) {
    const what = realmRejection(d);
    if (what) {
      log.libxl("error", "arm.realm-reject", `Realm guests do not support ${what}`);
      return ERROR_INVAL;
    }
  }
  const arm = d.bInfo.archArm;
  let nrSpis = 0;
  if (arm.vuart === "sbsa_uart") nrSpis += GUEST_VPL011_SPI - 32 + 1;
  for (const irq of d.bInfo.irqs) {
    if (arm.vuart === "sbsa_uart" && irq === GUEST_VPL011_SPI) {
      log.libxl("error", "arm.irq-conflict", `Physical IRQ ${irq} conflicting with pl011 SPI\n`);
      return ERROR_FAIL;
    }
    if (irq >= 32 && nrSpis <= irq - 32) nrSpis = irq - 32 + 1;
  }
  log.libxl("debug", "arm.configure", "Configure the domain");
  if (arm.nrSpis !== undefined) {
    if (nrSpis > arm.nrSpis) {
      log.libxl(
        "error",
        "arm.nr-spis-too-small",
        `Provided nr_spis value is too small (minimum required ${nrSpis})\n`,
      );
      return ERROR_FAIL;
    }
    config.arm.nrSpis = arm.nrSpis;
  } else config.arm.nrSpis = nrSpis;
  log.libxl("debug", "arm.allocate-spis", ` - Allocate ${config.arm.nrSpis} SPIs`);

  const G = XEN_DOMCTL_CONFIG_GIC;
  config.arm.gicVersion =
    arm.gicVersion === "v2"
      ? G.XEN_DOMCTL_CONFIG_GIC_V2
      : arm.gicVersion === "v3"
        ? G.XEN_DOMCTL_CONFIG_GIC_V3
        : G.XEN_DOMCTL_CONFIG_GIC_NATIVE;
  const T = XEN_DOMCTL_CONFIG_TEE;
  config.arm.teeType =
    d.bInfo.tee === "optee"
      ? T.XEN_DOMCTL_CONFIG_TEE_OPTEE
      : d.bInfo.tee === "ffa"
        ? T.XEN_DOMCTL_CONFIG_TEE_FFA
        : T.XEN_DOMCTL_CONFIG_TEE_NONE;
  if (arm.sveVl > 0) config.arm.sveVl = arm.sveVl / 128;
  config.arm.armSciType = 0;
  log.libxl("debug", "arm.sci-type", " - SCI type=0");
  return 0;
}
