/**
 * Event channel figures (issue: event channels):
 * - evtchn.send_2l: EVTCHNOP_send on an IPI port through the whole hypercall path
 *   (dispatch, copy-in, evtchn_send, the 2-level set_pending in guest memory, the
 *   upcall, the trace), then the guest's acknowledgement (clear the pending bit, the
 *   selector bit and evtchn_upcall_pending) so every send takes the full path;
 *   baseline evtchn.send_2l.raw: the same bits set and cleared by bare memory writes.
 * - evtchn.send_fifo: the same on the FIFO ABI (PENDING and LINKED in the event word,
 *   head[7], the ready bit, the upcall); baseline evtchn.send_fifo.raw: the same words
 *   written and cleared directly.
 */
import { EVTCHNOP } from "../src/xen-core/abi/event-channel";
import { HYPERVISOR } from "../src/xen-core/abi/xen";
import { mapGuestFrame, type MappedPage } from "../src/xen-core/memory/mapped-page";
import { makeLab } from "../src/xen-core/testing/lab";
import {
  ARG_GPA,
  TEST_RAM_GFN,
  createGuestWithRam,
  evtchnOp,
  expandArray,
  initControl,
  mapSharedInfoAt,
  vcpuOf,
} from "../src/xen-core/testing/evtchn-lab";
import { figure, rate, type Figure } from "./figures";

const BATCH = 1000;
const SHARED_GFN = TEST_RAM_GFN + 1;
const CB_GFN = TEST_RAM_GFN + 2;
const ARRAY_GFN = TEST_RAM_GFN + 3;

function setup(fifo: boolean) {
  const lab = makeLab({ arch: "arm64" });
  const { hv } = lab;
  const id = createGuestWithRam(lab, 1, 8);
  const v = vcpuOf(hv, id);
  mapSharedInfoAt(hv, v, SHARED_GFN);
  if (fifo) {
    initControl(hv, v, CB_GFN);
    expandArray(hv, v, ARRAY_GFN);
  }
  const port = evtchnOp(hv, v, EVTCHNOP.EVTCHNOP_bind_ipi, 8).out.u32(4);
  // The send struct stays in guest memory; every iteration passes the same pointer.
  hv.domain(id)!.memory.writePhys(ARG_GPA, Uint8Array.of(port, 0, 0, 0));
  const mem = hv.domain(id)!.memory;
  const page = (gfn: number): MappedPage => mapGuestFrame(mem, gfn)!;
  const args = [BigInt(EVTCHNOP.EVTCHNOP_send), BigInt(ARG_GPA), 0n, 0n, 0n] as const;
  const send = () => hv.hypercall(v, HYPERVISOR.__HYPERVISOR_event_channel_op, args);
  return { port, shared: page(SHARED_GFN), cb: page(CB_GFN), words: page(ARRAY_GFN), send };
}

export function evtchnFigures(budgetMs = 1000): Figure[] {
  // 2-level on Arm: pending @48, vcpu0's selector @8, upcall_pending @0.
  const two = setup(false);
  const pendOff = 48 + (two.port >>> 3);
  const bit = 1 << (two.port & 7);
  const ack2l = () => {
    const s = two.shared;
    s.setU8(pendOff, s.u8(pendOff) & ~bit);
    s.setU8(8, 0);
    s.setU8(0, 0);
  };
  const send2l = rate(
    () => {
      for (let i = 0; i < BATCH; i++) {
        two.send();
        ack2l();
      }
    },
    BATCH,
    budgetMs,
  );
  const raw2l = rate(
    () => {
      for (let i = 0; i < BATCH; i++) {
        const s = two.shared;
        s.setU8(pendOff, s.u8(pendOff) | bit);
        s.setU8(8, s.u8(8) | 1);
        s.setU8(0, 1);
        ack2l();
      }
    },
    BATCH,
    budgetMs,
  );

  // FIFO: the port's event word, head[7] and ready bit 7 in the control block.
  const f = setup(true);
  const wordOff = (f.port & 1023) * 4;
  const ackFifo = () => {
    f.words.setU32(wordOff, 0);
    f.cb.setU32(0, 0);
    f.shared.setU8(0, 0);
  };
  const sendFifo = rate(
    () => {
      for (let i = 0; i < BATCH; i++) {
        f.send();
        ackFifo();
      }
    },
    BATCH,
    budgetMs,
  );
  const rawFifo = rate(
    () => {
      for (let i = 0; i < BATCH; i++) {
        f.words.setU32(wordOff, (0xa0000000 | 0) >>> 0);
        f.cb.setU32(8 + 7 * 4, f.port);
        f.cb.setU32(0, f.cb.u32(0) | (1 << 7));
        f.shared.setU8(0, 1);
        ackFifo();
      }
    },
    BATCH,
    budgetMs,
  );
  return [
    figure("evtchn.send_2l", send2l, "evtchn.send_2l.raw", raw2l),
    figure("evtchn.send_fifo", sendFifo, "evtchn.send_fifo.raw", rawFifo),
  ];
}
