/**
 * HVMOP_set_param / HVMOP_get_param, the parameter the lab's guests use being
 * HVM_PARAM_CALLBACK_IRQ (how event upcalls are delivered).
 *
 * x86 (xen/arch/x86/hvm/hvm.c hvmop_set_param, hvm_allow_set_param, hvm_set_param,
 * hvm/irq.c hvm_set_callback_via): index ≥ HVM_NR_PARAMS → -EINVAL; target by any id
 * (-ESRCH); not HVM → -EINVAL; XSM_TARGET → -EPERM; a guest may set CALLBACK_IRQ and a
 * few others itself, any other parameter of its own is -EPERM. Setting CALLBACK_IRQ
 * sets the callback route (a GSI or PCI INTx route needs the emulated LAPIC, IOAPIC
 * and PIC: a PVH domain keeps "none" and only vector callbacks work), re-asserts a
 * pending upcall, prints "Dom%u callback via changed to ..." (debug builds), and
 * latches has_32bit_shinfo from the caller's mode (hvm_latch_shinfo_size).
 *
 * Arm (xen/arch/arm/hvm.c do_hvm_op): XSM_TARGET; the settable parameters are for the
 * toolstack only, so a guest setting its own CALLBACK_IRQ gets -EPERM; the rest of
 * the space is -EINVAL. Other HVMOPs → -ENOSYS.
 */
import { XEN_ERRNO } from "../abi/errno";
import * as G from "../abi/guest-ops";
import type { Domain } from "../domain/domain";
import { domainByAnyId, xsmTarget } from "../evtchn/bind";
import { hvmAssertEvtchnIrq } from "../evtchn/upcall";
import type { HypervisorContext } from "../hypervisor/context";
import { copyFromGuest, copyToGuest } from "../memory/guest-access";
import { testBit } from "../memory/mapped-page";
import { StructBuf } from "../memory/struct-buf";
import type { Vcpu } from "../vcpu/vcpu";
import { x86VcpuIn64BitMode } from "./compat";

const E = XEN_ERRNO;
/** struct xen_hvm_param: domid u16, pad u16, index u32, value u64 (16 bytes, all ABIs). */
export const XEN_HVM_PARAM = { domid: 0, index: 4, value: 8, size: 16 } as const;
const a = new StructBuf(XEN_HVM_PARAM.size);

/** hvm_allow_set_param: CALLBACK_IRQ, VM86_TSS, ACPI_IOPORTS_LOCATION,
 * VM_GENERATION_ID_ADDR, STORE_EVTCHN, CONSOLE_EVTCHN, X87_FIP_WIDTH, VM86_TSS_SIZED. */
const X86_GUEST_SETTABLE = new Set([0, 15, 19, 34, 2, 18, 36, 37]);
/** hvm_allow_get_param: the above plus STORE_PFN, CONSOLE_PFN and ALTP2M. */
const X86_GUEST_READABLE = new Set([0, 15, 37, 19, 34, 1, 2, 17, 18, 35, 36]);
/** PAE_ENABLED, DM_DOMAIN, MEMORY_EVENT_*, NESTEDHVM, BUFIOREQ_EVTCHN: -EINVAL. */
const X86_DEPRECATED = new Set([4, 13, 20, 21, 22, 23, 24, 25, 26, 30]);
/** X86_EMU_LAPIC | X86_EMU_IOAPIC | X86_EMU_PIC (xen/include/public/arch-x86/xen.h). */
const X86_EMU_IRQCHIPS = (1 << 0) | (1 << 4) | (1 << 5);
/** hvm_irq->nr_gsis of an HVM domain (VIOAPIC_NUM_PINS, 48). */
const NR_GSIS = 48;

export function doHvmOp(ctx: HypervisorContext, caller: Vcpu, opArg: bigint, arg: bigint): number {
  const op = Number(opArg & 0xffffffffn);
  if (op !== G.HVMOP.HVMOP_set_param && op !== G.HVMOP.HVMOP_get_param) {
    if (ctx.trace.enabled) ctx.describeCurrent({ op: `HVMOP#${op}`, args: {} });
    return -E.ENOSYS;
  }
  const set = op === G.HVMOP.HVMOP_set_param;
  const callerDom = ctx.domains.get(caller.domid)!;
  if (!copyFromGuest(callerDom.memory, arg, XEN_HVM_PARAM.size, a.bytes)) return -E.EFAULT;
  const index = a.u32(XEN_HVM_PARAM.index);
  const value = a.u64(XEN_HVM_PARAM.value);
  const domid = a.u16(XEN_HVM_PARAM.domid);
  if (ctx.trace.enabled) {
    ctx.describeCurrent({
      op: set ? "HVMOP_set_param" : "HVMOP_get_param",
      args: set ? { domid, index, value: `0x${value.toString(16)}` } : { domid, index },
    });
  }
  if (ctx.arch === "x86_64" && index >= G.HVM_NR_PARAMS) return -E.EINVAL;
  const d = domainByAnyId(ctx, caller, domid);
  if (!d) return -E.ESRCH;
  const self = d === callerDom;
  let rc: number;
  if (ctx.arch === "arm64") {
    rc = xsmTarget(callerDom, d) || (set ? armAllowSet(index, self) : armAllowGet(index, self));
  } else {
    if (!d.isHvm) return -E.EINVAL;
    rc = xsmTarget(callerDom, d) || (set ? x86AllowSet(index, self) : x86AllowGet(index, self));
  }
  if (rc) return rc;
  if (!set) {
    a.setU64(XEN_HVM_PARAM.value, d.hvmParams[index]!);
    return copyToGuest(callerDom.memory, arg, a.bytes) ? 0 : -E.EFAULT;
  }
  if (ctx.arch === "x86_64" && index === G.HVM_PARAM_CALLBACK_IRQ) {
    d.hvmParams[index] = value;
    hvmSetCallbackVia(ctx, d, value);
    // hvm_latch_shinfo_size(): only when the domain sets its own parameter.
    if (self) d.evtchn.shared.compat = !x86VcpuIn64BitMode(caller);
    return 0;
  }
  d.hvmParams[index] = value;
  return 0;
}

function armAllowSet(index: number, self: boolean): number {
  const toolstack = [0, 1, 2, 17, 18, 28];
  if (!toolstack.includes(index)) return -E.EINVAL;
  return self ? -E.EPERM : 0;
}

function armAllowGet(index: number, self: boolean): number {
  if ([0, 1, 2, 17, 18].includes(index)) return 0;
  if (index === G.HVM_PARAM_MONITOR_RING_PFN) return self ? -E.EPERM : 0;
  return -E.EINVAL;
}

function x86AllowSet(index: number, self: boolean): number {
  if (X86_GUEST_SETTABLE.has(index)) return 0;
  if (index === 35) return -E.EEXIST; // HVM_PARAM_ALTP2M is read-only
  if (X86_DEPRECATED.has(index)) return -E.EINVAL;
  return self ? -E.EPERM : 0;
}

function x86AllowGet(index: number, self: boolean): number {
  if (X86_GUEST_READABLE.has(index)) return 0;
  if (X86_DEPRECATED.has(index)) return -E.EINVAL;
  return self ? -E.EPERM : 0;
}

/** hvm_set_callback_via(). */
function hvmSetCallbackVia(ctx: HypervisorContext, d: Domain, via: bigint): void {
  let type = Number(via >> 56n) + 1; // HVMIRQ_callback_{none,gsi,pci_intx,vector}
  if ((type === 1 && via === 0n) || type > 3) type = 0;
  const emu = d.arch.kind === "x86" ? d.arch.emulationFlags : 0;
  if (type !== 3 && (emu & X86_EMU_IRQCHIPS) !== X86_EMU_IRQCHIPS) return;
  const gsi = Number(via & 0xffn);
  const kinds = ["none", "gsi", "pci_intx", "vector"] as const;
  d.callbackVia = kinds[type]!;
  if (d.callbackVia === "gsi" && (gsi === 0 || gsi >= NR_GSIS)) d.callbackVia = "none";
  // Re-assert for every online vCPU whose upcall is already pending.
  const sh = d.evtchn.shared;
  for (const v of d.vcpus) {
    if (!v?.online || !d.emulated) continue;
    const area = sh.vcpuInfo(v.vcpuId);
    if (testBit(area.page, area.off + sh.layout.upcallPending, 0)) hvmAssertEvtchnIrq(d, v);
  }
  if (ctx.profile.debug) {
    const pdev = Number((via >> 11n) & 31n);
    const intx = String.fromCharCode(65 + Number(via & 3n));
    const what =
      type === 1
        ? `GSI ${gsi}`
        : type === 2
          ? `PCI INTx Dev 0x${pdev.toString(16).padStart(2, "0")} Int${intx}`
          : type === 3
            ? `Direct Vector 0x${gsi.toString(16).padStart(2, "0")}`
            : "None";
    ctx.console.printk(`Dom${d.domid} callback via changed to ${what}`);
  }
}
