// Debug key 'e' (xen/common/event_channel.c dump_evtchn_info, event_2l.c and
// event_fifo.c print_state): a domain block reproduced byte for byte against a real
// Xen 4.17's `xl debug-keys e` (shared/reference/xen-4.17-oracle.md), and golden
// fixtures of both ABIs covering every state and field variant.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EVTCHNOP, VIRQ } from "../abi/event-channel";
import { debugKeys } from "../keyhandler/keyhandler";
import { PAGE_SIZE } from "../ids";
import { libxlDefaultConfig } from "../domctl/createdomain-config";
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
import { bitmapList } from "./dump";

const C = EVTCHNOP;
const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8")
    .trimEnd()
    .split("\n");

/** The console lines from "Event channel information for domain N:" to the next domain. */
function domainBlock(lines: readonly string[], domid: number): string[] {
  const start = lines.indexOf(`(XEN) Event channel information for domain ${domid}:`);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => l.startsWith("(XEN) Event channel information"));
  return [lines[start]!, ...(end < 0 ? rest : rest.slice(0, end))];
}

describe("debug key 'e'", () => {
  it("reproduces the 4.17 oracle's FIFO block of a PV guest (domain 2) byte for byte", () => {
    const lab = makeLab({ arch: "x86_64" });
    const { hv, xc } = lab;
    const cfg = libxlDefaultConfig("x86_64", 0, 1); // PV: no CDF flags
    expect(xc.createDomain(cfg, 2).ret).toBe(0);
    expect(xc.maxVcpus(2, 1)).toBe(0);
    xc.maxMem(2, 1024);
    xc.populatePhysmap(
      2,
      Array.from({ length: 8 }, (_, i) => TEST_RAM_GFN + i),
    );
    const d0 = vcpuOf(hv, 0);
    for (let i = 0; i < 22; i++) evtchnOp(hv, d0, C.EVTCHNOP_bind_ipi, 8);
    // The toolstack's two channels (xenstore, console): port 1 and 2 of the guest.
    for (let i = 0; i < 2; i++) bindInterdomain(hv, d0, 2, allocUnbound(hv, d0, 0, 2));
    const g = vcpuOf(hv, 2);
    expect(evtchnOp(hv, g, C.EVTCHNOP_bind_virq, 12).ret).toBe(0); // VIRQ_TIMER
    for (let i = 0; i < 4; i++) evtchnOp(hv, g, C.EVTCHNOP_bind_ipi, 8);
    expect(initControl(hv, g, TEST_RAM_GFN + 1).ret).toBe(0);
    expect(expandArray(hv, g, TEST_RAM_GFN + 2)).toBe(0);
    expect(debugKeys(hv, "e")).toBeUndefined();
    const lines = hv.console.read();
    expect(lines).toContain("(XEN) 'e' pressed -> dumping event-channel info");
    expect(domainBlock(lines, 2)).toEqual(fixture("x86-4.17-debug-keys-e-domain2.txt"));
  });

  it("2-level: every state, pending/masked and the selector bit (golden)", () => {
    const lab = makeLab({ arch: "arm64" });
    const { hv } = lab;
    const a = createGuestWithRam(lab, 2);
    const b = createGuestWithRam(lab, 1);
    const va = vcpuOf(hv, a);
    const vb = vcpuOf(hv, b);
    allocUnbound(hv, va, b); // 1: unbound d=b
    const p2 = allocUnbound(hv, va, b);
    bindInterdomain(hv, vb, a, p2); // 2: interdomain; b's port 1 pending
    evtchnOp(hv, va, C.EVTCHNOP_bind_virq, 12, (s) => s.setU32(0, VIRQ.VIRQ_TIMER).setU32(4, 1));
    const ipi = evtchnOp(hv, va, C.EVTCHNOP_bind_ipi, 8).out.u32(4); // 4: ipi
    const sh = hv.domain(a)!.evtchn.shared;
    sh.page.setU8(sh.layout.evtchnMask, 1 << ipi); // masked by the guest
    portOp(hv, va, C.EVTCHNOP_send, ipi); // pending, masked, no selector bit
    portOp(hv, vb, C.EVTCHNOP_send, 1); // a's port 2 pending, selector word 0 of vCPU0
    evtchnOp(hv, va, C.EVTCHNOP_bind_vcpu, 8, (s) => s.setU32(0, 1).setU32(4, 1));
    debugKeys(hv, "e");
    expect(domainBlock(hv.console.read(), a)).toEqual(fixture("debug-keys-e-2l.txt"));
  });

  it("FIFO: linked with LINK, not linked, BUSY, no event word (golden)", () => {
    const lab = makeLab({ arch: "arm64" });
    const { hv } = lab;
    const a = createGuestWithRam(lab, 1);
    const va = vcpuOf(hv, a);
    expect(initControl(hv, va, TEST_RAM_GFN + 1).ret).toBe(0);
    expect(expandArray(hv, va, TEST_RAM_GFN + 2)).toBe(0);
    const ipis = [0, 1, 2].map(() => evtchnOp(hv, va, C.EVTCHNOP_bind_ipi, 8).out.u32(4));
    portOp(hv, va, C.EVTCHNOP_send, ipis[0]!);
    portOp(hv, va, C.EVTCHNOP_send, ipis[1]!); // 1 → 2 linked
    // The guest set BUSY on port 3's word (as Xen does while it links a tail).
    const mem = hv.domain(a)!.memory;
    mem.writePhys((TEST_RAM_GFN + 2) * PAGE_SIZE + ipis[2]! * 4 + 3, Uint8Array.of(0x10));
    // Port 1030 has no array page yet: "?     ".
    const e = hv.domain(a)!.evtchn;
    e.maxEvtchnPort = 2000;
    for (let p = 4; p <= 1030; p++) allocUnbound(hv, va, 0);
    for (let p = 4; p < 1030; p++) portOp(hv, va, C.EVTCHNOP_close, p);
    debugKeys(hv, "e");
    expect(domainBlock(hv.console.read(), a)).toEqual(fixture("debug-keys-e-fifo.txt"));
  });

  it("%*pbl prints polling vCPUs as ranges", () => {
    expect(bitmapList([])).toBe("");
    expect(bitmapList([true, true, true, false, false, true])).toBe("0-2,5");
  });
});
