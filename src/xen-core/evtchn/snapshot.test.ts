// The inspector's view of event channels (DomainSnapshot.evtchn): Xen's port state and
// the ABI structures as they are in guest memory (xen/common/event_2l.c,
// event_fifo.c), frozen, and rebuilt only when the model changed.
import { describe, expect, it } from "vitest";
import { EVTCHNOP } from "../abi/event-channel";
import { makeLab } from "../testing/lab";
import {
  TEST_RAM_GFN,
  allocUnbound,
  bindInterdomain,
  createGuestWithRam,
  evtchnOp,
  expandArray,
  initControl,
  portOp,
  vcpuOf,
} from "../testing/evtchn-lab";

describe("evtchn snapshot", () => {
  it("2-level: ports, bitmaps, selectors and upcall as the guest sees them", () => {
    const lab = makeLab({ arch: "arm64" });
    const a = createGuestWithRam(lab);
    const b = createGuestWithRam(lab);
    const { hv } = lab;
    const pa = allocUnbound(hv, vcpuOf(hv, a), b);
    const pb = bindInterdomain(hv, vcpuOf(hv, b), a, pa);
    const snap = hv.snapshot().domains.find((d) => d.domid === b)!.evtchn;
    expect(snap).toMatchObject({ abi: "2l", limit: 4096, layout: "arm", maxEvtchnPort: 1023 });
    expect(snap.ports).toEqual([
      {
        port: pb,
        state: "interdomain",
        remoteDom: a,
        remotePort: pa,
        notifyVcpu: 0,
        priority: 0,
        pending: true,
        masked: false,
        xenConsumer: 0,
      },
    ]);
    expect(snap.twoLevel!.pendingBytes[0]).toBe(1 << pb);
    expect(snap.twoLevel!.pendingBytes).toHaveLength(512);
    expect(snap.vcpuInfo[0]).toMatchObject({
      vcpuId: 0,
      selector: 1n,
      upcallPending: true,
      registered: null,
      dummy: false,
    });
    expect(snap.fifo).toBeNull();
    expect(Object.isFrozen(snap.ports[0])).toBe(true);
    // Same version, same object; a change makes a new one.
    expect(hv.snapshot()).toBe(hv.snapshot());
  });

  it("FIFO: control blocks (ready, head, Xen's tail) and event words of bound ports", () => {
    const lab = makeLab({ arch: "arm64" });
    const a = createGuestWithRam(lab);
    const { hv } = lab;
    const v = vcpuOf(hv, a);
    initControl(hv, v, TEST_RAM_GFN + 1);
    expandArray(hv, v, TEST_RAM_GFN + 2);
    const p1 = evtchnOp(hv, v, EVTCHNOP.EVTCHNOP_bind_ipi, 8).out.u32(4);
    const p2 = evtchnOp(hv, v, EVTCHNOP.EVTCHNOP_bind_ipi, 8).out.u32(4);
    portOp(hv, v, EVTCHNOP.EVTCHNOP_send, p1);
    portOp(hv, v, EVTCHNOP.EVTCHNOP_send, p2);
    const snap = hv.snapshot().domains.find((d) => d.domid === a)!.evtchn;
    expect(snap).toMatchObject({ abi: "fifo", limit: 131072 });
    const cb = snap.fifo!.vcpus[0]!;
    expect(cb.controlBlock).toEqual({ gfn: TEST_RAM_GFN + 1, offset: 0 });
    expect([cb.ready, cb.head[7], cb.tail[7]]).toEqual([1 << 7, p1, p2]);
    expect(snap.fifo!.words).toEqual([
      {
        port: p1,
        word: (0xa0000000 | p2) >>> 0,
        pending: true,
        masked: false,
        linked: true,
        busy: false,
        link: p2,
      },
      {
        port: p2,
        word: 0xa0000000,
        pending: true,
        masked: false,
        linked: true,
        busy: false,
        link: 0,
      },
    ]);
    expect(snap.fifo!.eventArrayGfns).toEqual([TEST_RAM_GFN + 2]);
    expect(snap.ports.map((p) => p.priority)).toEqual([7, 7]);
  });
});
