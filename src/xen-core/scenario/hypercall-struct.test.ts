// `hypercall` steps with struct arguments by Xen's field names (public headers'
// layouts), `save:` of OUT fields, and event channel expectations, through the runner.
import { describe, expect, it } from "vitest";
import { parseScenario } from "./parse";
import { runScenario } from "./runner";

const BUILD = (id: number) => `
  - domctl: { cmd: createdomain, dom: ${id}, flags: [hvm, hap], max_vcpus: 1 }
    save: { g${id}: domain }
  - domctl: { cmd: max_vcpus, dom: g${id}, max: 1 }
  - domctl: { cmd: max_mem, dom: g${id}, max_memkb: 64 }
  - hypercall: { dom: 0, op: memory_op, cmd: XENMEM_populate_physmap, args: { domid: $g${id}, extent_start: [0x40000], extent_order: 4 } }
    expect-ret: 1
`;

async function run(steps: string, profile = "upstream") {
  const text = `format: xenlab/1\nname: t\ntitle: t\narch: arm64\nsteps:\n${steps}`;
  const { scenario, errors } = parseScenario(text);
  expect(errors).toEqual([]);
  return runScenario(scenario!, { profile });
}

describe("hypercall steps with struct arguments", () => {
  it("alloc_unbound / bind_interdomain / send / status, saving OUT fields", async () => {
    const r = await run(`${BUILD(1)}${BUILD(2)}
  - hypercall: { dom: g1, op: event_channel_op, cmd: EVTCHNOP_alloc_unbound, args: { dom: DOMID_SELF, remote_dom: g2 } }
    save: { p1: port }
  - hypercall: { dom: g2, op: event_channel_op, cmd: EVTCHNOP_bind_interdomain, args: { remote_dom: g1, remote_port: $p1 } }
    save: { p2: local_port }
  - expect: { dom: g2, port: $p2, state: interdomain, pending: true, masked: false, priority: 0 }
  - hypercall: { dom: g2, op: event_channel_op, cmd: EVTCHNOP_send, args: { port: $p2 } }
  - expect: { dom: g1, port: $p1, state: interdomain, pending: true }
  - hypercall: { dom: g1, op: event_channel_op, cmd: EVTCHNOP_status, args: { dom: DOMID_SELF, port: $p1 } }
    save: { st: status, peer: u.interdomain.port }
  - expect: { dom: g1, port: $peer, state: interdomain }
  - hypercall: { dom: g1, op: event_channel_op, cmd: EVTCHNOP_init_control, args: { control_gfn: 0x40003, offset: 0, vcpu: 0 } }
    save: { lb: link_bits }
  - expect: { dom: g1, evtchn-abi: fifo, port: $p1, priority: 7 }
  - hypercall: { dom: g1, op: event_channel_op, cmd: EVTCHNOP_set_priority, args: { port: $p1, priority: 16 } }
    expect-ret: -EINVAL
  - expect: { dom: g1, port: 9, state: free, pending: false, masked: true }
`);
    expect(r.steps.filter((s) => s.status !== "ok").map((s) => s.message)).toEqual([]);
    expect(r.verdict).toBe("SUCCESS");
  });

  it("an unknown field or an op without a modelled struct is an ERROR naming the fields", async () => {
    const r = await run(`${BUILD(1)}
  - hypercall: { dom: g1, op: event_channel_op, cmd: EVTCHNOP_send, args: { prot: 1 } }
`);
    expect(r.verdict).toBe("ERROR");
    expect(r.steps.at(-1)!.message).toBe("this op's struct has no field 'prot'; fields: port");
  });

  it("a modelled kernel boots from the first console line; its console lines join the transcript", async () => {
    const r = await run(`${BUILD(1)}
  - domctl: { cmd: setvcpucontext, dom: g1, vcpu: 0 }
  - domctl: { cmd: unpausedomain, dom: g1 }
  - console: { dom: g1, send: "evtchn=2l\\n" }
  - expect: { dom: g1, evtchn-abi: 2l, serial: "evtchn: 2-level, 4096 channels" }
`);
    expect(r.verdict).toBe("SUCCESS");
    expect(r.transcript).toContainEqual({ stream: "serial", domid: 1, text: "xen: domid 1" });
  });

  it("an expectation that does not hold is a FAILURE with expected and found", async () => {
    const r = await run(`${BUILD(1)}
  - expect: { dom: g1, port: 1, state: unbound }
`);
    expect(r.verdict).toBe("FAILURE");
    expect(r.steps.at(-1)!.message).toBe("state: expected unbound, found free");
  });
});
