/**
 * Figures of real guests (labkernel in v86, in this Node process):
 * - guest.hypercall_roundtrip: xen_version(XENVER_version) round trips per second,
 *   labkernel -> `out %eax, $0xEA` -> bridge -> Hypervisor.hypercall (tracing on) ->
 *   EAX, timed by the guest (its TSC follows the host clock); baseline: the same OUT
 *   to the null port, answered by a one-line handler (v86's port I/O path alone).
 * - guest.boot_to_prompt: ms from the domain's unpause to the shell prompt on the
 *   serial console (the emulator already loaded); baseline: ms to load the emulator
 *   (V86 instance, 16 MiB RAM, kernel placed; v86's wasm already compiled).
 * - guest.evtchn_pingpong: round trips per second of `ping` between two guests (one
 *   FIFO, one 2-level), timed by the host from the command to the result line: each
 *   round trip is two EVTCHNOP_sends, two upcalls and two emulator ticks, the
 *   scheduler handing the CPU to the woken guest; baseline: guest.evtchn_loopback,
 *   events per second a guest sends to itself (`bench events`: the upcall is taken
 *   inside the send, no second emulator, no scheduling).
 * Medians of a few samples, after a warm-up (V8 and v86's JIT start cold).
 */
import { nodeGuestHost } from "../src/cli/node-guests";
import type { GuestRunner } from "../src/emulator/guest-runner";
import { createGuest, makeLab } from "../src/xen-core/testing/lab";
import { figure, median, type Figure } from "./figures";

const TIMEOUT_MS = 120_000;
const PING_COUNT = 20_000;

async function command(g: GuestRunner, line: string, source: string): Promise<RegExpExecArray> {
  g.send(`${line}\n`);
  const from = g.serial.inputMark;
  await g.serial.waitFor({ kind: "regex", source, flags: "" }, TIMEOUT_MS, from);
  return new RegExp(source).exec(g.serial.since(from))!;
}

const rate = async (g: GuestRunner, line: string, label: string) =>
  Number((await command(g, line, `bench: ${label} (\\d+)/s`))[1]);

async function pingRate(a: GuestRunner, b: GuestRunner, count: number): Promise<number> {
  const t0 = performance.now();
  await command(a, `ping ${b.domid} ${count}`, `ping: d${b.domid} ${count} round trips`);
  return (count * 1000) / (performance.now() - t0);
}

export async function guestFigures(samples = 3): Promise<Figure[]> {
  const lab = makeLab({ arch: "x86_64" });
  const host = nodeGuestHost(lab.hv);
  try {
    const loads: number[] = [];
    const boots: number[] = [];
    const guests: GuestRunner[] = [];
    for (let i = 0; i <= samples; i++) {
      const domid = createGuest(lab);
      const t0 = performance.now();
      const g = await host.start(domid, { type: "pvh", cmdline: i % 2 ? "evtchn=2l" : "" });
      const t1 = performance.now();
      lab.xc.unpauseDomain(domid);
      await g.serial.waitFor({ kind: "substring", text: "lab> " }, TIMEOUT_MS);
      const t2 = performance.now();
      if (i > 0) {
        loads.push(t1 - t0);
        boots.push(t2 - t1);
      }
      guests.push(g);
      if (guests.length > 2) lab.xc.destroyDomain(guests.shift()!.domid);
    }
    const [a, b] = guests as [GuestRunner, GuestRunner];
    const hypercalls: number[] = [];
    const raw: number[] = [];
    const pings: number[] = [];
    const loopbacks: number[] = [];
    await rate(a, "bench hypercall 300000", "xen_version");
    await rate(a, "bench null 300000", "null port");
    await pingRate(a, b, PING_COUNT / 10);
    await rate(a, `bench events ${PING_COUNT / 10}`, "events");
    for (let i = 0; i < samples; i++) {
      hypercalls.push(await rate(a, "bench hypercall 1000000", "xen_version"));
      raw.push(await rate(a, "bench null 1000000", "null port"));
      pings.push(await pingRate(a, b, PING_COUNT));
      loopbacks.push(await rate(a, `bench events ${PING_COUNT}`, "events"));
    }
    return [
      figure("guest.hypercall_roundtrip", median(hypercalls), "guest.null_port", median(raw)),
      figure("guest.boot_to_prompt", median(boots), "guest.emulator_load", median(loads), "ms"),
      figure("guest.evtchn_pingpong", median(pings), "guest.evtchn_loopback", median(loopbacks)),
    ];
  } finally {
    host.dispose();
  }
}
