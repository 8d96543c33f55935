/**
 * The lab's scheduler over fake v86 cores: each fake core behaves like v86's main.js
 * (do_tick runs main_loop, then next_tick -> yield), and its main_loop is scripted.
 */
import { describe, expect, it } from "vitest";
import type { V86Core } from "v86";
import { GuestScheduler, type ScheduledGuest } from "./scheduler";

class FakeCore {
  running = true;
  stopping = false;
  idle = true;
  tick_counter = 0;
  ticks = 0;
  /** What main_loop returns: 0 = more to do, >= 1 = halted (ms until a timer). */
  next: () => number = () => 0;
  constructor(
    readonly name: string,
    private readonly log: string[],
  ) {}
  yield(_t: number, _tick: number): void {
    throw new Error("not attached");
  }
  yield_callback(tick: number): void {
    if (tick === this.tick_counter) this.do_tick();
  }
  do_tick(): void {
    this.idle = false;
    this.ticks++;
    this.log.push(this.name);
    const t = this.next();
    this.next_tick(t);
  }
  next_tick(t: number): void {
    const tick = ++this.tick_counter;
    this.idle = true;
    this.yield(t, tick);
  }
  /** An interrupt wakes a halted core (v86's stop_idling). */
  wakeUp(): void {
    if (this.idle) this.next_tick(0);
  }
  run(): void {
    this.next_tick(0);
  }
}

function guest(
  core: FakeCore,
  over: Partial<ScheduledGuest> = {},
): ScheduledGuest & { errors: unknown[] } {
  const errors: unknown[] = [];
  return {
    core: core as unknown as V86Core,
    paused: () => false,
    dead: () => errors.length > 0,
    tickEnded: () => undefined,
    crashed: (err) => errors.push(err),
    errors,
    ...over,
  };
}

/** A scheduler whose macrotasks run when the test says so. */
function manual(budgetTicks = 1000) {
  const tasks: (() => void)[] = [];
  let now = 0;
  const sched = new GuestScheduler(
    budgetTicks,
    () => now,
    (fn) => tasks.push(fn),
  );
  return {
    sched,
    advance: (ms: number) => (now += ms),
    drain: (max = 10) => {
      for (let i = 0; i < max && tasks.length; i++) tasks.shift()!();
    },
    pending: () => tasks.length,
  };
}

describe("GuestScheduler", () => {
  it("runs ready guests round robin inside one macrotask", () => {
    const log: string[] = [];
    const a = new FakeCore("a", log);
    const b = new FakeCore("b", log);
    let left = 3;
    a.next = () => (--left > 0 ? 0 : 100);
    b.next = () => 100;
    const m = manual();
    m.sched.attach(guest(a));
    m.sched.attach(guest(b));
    a.run();
    b.run();
    expect(m.pending()).toBe(1);
    m.drain(1);
    expect(log).toEqual(["a", "b", "a", "a"]);
  });

  it("hands the CPU to a guest woken by another one before anyone else", () => {
    const log: string[] = [];
    const [a, b, c] = ["a", "b", "c"].map((n) => new FakeCore(n, log));
    const m = manual();
    for (const core of [a!, b!, c!]) m.sched.attach(guest(core));
    b!.next = () => 100; // b halts
    b!.run();
    m.drain(1);
    log.length = 0;
    // a sends an event to b, then halts; c is busy and queued before the wakeup.
    let sent = false;
    a!.next = () => {
      if (!sent) b!.wakeUp();
      sent = true;
      return 100;
    };
    c!.next = () => 100;
    c!.run();
    a!.run();
    m.drain(1);
    expect(log).toEqual(["c", "a", "b"]);
  });

  it("skips paused guests and runs them again when woken", () => {
    const log: string[] = [];
    const a = new FakeCore("a", log);
    a.next = () => 100;
    let paused = true;
    const m = manual();
    const h = m.sched.attach(guest(a, { paused: () => paused }));
    a.run();
    m.drain();
    expect(log).toEqual([]);
    paused = false;
    h.wake();
    m.drain();
    expect(log).toEqual(["a"]);
  });

  it("contains a tick that throws: that guest is reported, the others run on", () => {
    const log: string[] = [];
    const a = new FakeCore("a", log);
    const b = new FakeCore("b", log);
    a.next = () => {
      throw new WebAssembly.RuntimeError("unreachable");
    };
    let bTicks = 0;
    b.next = () => (++bTicks < 3 ? 0 : 100);
    const m = manual();
    const ga = guest(a);
    m.sched.attach(ga);
    m.sched.attach(guest(b));
    a.run();
    b.run();
    m.drain();
    expect(ga.errors).toHaveLength(1);
    expect(String(ga.errors[0])).toContain("unreachable");
    expect(log).toEqual(["a", "b", "b", "b"]);
  });

  it("yields to the event loop when the time budget is used, and wakes timers", () => {
    const log: string[] = [];
    const a = new FakeCore("a", log);
    const m = manual(5);
    m.sched.attach(guest(a));
    a.next = () => {
      m.advance(2);
      return 0;
    };
    a.run();
    m.drain(1);
    expect(log).toEqual(["a", "a", "a"]);
    expect(m.pending()).toBe(1);
  });
});
