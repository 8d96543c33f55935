/**
 * `ping DOMID [COUNT]` between modelled kernels: an alloc/bind handshake, then COUNT
 * round trips. The peer learns the offered port the way a real pair of guests would
 * through xenstore; modelled kernels use the lab's direct rendezvous instead (the peer
 * kernel binds at once). The peer echoes every event on its end, the first being the
 * notification bind_interdomain always raises, which tells this side it is ready.
 * Everything runs in the model's deterministic order of upcalls.
 */
import { EVTCHNOP } from "../abi/event-channel";
import { DOMID } from "../abi/xen";
import { errText } from "./kernel-boot";
import { ModelledKernel } from "./kernel";
import { evtchnOp } from "./ops";

function send(k: ModelledKernel, port: number): void {
  evtchnOp(k, EVTCHNOP.EVTCHNOP_send, 4, (s) => s.setU32(0, port));
}

/** The peer's side: bind to the offered port and echo every event back. */
function answer(peer: ModelledKernel, from: number, port: number): number {
  const r = evtchnOp(peer, EVTCHNOP.EVTCHNOP_bind_interdomain, 12, (s) =>
    s.setU16(0, from).setU32(4, port),
  );
  if (r.ret < 0) {
    peer.log(`evtchn: bind failed: ${errText(r.ret)}`);
    return r.ret;
  }
  const local = r.out.u32(8);
  peer.log(`evtchn: bound port ${local} to d${from} port ${port}`);
  peer.handlers.set(local, (p) => send(peer, p));
  peer.adopt(local);
  return 0;
}

export function ping(k: ModelledKernel, dom: number, count: number): void {
  const a = evtchnOp(k, EVTCHNOP.EVTCHNOP_alloc_unbound, 8, (s) =>
    s.setU16(0, DOMID.DOMID_SELF).setU16(2, dom),
  );
  if (a.ret < 0) return k.log(`ping: alloc failed: ${errText(a.ret)}`);
  const port = a.out.u32(4);
  let ready = false;
  let rounds = 0;
  let done = false;
  k.handlers.set(port, () => {
    if (done) return;
    if (ready) rounds++;
    ready = true;
    if (rounds < count) return send(k, port);
    done = true;
    k.log(`ping: d${dom} ${rounds} round trips`);
  });
  k.adopt(port);
  const peer = k.hv.domain(dom)?.modelled;
  if (!(peer instanceof ModelledKernel) || !peer.driver || peer.halted) {
    done = true;
    return k.log(`ping: d${dom} has no modelled kernel to answer`);
  }
  if (answer(peer, k.domid, port) < 0) done = true;
  k.afterCommand.push(() => {
    if (!done) k.log(`ping: d${dom} no answer after ${rounds} round trips`);
    done = true;
  });
}
