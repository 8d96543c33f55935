/**
 * Helpers for tests and benches: a hypervisor with its toolstack, and a way to make a
 * domU issue hypercalls from its own memory (the path a guest takes).
 */
import { HYPERVISOR } from "../abi/xen";
import { XEN_DOMCTL, XEN_DOMCTL_INTERFACE_VERSION } from "../abi/domctl";
import { libxlDefaultConfig } from "../domctl/createdomain-config";
import { DOMCTL, XEN_DOMCTL_SIZE } from "../domctl/layout";
import { Hypervisor, type HypervisorOptions } from "../hypervisor/hypervisor";
import { StructBuf } from "../memory/struct-buf";
import { cdfMask } from "../profiles/profiles";
import { XenCtrl } from "../toolstack/xenctrl";
import type { Vcpu } from "../vcpu/vcpu";

export function makeLab(options: HypervisorOptions = {}) {
  const hv = new Hypervisor(options);
  const xc = new XenCtrl(hv);
  return { hv, xc };
}

/** The flags libxl passes for a default guest on each arch. */
export function defaultGuestFlags(hv: Hypervisor): number {
  return cdfMask(hv.profile, ["hvm", "hap"]);
}

/** Create a domU the way `xl create` would start to: createdomain + max_vcpus. */
export function createGuest(lab: ReturnType<typeof makeLab>, maxVcpus = 1, flags?: number): number {
  const { hv, xc } = lab;
  const cfg = libxlDefaultConfig(hv.arch, flags ?? defaultGuestFlags(hv), maxVcpus);
  const { ret, domid } = xc.createDomain(cfg);
  if (ret !== 0) throw new Error(`createdomain failed: ${ret}`);
  if (xc.maxVcpus(domid, maxVcpus) !== 0) throw new Error("max_vcpus failed");
  return domid;
}

/** Give a domU one page of RAM at `gpfn` (through XENMEM_populate_physmap). */
export function giveGuestPage(lab: ReturnType<typeof makeLab>, domid: number, gpfn: number): void {
  const { xc } = lab;
  xc.maxMem(domid, 1024 * 1024);
  if (xc.populatePhysmap(domid, [gpfn]) !== 1) throw new Error("populate failed");
}

/** A domctl issued by `vcpu`'s domain from its own memory at `gva`. */
export function guestDomctl(
  hv: Hypervisor,
  vcpu: Vcpu,
  gva: number,
  cmd: number,
  domain: number,
  fill?: (op: StructBuf) => void,
): number {
  const op = new StructBuf(XEN_DOMCTL_SIZE);
  op.setU32(DOMCTL.cmd, cmd).setU32(DOMCTL.interface_version, XEN_DOMCTL_INTERFACE_VERSION);
  op.setU16(DOMCTL.domain, domain);
  fill?.(op);
  hv.domain(vcpu.domid)!.memory.writePhys(gva, op.bytes);
  return hv.hypercall(vcpu, HYPERVISOR.__HYPERVISOR_domctl, [BigInt(gva), 0n, 0n, 0n, 0n]);
}

export { XEN_DOMCTL };
