/**
 * The boot of a modelled kernel, in Linux's order (arch/arm/xen/enlighten.c
 * xen_guest_init, arch/x86/xen/enlighten_hvm.c, drivers/xen/events/events_base.c
 * xen_init_IRQ): a 64-bit x86 kernel first enters long mode; then the kernel asks Xen
 * its version, maps shared_info over one of its RAM frames (XENMEM_add_to_physmap), on
 * x86 sets HVM_PARAM_CALLBACK_IRQ (a vector callback, at which Xen latches the
 * shared_info layout from the caller's mode: compat unless in 64-bit mode), registers
 * every vCPU's vcpu_info (VCPUOP_register_vcpu_info; required on Arm where only one
 * vcpu_info fits in shared_info), then tries FIFO (init_control per vCPU) unless it
 * only knows 2-level, falling back to 2-level on any error, as Linux's xen_init_IRQ
 * does.
 */
import { formatRet } from "../abi/errno";
import { HVMOP, HVM_PARAM_CALLBACK_IRQ, VCPUOP, XENMAPSPACE, XENMEM } from "../abi/guest-ops";
import { DOMID, HYPERVISOR, XENVER } from "../abi/xen";
import {
  SHARED_INFO_ARM,
  SHARED_INFO_X86_32,
  SHARED_INFO_X86_64,
  type SharedInfoLayout,
} from "../evtchn/layout";
import { x86VcpuIn64BitMode } from "../hypercall/compat";
import { syncX86Vcpu } from "../vcpu/x86-mode";
import {
  X86_CR0_ET,
  X86_CR0_PE,
  X86_CR0_PG,
  X86_CR4_PAE,
  X86_EFER_LMA,
  X86_EFER_LME,
} from "../vcpu/x86-vcpu";
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

/**
 * The guest's own shared_info layout, from its xen_ulong_t: Arm's (64-bit for AArch32
 * and AArch64 alike), x86-64's for a 64-bit x86 kernel, else the 32-bit x86 (compat) one.
 */
export function guestLayout(host: DriverHost): SharedInfoLayout {
  if (host.hv.arch === "arm64") return SHARED_INFO_ARM;
  return x86VcpuIn64BitMode(host.boot) ? SHARED_INFO_X86_64 : SHARED_INFO_X86_32;
}

/** The boot option of a 64-bit x86 modelled kernel (docs/guest-shell.md). */
export function wantsX86LongMode(arch: string, cmdline: string): boolean {
  return arch === "x86_64" && /(?:^|\s)x86=64(?:\s|$)/.test(cmdline);
}

/**
 * A 64-bit x86 kernel's first act: Linux enters at its 32-bit PVH/HVM entry point and
 * switches to long mode itself (arch/x86/kernel/head_64.S) before it talks to Xen; the
 * model takes the end state: CR0.PG, CR4.PAE, EFER.LME|LMA and a 64-bit code segment
 * (attr 0xa9b: L, P, S, code). The modelled kernel runs identity-mapped, so CR3 stays 0.
 */
export function enterLongMode(host: DriverHost): void {
  syncX86Vcpu(
    host.hv,
    host.boot,
    {
      cr0: X86_CR0_PE | X86_CR0_ET | X86_CR0_PG,
      cr3: 0,
      cr4: X86_CR4_PAE,
      eflags: 2,
      cs: 0x10,
      efer: X86_EFER_LME | X86_EFER_LMA,
      csAttr: 0xa9b,
    },
    "kernel entry (x86=64)",
  );
}

/** Map shared_info, set the x86 callback, register every vcpu_info. Returns an error line. */
export function platformInit(host: DriverHost, frames: BootFrames): string | undefined {
  const x86 = host.hv.arch === "x86_64";
  // The compat struct for a 32-bit x86 caller (xen/common/compat/memory.c).
  const compat = x86 && !x86VcpuIn64BitMode(host.boot);
  const A = compat ? COMPAT_ADD_TO_PHYSMAP : XEN_ADD_TO_PHYSMAP;
  const map = host.cpu.structCall(
    host.boot,
    HYPERVISOR.__HYPERVISOR_memory_op,
    XENMEM.XENMEM_add_to_physmap,
    A.bytes,
    (s) => {
      s.setU16(A.domid, DOMID.DOMID_SELF).setU32(A.space, XENMAPSPACE.XENMAPSPACE_shared_info);
      if (compat) s.setU32(A.gpfn, frames.shared);
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
