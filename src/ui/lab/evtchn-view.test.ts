// The Event channels panel's view of a domain: 2-level bits and selectors
// (xen/include/public/xen.h evtchn_pending[], evtchn_pending_sel), FIFO queues
// followed along LINK (xen/common/event_fifo.c), and what changed between snapshots.
import { describe, expect, it } from "vitest";
import { modelledKernel } from "../../xen-core";
import { createDomain } from "./create-flow";
import { changedPorts, fifoQueues, maskedBeyond, twoLevelRows, wordBits } from "./evtchn-view";
import { bootLab, DEFAULT_SETTINGS } from "./lab-session";

function twoGuests(kernel: "modelled-2l" | "modelled-fifo") {
  const lab = bootLab(DEFAULT_SETTINGS);
  const form = { maxVcpus: 1, memoryMiB: 16, flags: 3, kernel } as const;
  const a = createDomain(lab, { ...form, name: "a" });
  const b = createDomain(lab, { ...form, name: "b" });
  expect(a.ok && b.ok).toBe(true);
  const ka = modelledKernel(lab.hv, a.domid!)!;
  const kb = modelledKernel(lab.hv, b.domid!)!;
  ka.input(`evtchn alloc ${b.domid}\n`);
  const port = Number(/alloc port (\d+)/.exec(ka.transcript)![1]);
  kb.input(`evtchn bind ${a.domid} ${port}\n`);
  const local = Number(/bound port (\d+)/.exec(kb.transcript)![1]);
  return { lab, a: a.domid!, b: b.domid!, ka, kb, port, local };
}

const snap = (lab: ReturnType<typeof bootLab>, domid: number) =>
  lab.hv.snapshot().domains.find((d) => d.domid === domid)!.evtchn;

describe("event channel view", () => {
  it("2-level: a masked port that gets an event is pending in its word; the selector stays clear", () => {
    const { lab, b, ka, kb, port, local } = twoGuests("modelled-2l");
    kb.input(`evtchn mask ${local}\n`);
    const before = snap(lab, b);
    ka.input(`evtchn send ${port}\n`);
    const after = snap(lab, b);
    expect(after.abi).toBe("2l");
    expect(after.ports.find((p) => p.port === local)).toMatchObject({
      pending: true,
      masked: true,
    });
    const W = wordBits(after);
    expect(W).toBe(64);
    const rows = twoLevelRows(after);
    const row = rows[Math.floor(local / W)]!;
    expect(row.pending[local % W]).toBe(true);
    expect(row.masked[local % W]).toBe(true);
    // Xen sets the selector only for an unmasked port (evtchn_2l_set_pending).
    expect(row.selector).toEqual([false]);
    // Only the words that hold something are drawn; the kernel's boot-time masks are counted.
    expect(rows).toHaveLength(Math.floor(local / W) + 1);
    expect(maskedBeyond(after, rows.length)).toBe(4096 - rows.length * W);
    expect(changedPorts(before, after)).toEqual(new Set([local]));
    expect(changedPorts(after, after).size).toBe(0);
  });

  it("FIFO: an event to a masked port is pending and linked into no queue", () => {
    const { lab, b, ka, kb, port, local } = twoGuests("modelled-fifo");
    expect(snap(lab, b).abi).toBe("fifo");
    kb.input(`evtchn mask ${local}\n`);
    ka.input(`evtchn send ${port}\n`);
    const e = snap(lab, b);
    const w = e.fifo!.words.find((x) => x.port === local)!;
    expect(w).toMatchObject({ pending: true, masked: true, linked: false });
    const words = new Map(e.fifo!.words.map((x) => [x.port, x]));
    const queued = fifoQueues(e.fifo!.vcpus[0]!, words).flatMap((q) => q.ports);
    expect(queued).not.toContain(local);
  });

  it("follows a FIFO chain from HEAD along LINK and stops at a loop", () => {
    const v = {
      vcpuId: 0,
      controlBlock: null,
      ready: 1 << 7,
      head: [0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0],
      tail: [0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0],
    };
    const word = (port: number, link: number) => ({
      port,
      word: 0,
      pending: true,
      masked: false,
      linked: true,
      busy: false,
      link,
    });
    const words = new Map([
      [5, word(5, 9)],
      [9, word(9, 0)],
    ]);
    expect(fifoQueues(v, words)).toEqual([
      { priority: 7, head: 5, tail: 9, ports: [5, 9], cycle: false, ready: true, staleHead: false },
    ]);
    words.set(9, word(9, 5));
    expect(fifoQueues(v, words)[0]).toMatchObject({ ports: [5, 9], cycle: true });
    // Consumed: HEAD still names 5, which is no longer LINKED.
    words.set(5, { ...word(5, 0), linked: false, pending: false });
    expect(fifoQueues({ ...v, ready: 0 }, words)).toEqual([]);
    expect(fifoQueues(v, words)[0]).toMatchObject({ ports: [], staleHead: true });
  });
});
