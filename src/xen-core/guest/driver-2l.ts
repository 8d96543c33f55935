/**
 * A 2-level event channel driver as Linux writes it (drivers/xen/events/events_2l.c):
 * - at init every port is masked (xen_evtchn_mask_all);
 * - unmask: clear the mask bit locally; a port already pending is left masked and
 *   unmasked by EVTCHNOP_unmask instead, so Xen re-raises it (the HVM path of
 *   evtchn_2l_unmask);
 * - upcall (evtchn_2l_handle_events, called by __xen_evtchn_do_upcall once it cleared
 *   evtchn_upcall_pending): exchange evtchn_pending_sel with 0, and for each selected
 *   word take pending & ~mask, acknowledging each port by clearing its pending bit.
 * The guest's layout is its own ABI: Arm (64-bit words) or x86-32 (32-bit words).
 */
import { EVTCHNOP } from "../abi/event-channel";
import { HYPERVISOR } from "../abi/xen";
import { EVTCHN_UNMASK, type SharedInfoLayout } from "../evtchn/layout";
import { clearBit, testBit } from "../memory/mapped-page";
import type { DriverHost, EvtchnDriver } from "./driver";

export class TwoLevelDriver implements EvtchnDriver {
  readonly kind = "2l" as const;

  constructor(
    private readonly host: DriverHost,
    private readonly layout: SharedInfoLayout,
    /** The frame where the kernel mapped shared_info. */
    private readonly sharedGfn: number,
  ) {}

  get channels(): number {
    return this.layout.wordBits * this.layout.wordBits;
  }

  private get shared() {
    return this.host.page(this.sharedGfn);
  }

  /** xen_evtchn_mask_all(): every bit of evtchn_mask set. */
  maskAll(): void {
    const bytes = this.channels / 8;
    for (let i = 0; i < bytes; i++) this.shared.setU8(this.layout.evtchnMask + i, 0xff);
  }

  mask(port: number): void {
    const p = this.shared;
    const off = this.layout.evtchnMask + (port >>> 3);
    p.setU8(off, p.u8(off) | (1 << (port & 7)));
  }

  /** Clear the mask bit in guest memory only (a resume kernel restoring its state). */
  unmaskLocal(port: number): void {
    clearBit(this.shared, this.layout.evtchnMask, port);
  }

  setup(port: number): void {
    const l = this.layout;
    if (testBit(this.shared, l.evtchnPending, port)) {
      this.host.cpu.structCall(
        this.host.boot,
        HYPERVISOR.__HYPERVISOR_event_channel_op,
        EVTCHNOP.EVTCHNOP_unmask,
        EVTCHN_UNMASK.size,
        (s) => s.setU32(EVTCHN_UNMASK.port, port),
      );
    } else {
      clearBit(this.shared, l.evtchnMask, port);
    }
  }

  handle(vcpuId: number): number[] {
    const l = this.layout;
    const { gfn, off } = this.host.vcpuInfo(vcpuId);
    const vi = this.host.page(gfn);
    const sh = this.shared;
    const wordBytes = l.wordBits / 8;
    const out: number[] = [];
    // xchg(&vcpu_info->evtchn_pending_sel, 0)
    const sel: number[] = [];
    for (let i = 0; i < wordBytes; i++) {
      sel.push(vi.u8(off + l.pendingSel + i));
      vi.setU8(off + l.pendingSel + i, 0);
    }
    for (let word = 0; word < l.wordBits; word++) {
      if (!((sel[word >>> 3]! >>> (word & 7)) & 1)) continue;
      for (let bit = 0; bit < l.wordBits; bit++) {
        const port = word * l.wordBits + bit;
        if (!testBit(sh, l.evtchnPending, port) || testBit(sh, l.evtchnMask, port)) continue;
        clearBit(sh, l.evtchnPending, port); // ack: clear_evtchn()
        out.push(port);
      }
    }
    return out;
  }
}
