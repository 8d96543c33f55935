/**
 * Event channels between real labkernel guests in v86 and the event channel model:
 * the guests' drivers read the 2-level bitmaps and FIFO queues Xen writes into their
 * memory, the upcall arrives on their PIC, ping crosses between two emulators, and the
 * FIFO hibernation bug (a 2-level resume kernel after a FIFO boot kernel) loses events
 * upstream but not under disable-fifo-v4 or evtchn-fifo-v5.
 *
 * How these could falsely pass: a guest could print "event" lines without Xen; the
 * tests also read Xen's side (the domain's ABI, port states, a pending bit only Xen
 * could have set), and the lost-event case checks that Xen did mark the event pending.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { nodeRunnerPorts } from "../src/cli/node-guests";
import { ECS } from "../src/xen-core/abi/event-channel";
import { evtchnIsPending } from "../src/xen-core/evtchn/port-ops";
import { PROFILES, cdfMask } from "../src/xen-core/profiles/profiles";
import { diffRuns } from "../src/xen-core/scenario/diff";
import { parseScenario } from "../src/xen-core/scenario/parse";
import { runScenario } from "../src/xen-core/scenario/runner";
import { command, disposeLabs, realLab } from "./helpers/real-guests";

afterEach(disposeLabs);

const events = (text: string) =>
  [...text.matchAll(/^evtchn: event port (\d+)/gm)].map((m) => Number(m[1]));

describe("labkernel event channels", () => {
  it("FIFO and 2-level guests exchange events over one interdomain channel", async () => {
    const lab = await realLab();
    const a = await lab.boot({ cmdline: "evtchn=fifo" });
    const b = await lab.boot({ cmdline: "evtchn=2l", type: "hvm" });
    expect(a.serial.transcript()).toMatch(/^fifo: ok\nevtchn: fifo, 131072 channels$/m);
    expect(b.serial.transcript()).toMatch(/^evtchn: 2-level, 1024 channels$/m);
    const da = lab.hv.domain(a.domid)!;
    const db = lab.hv.domain(b.domid)!;
    expect([da.evtchn.abi, db.evtchn.abi]).toEqual(["fifo", "2l"]);
    expect(await command(a, `evtchn alloc ${b.domid}`)).toContain(
      `evtchn: alloc port 1 for d${b.domid}`,
    );
    // bind_interdomain marks the binder's port pending: B's 2-level driver takes it.
    expect(events(await command(b, `evtchn bind ${a.domid} 1`))).toEqual([1]);
    expect(da.evtchn.chn(1).state).toBe(ECS.ECS_INTERDOMAIN);
    await command(b, "evtchn send 1");
    await a.serial.waitFor({ kind: "regex", source: "^evtchn: event port 1$", flags: "m" }, 5000);
    await command(a, "evtchn send 1");
    // The bind notification, then A's event: two events on B's port 1.
    await b.serial.waitFor(
      { kind: "regex", source: "(evtchn: event port 1\\n[^]*){2}", flags: "" },
      5000,
    );
    expect(await command(a, "evtchn status 1")).toContain(
      `evtchn: port 1 interdomain d=${b.domid} p=1`,
    );
    // A masked port: Xen sets pending, the driver does not take it until unmasked.
    await command(a, "evtchn mask 1");
    await command(b, "evtchn send 1");
    expect(evtchnIsPending(da, da.evtchn.chn(1))).toBe(true);
    expect(events(await command(a, "evtchn unmask 1"))).toEqual([1]);
  });

  it("ping: two labkernels, one command, COUNT round trips", async () => {
    const lab = await realLab();
    const a = await lab.boot();
    const b = await lab.boot({ cmdline: "evtchn=2l" });
    const out = await command(a, `ping ${b.domid} 200`, "round trips");
    expect(out).toContain(`ping: d${b.domid} 200 round trips`);
    await b.serial.waitFor(
      { kind: "substring", text: `evtchn: bound port 1 to d${a.domid} port 1` },
      5000,
    );
    const db = lab.hv.domain(b.domid)!;
    expect(db.evtchn.chn(1).state).toBe(ECS.ECS_INTERDOMAIN);
    expect(await command(b, "evtchn list")).toContain("evtchn: port 1 seen 201");
  });

  it("passes its event channel self-test with either driver", async () => {
    for (const driver of ["fifo", "2l"]) {
      const lab = await realLab();
      const g = await lab.boot(
        { cmdline: `evtchn=${driver} test=evtchn` },
        { prompt: "Test result:" },
      );
      await g.serial.waitFor({ kind: "regex", source: "Test result: \\w+\\n", flags: "" }, 5000);
      expect(g.serial.transcript()).toMatch(/^Test result: SUCCESS$/m);
      lab.dispose();
    }
  });

  describe("hibernation with a 2-level resume kernel after a FIFO boot kernel", () => {
    it.each([
      ["upstream", "fifo", false, []],
      ["disable-fifo-v4", "2l", true, ["disable_fifo"]],
      ["evtchn-fifo-v5", "2l", true, []],
      ["evtchn-fifo-off", "2l", true, []],
    ] as const)(
      "%s: boot kernel on %s, resume kernel sees the event: %s",
      async (profile, bootAbi, seen, extraFlags) => {
        const lab = await realLab({ profile });
        const flags = cdfMask(lab.hv.profile, ["hvm", "hap", ...extraFlags]);
        const a = await lab.boot({ cmdline: "evtchn=fifo" }, { flags });
        const b = await lab.boot({ cmdline: "evtchn=2l" });
        const da = lab.hv.domain(a.domid)!;
        expect(da.evtchn.abi).toBe(bootAbi);
        await command(a, `evtchn alloc ${b.domid}`);
        await command(b, `evtchn bind ${a.domid} 1`);
        await command(b, "evtchn send 1");
        await a.serial.waitFor({ kind: "substring", text: "evtchn: event port 1" }, 5000);
        expect(await command(a, "hibernate")).toContain("hibernate: resumed with 2-level driver");
        expect(da.evtchn.abi).toBe(bootAbi); // Xen was not told
        await command(b, "evtchn send 1");
        const list = await command(a, "evtchn list");
        if (seen) {
          expect(list).toContain("evtchn: port 1 seen 1");
        } else {
          expect(list).not.toMatch(/evtchn: port 1 seen/);
          expect(evtchnIsPending(da, da.evtchn.chn(1))).toBe(true);
        }
      },
    );
  });

  it("two runs of the same real-guest scenario give the same trace (the scheduler's order)", async () => {
    const text = readFileSync("scenarios/x86-labkernel-ping.yaml", "utf8");
    const { scenario } = parseScenario(text, { knownProfiles: PROFILES.map((p) => p.name) });
    const run = async () => {
      const guests = nodeRunnerPorts();
      const options = { ports: guests.ports, toolstack: guests.toolstack };
      return runScenario(scenario!, options).finally(guests.dispose);
    };
    const a = await run();
    const b = await run();
    expect([a.verdict, b.verdict]).toEqual(["SUCCESS", "SUCCESS"]);
    expect(diffRuns(a, b).first).toBeUndefined();
  });
});
