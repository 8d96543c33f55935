/**
 * The boot of a modelled kernel, in Linux's order (arch/arm/xen/enlighten.c
 * xen_guest_init, arch/x86/xen/enlighten_hvm.c, drivers/xen/events/events_base.c
 * xen_init_IRQ): ask Xen its version, map shared_info over one of its RAM frames
 * (XENMEM_add_to_physmap), on x86 set HVM_PARAM_CALLBACK_IRQ (a vector callback, which
 * also makes Xen latch the 32-bit shared_info layout), register every vCPU's
 * vcpu_info (VCPUOP_register_vcpu_info; required on Arm where only one vcpu_info fits
 * in shared_info), then try FIFO (init_control per vCPU) unless the kernel only knows
 * 2-level, falling back to 2-level on any error, as Linux's xen_init_IRQ does.
 */
import { formatRet } from "../abi/errno";
import { HVMOP, HVM_PARAM_CALLBACK_IRQ, VCPUOP, XENMAPSPACE, XENMEM } from "../abi/guest-ops";
import { DOMID, HYPERVISOR, XENVER } from "../abi/xen";
import { SHARED_INFO_ARM, SHARED_INFO_X86_32, type SharedInfoLayout } from "../evtchn/layout";
import { XEN_HVM_PARAM } from "../hypercall/hvm-op";
import { VCPU_REGISTER_VCPU_INFO } from "../hypercall/vcpu-op";
import { COMPAT_ADD_TO_PHYSMAP, XEN_ADD_TO_PHYSMAP } from "../hypercall/add-to-physmap";
import type { DriverHost, EvtchnDriver } from "./driver";
import { TwoLevelDriver } from "./driver-2l";
import { FifoDriver } from "./driver-fifo";

/** The upcall vector a modelled x86 kernel asks for (Linux's HYPERVISOR_CALLBACK_VECTOR). */
export const X86_CALLBACK_VECTOR = 0xf3;
/** vcpu_info slots in the kernel's vcpu_info page: 64 bytes apart (x86 size, Arm aligned). */
export const VCPU_INFO_STRIDE = 64;

export interface BootFrames {
  readonly shared: number;
  readonly vcpuInfo: number;
}

/** "xen: version 4.22.0" from XENVER_version and XENVER_extraversion. */
export function xenVersionLine(host: DriverHost): string {
  const v = host.cpu.call(host.boot, HYPERVISOR.__HYPERVISOR_xen_version, [
    XENVER.XENVER_version,
    0,
  ]);
  const extra = host.cpu.structCall(
    host.boot,
    HYPERVISOR.__HYPERVISOR_xen_version,
    XENVER.XENVER_extraversion,
    16,
    () => {},
  );
  let text = "";
  for (let i = 0; i < 16 && extra.out.u8(i); i++) text += String.fromCharCode(extra.out.u8(i));
  return `xen: version ${v >> 16}.${v & 0xffff}${text}`;
}

/** The guest's own shared_info layout: Arm, or the 32-bit x86 (compat) one. */
export function guestLayout(host: DriverHost): SharedInfoLayout {
  return host.hv.arch === "arm64" ? SHARED_INFO_ARM : SHARED_INFO_X86_32;
}

/** Map shared_info, set the x86 callback, register every vcpu_info. Returns an error line. */
export function platformInit(host: DriverHost, frames: BootFrames): string | undefined {
  const x86 = host.hv.arch === "x86_64";
  const A = x86 ? COMPAT_ADD_TO_PHYSMAP : XEN_ADD_TO_PHYSMAP;
  const map = host.cpu.structCall(
    host.boot,
    HYPERVISOR.__HYPERVISOR_memory_op,
    XENMEM.XENMEM_add_to_physmap,
    A.bytes,
    (s) => {
      s.setU16(A.domid, DOMID.DOMID_SELF).setU32(A.space, XENMAPSPACE.XENMAPSPACE_shared_info);
      if (x86) s.setU32(A.gpfn, frames.shared);
      else s.setU64(A.gpfn, frames.shared);
    },
  );
  if (map.ret < 0) return `xen: add_to_physmap(shared_info) failed: ${errText(map.ret)}`;
  if (x86) {
    const via = (2n << 56n) | BigInt(X86_CALLBACK_VECTOR); // HVM_PARAM_CALLBACK_TYPE_VECTOR
    const r = host.cpu.structCall(
      host.boot,
      HYPERVISOR.__HYPERVISOR_hvm_op,
      HVMOP.HVMOP_set_param,
      XEN_HVM_PARAM.size,
      (s) =>
        s
          .setU16(XEN_HVM_PARAM.domid, DOMID.DOMID_SELF)
          .setU32(XEN_HVM_PARAM.index, HVM_PARAM_CALLBACK_IRQ)
          .setU64(XEN_HVM_PARAM.value, via),
    );
    if (r.ret < 0) return `xen: set HVM_PARAM_CALLBACK_IRQ failed: ${errText(r.ret)}`;
  }
  for (const v of host.vcpus) {
    const r = host.cpu.structCall(
      host.boot,
      HYPERVISOR.__HYPERVISOR_vcpu_op,
      VCPUOP.VCPUOP_register_vcpu_info,
      VCPU_REGISTER_VCPU_INFO.size,
      (s) =>
        s
          .setU64(VCPU_REGISTER_VCPU_INFO.mfn, frames.vcpuInfo)
          .setU32(VCPU_REGISTER_VCPU_INFO.offset, v.vcpuId * VCPU_INFO_STRIDE),
      2,
      [v.vcpuId],
    );
    if (r.ret < 0) return `xen: register_vcpu_info(vcpu ${v.vcpuId}) failed: ${errText(r.ret)}`;
  }
  return undefined;
}

/** `-ENOSYS (-38)`, or `(-N)` for an errno Xen does not name. */
export function errText(ret: number): string {
  const name = formatRet(ret);
  return name.startsWith("-E") ? `${name} (${ret})` : `(${ret})`;
}

/**
 * Choose the event channel driver: FIFO first (unless `flavour` is 2l), 2-level on any
 * error; prints the boot lines of docs/guest-shell.md.
 */
export function initEventChannels(
  host: DriverHost,
  frames: BootFrames,
  flavour: "fifo" | "2l",
): EvtchnDriver {
  if (flavour === "fifo") {
    const fifo = new FifoDriver(host);
    const rc = fifo.init();
    if (rc === 0) {
      host.log("fifo: ok");
      host.log(`evtchn: fifo, ${fifo.channels} channels`);
      return fifo;
    }
    host.log(`fifo: init_control failed: ${errText(rc)}, using 2-level`);
  }
  const two = new TwoLevelDriver(host, guestLayout(host), frames.shared);
  two.maskAll();
  host.log(`evtchn: 2-level, ${two.channels} channels`);
  return two;
}
