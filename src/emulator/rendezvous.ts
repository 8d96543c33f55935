/**
 * The lab's rendezvous between emulated guests, standing in for xenstore (which the
 * lab does not run). Two guests that want an event channel must agree on a port
 * number: on Xen one writes the unbound port it offered into xenstore and the other
 * reads it when its watch fires. Here labkernel's `ping` publishes its offer with an
 * OUT to port 0xEC, and the peer is told by a pulse on PIC line 11 and reads the
 * offer with an IN from the same port (guests/labkernel/include/lab/hypercall.h).
 * Nothing about Xen is involved: the channel itself is made with EVTCHNOP_* as usual.
 */
import { XEN_ERRNO } from "../xen-core/abi/errno";

export const RENDEZVOUS_PORT = 0xec;
export const RENDEZVOUS_IRQ = 11;
/** OUT EAX value: publish an offer (EBX = peer domid, ECX = port). */
export const RENDEZVOUS_OFFER = 1;

/** A running guest (it leaves when it crashes, shuts down or is destroyed). */
export interface RendezvousMember {
  readonly domid: number;
  /** An offer is waiting: raise the guest's rendezvous interrupt. */
  notifyRendezvous(): void;
}

export interface Offer {
  readonly from: number;
  readonly port: number;
}

export class Rendezvous {
  private readonly members = new Map<number, RendezvousMember>();
  private readonly offers = new Map<number, Offer[]>();

  /** A guest joins (when it starts); returns the disposer. */
  join(member: RendezvousMember): () => void {
    this.members.set(member.domid, member);
    return () => {
      if (this.members.get(member.domid) === member) this.members.delete(member.domid);
      this.offers.delete(member.domid);
    };
  }

  /** `from` offers `port` to `to`: 0, or -ESRCH when `to` runs no emulated guest. */
  offer(from: number, to: number, port: number): number {
    const peer = this.members.get(to);
    if (!peer) return -XEN_ERRNO.ESRCH;
    const queue = this.offers.get(to) ?? [];
    queue.push({ from, port });
    this.offers.set(to, queue);
    peer.notifyRendezvous();
    return 0;
  }

  /** The oldest offer made to `domid`, if any. */
  take(domid: number): Offer | undefined {
    return this.offers.get(domid)?.shift();
  }
}
