/**
 * Figures of real guests (labkernel in v86, in this Node process):
 * - guest.hypercall_roundtrip: xen_version(XENVER_version) round trips per second,
 *   labkernel -> `out %eax, $0xEA` -> bridge -> Hypervisor.hypercall (tracing on) ->
 *   EAX, timed by the guest (its TSC follows the host clock); baseline: the same OUT
 *   to the null port, answered by a one-line handler (v86's port I/O path alone).
 * - guest.boot_to_prompt: ms from the domain's unpause to the shell prompt on the
 *   serial console (the emulator already loaded); baseline: ms to load the emulator
 *   (V86 instance, 16 MiB RAM, kernel placed; v86's wasm already compiled).
 * Medians of a few samples, after a warm-up (V8 and v86's JIT start cold).
 */
import { nodeGuestHost } from "../src/cli/node-guests";
import type { GuestRunner } from "../src/emulator/guest-runner";
import { createGuest, makeLab } from "../src/xen-core/testing/lab";
import { figure, median, type Figure } from "./figures";

const TIMEOUT_MS = 60_000;

async function rateLine(g: GuestRunner, command: string, label: string): Promise<number> {
  g.send(`${command}\n`);
  const from = g.serial.inputMark;
  const source = `bench: ${label} (\\d+)/s`;
  await g.serial.waitFor({ kind: "regex", source, flags: "" }, TIMEOUT_MS, from);
  return Number(new RegExp(source).exec(g.serial.since(from))![1]);
}

export async function guestFigures(samples = 3): Promise<Figure[]> {
  const lab = makeLab({ arch: "x86_64" });
  const host = nodeGuestHost(lab.hv);
  try {
    const loads: number[] = [];
    const boots: number[] = [];
    let guest: GuestRunner | undefined;
    for (let i = 0; i <= samples; i++) {
      const domid = createGuest(lab);
      const t0 = performance.now();
      const g = await host.start(domid, { type: "pvh" });
      const t1 = performance.now();
      lab.xc.unpauseDomain(domid);
      await g.serial.waitFor({ kind: "substring", text: "lab> " }, TIMEOUT_MS);
      const t2 = performance.now();
      if (i > 0) {
        loads.push(t1 - t0);
        boots.push(t2 - t1);
      }
      if (guest) lab.xc.destroyDomain(guest.domid);
      guest = g;
    }
    const hypercalls: number[] = [];
    const raw: number[] = [];
    await rateLine(guest!, "bench hypercall 300000", "xen_version");
    await rateLine(guest!, "bench null 300000", "null port");
    for (let i = 0; i < samples; i++) {
      hypercalls.push(await rateLine(guest!, "bench hypercall 1000000", "xen_version"));
      raw.push(await rateLine(guest!, "bench null 1000000", "null port"));
    }
    return [
      figure("guest.hypercall_roundtrip", median(hypercalls), "guest.null_port", median(raw)),
      figure("guest.boot_to_prompt", median(boots), "guest.emulator_load", median(loads), "ms"),
    ];
  } finally {
    host.dispose();
  }
}
