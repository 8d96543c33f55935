/**
 * One scheduler for every v86 instance of a page or a process. v86 runs a guest in
 * ticks of about 1 ms of guest time and asks for the next one through `yield`: in
 * Node a setImmediate per tick, in the browser a message to a worker. With several
 * guests talking through event channels, that hop is what bounds a ping-pong. Here
 * each instance's `yield` is replaced: ready instances wait in one run queue and a
 * loop runs their ticks back to back inside one macrotask (until a time budget is
 * used, then the page or the event loop gets a turn). An instance woken by another
 * one (an event channel upcall raised on its PIC while it was halted) goes to the
 * front of the queue, so the CPU is handed to it as soon as the sender halts.
 *
 * Crash containment starts here: a tick that throws (a wasm panic, "RuntimeError:
 * unreachable") is caught and reported to its guest; the others keep running.
 */
import type { V86Core } from "v86";

export interface ScheduledGuest {
  readonly core: V86Core;
  /** Not scheduled while paused (the domain is paused in Xen). */
  paused(): boolean;
  /** Never scheduled again (destroyed or crashed). */
  dead(): boolean;
  /** After each tick, with its wall-clock duration in ms. */
  tickEnded(ms: number): void;
  /** The tick threw: the emulator is unusable. */
  crashed(err: unknown): void;
}

class Slot {
  queued = false;
  tick = 0;
  wakeAt = Infinity;
  constructor(readonly guest: ScheduledGuest) {}
}

export interface SchedulerHandle {
  /** Queue the guest (after an unpause). */
  wake(): void;
  detach(): void;
}

type Macrotask = (fn: () => void) => void;

function defaultMacrotask(): Macrotask {
  const g = globalThis as { setImmediate?: (fn: () => void) => unknown };
  if (typeof g.setImmediate === "function") {
    const setImmediate = g.setImmediate;
    return (fn) => void setImmediate(fn);
  }
  // The browser: a message is a macrotask without setTimeout's 4 ms clamp.
  const channel = new MessageChannel();
  const queue: (() => void)[] = [];
  channel.port1.onmessage = () => queue.shift()?.();
  return (fn) => {
    queue.push(fn);
    channel.port2.postMessage(0);
  };
}

export class GuestScheduler {
  private readonly queue: Slot[] = [];
  private readonly slots = new Set<Slot>();
  private current: Slot | undefined;
  private looping = false;
  private loopPending = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Infinity;
  private readonly macrotask: Macrotask;
  /** Ticks run so far (all guests). */
  ticks = 0;

  constructor(
    /** How long one loop may run guests before yielding to the event loop, ms. */
    private readonly budgetMs = 8,
    private readonly clock: () => number = () => performance.now(),
    macrotask?: Macrotask,
  ) {
    this.macrotask = macrotask ?? defaultMacrotask();
  }

  /** Take over `guest`'s tick scheduling. */
  attach(guest: ScheduledGuest): SchedulerHandle {
    const slot = new Slot(guest);
    this.slots.add(slot);
    guest.core.yield = (t, tick) => this.onYield(slot, t, tick);
    return {
      wake: () => this.enqueue(slot, false),
      detach: () => {
        this.slots.delete(slot);
        const i = this.queue.indexOf(slot);
        if (i >= 0) this.queue.splice(i, 1);
        slot.queued = false;
      },
    };
  }

  /** v86 asks for its next tick: now (t < 1) or in t ms (halted, waiting for a timer). */
  private onYield(slot: Slot, t: number, tick: number): void {
    slot.tick = tick;
    if (t < 1) {
      slot.wakeAt = Infinity;
      // Woken by the guest running now (an event it sent to this halted one): run next.
      this.enqueue(slot, this.current !== undefined && this.current !== slot);
    } else {
      slot.wakeAt = this.clock() + t;
      this.armTimer();
    }
  }

  private enqueue(slot: Slot, front: boolean): void {
    if (!this.slots.has(slot) || slot.guest.dead()) return;
    if (slot.queued) {
      if (!front) return;
      this.queue.splice(this.queue.indexOf(slot), 1);
    }
    slot.queued = true;
    if (front) this.queue.unshift(slot);
    else this.queue.push(slot);
    if (!this.looping && !this.loopPending) {
      this.loopPending = true;
      this.macrotask(() => this.loop());
    }
  }

  private loop(): void {
    this.loopPending = false;
    this.looping = true;
    const start = this.clock();
    try {
      while (this.queue.length) {
        const slot = this.queue.shift()!;
        slot.queued = false;
        if (slot.guest.dead() || slot.guest.paused()) continue;
        this.runTick(slot);
        if (this.clock() - start >= this.budgetMs) break;
      }
    } finally {
      this.looping = false;
    }
    this.wakeDue();
    if (this.queue.length && !this.loopPending) {
      this.loopPending = true;
      this.macrotask(() => this.loop());
    }
    this.armTimer();
  }

  private runTick(slot: Slot): void {
    const t0 = this.clock();
    this.current = slot;
    this.ticks++;
    try {
      slot.guest.core.yield_callback(slot.tick);
    } catch (err) {
      this.current = undefined;
      slot.guest.crashed(err);
      return;
    }
    this.current = undefined;
    slot.guest.tickEnded(this.clock() - t0);
  }

  private wakeDue(): void {
    const now = this.clock();
    for (const slot of this.slots) {
      if (slot.wakeAt <= now) {
        slot.wakeAt = Infinity;
        this.enqueue(slot, false);
      }
    }
  }

  /** One timer for the earliest halted guest that asked to be woken. */
  private armTimer(): void {
    let next = Infinity;
    for (const slot of this.slots) if (!slot.guest.dead()) next = Math.min(next, slot.wakeAt);
    if (next === this.timerAt) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = next;
    if (next === Infinity) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Infinity;
        this.wakeDue();
        this.armTimer();
      },
      Math.max(0, next - this.clock()),
    );
    // Node: a halted guest alone must not keep a finished CLI run alive.
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** Forget every guest (they are destroyed by their owners). */
  dispose(): void {
    this.slots.clear();
    this.queue.length = 0;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }
}
