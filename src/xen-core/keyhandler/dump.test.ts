// Debug keys 'q' (dump_domains, xen/common/keyhandler.c) and 'd' (dump_registers, the
// arch show_registers): the x86 'q' layout is golden against the 4.17 oracle; the Arm
// 'd' lines the arm oracle shows (mode and HCR_EL2) follow each vCPU's state.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PSR_MODE } from "../abi/arch-arm";
import { makeLab, createGuest } from "../testing/lab";
import type { ArmVcpu } from "../vcpu/arm-vcpu";
import { debugKeys } from "./keyhandler";
import { cpumaskList } from "./cpumask";

function press(hv: ReturnType<typeof makeLab>["hv"], keys: string): string[] {
  const before = hv.console.totalWritten;
  expect(debugKeys(hv, keys)).toBeUndefined();
  return hv.console.read().slice(before - hv.console.totalWritten);
}

/** What the model cannot know: the clock, host frame numbers, pending events. */
function mask(lines: readonly string[]): string[] {
  return lines.map((l) =>
    l
      .replace(/now = \d+/, "now = N")
      .replace(/XenPage [0-9a-f]{16}/, "XenPage MFN")
      .replace(/upcall_pend=0[01]/, "upcall_pend=P"),
  );
}

describe("debug key 'q'", () => {
  it("x86 dom0 only matches the 4.17 oracle (clock, host frames, pending events masked)", () => {
    const golden = readFileSync(
      new URL("./fixtures/x86-4.17-debug-keys-q.txt", import.meta.url),
      "utf8",
    )
      .trimEnd()
      .split("\n");
    const { hv } = makeLab({ arch: "x86_64" });
    expect(mask(press(hv, "q"))).toEqual(mask(golden));
  });

  it("a guest gets its own block and a Notifying line per vCPU", () => {
    const lab = makeLab({ arch: "x86_64" });
    const domid = createGuest(lab, 2);
    const text = press(lab.hv, "q").join("\n");
    expect(text).toContain(`(XEN) General information for domain ${domid}:`);
    expect(text).toContain("(XEN)     paging assistance: hap refcounts translate external ");
    expect(text).toContain(`(XEN)     Interrupts { }`);
    expect(text).toContain(`(XEN) Notifying guest ${domid}:1 (virq 1, port 0)`);
  });

  it("Arm: p2m statistics, GIC list registers, no page-frame block", () => {
    const lab = makeLab({ arch: "arm64" });
    const domid = createGuest(lab, 1);
    lab.xc.maxMem(domid, 8 * 1024);
    lab.xc.populatePhysmap(
      domid,
      [...Array(513).keys()].map((i) => 0x40000 + i),
    );
    const lines = press(lab.hv, "q");
    const text = lines.join("\n");
    expect(text).toContain(`(XEN) p2m mappings for domain ${domid} (vmid 2):`);
    expect(text).toContain("(XEN)   2M mappings: 1 (shattered 0)");
    expect(text).toContain("(XEN)   4K mappings: 1");
    expect(text).toContain("(XEN)    HW_LR[0]=0");
    expect(text).toContain("(XEN)    VCPU_LR[3]=0");
    expect(text).not.toContain("Memory pages belonging");
    expect(text).not.toContain("Shared frames");
  });

  it("%*pbl prints ranges", () => {
    expect(cpumaskList([])).toBe("");
    expect(cpumaskList([1, 0, 3])).toBe("0-1,3");
  });
});

describe("debug key 'd'", () => {
  it("arm64: the running vCPUs dump in guest state with mode and HCR_EL2 as the oracle", () => {
    const lab = makeLab({ arch: "arm64" });
    const domid = createGuest(lab, 1);
    const v = lab.hv.domain(domid)!.vcpu(0)!;
    v.online = true;
    v.running = true;
    const regs = v.regs as ArmVcpu;
    regs.cpsr = 0x000d0030;
    const lines = press(lab.hv, "d");
    expect(lines.slice(0, 2)).toEqual(["(XEN) 'd' pressed -> dumping registers", "(XEN) "]);
    expect(lines).toContain("(XEN) *** Dumping CPU0 guest state (d0v0): ***");
    expect(lines).toContain(
      "(XEN) CPSR:   00000000000003c5 MODE:64-bit EL1h (Guest Kernel, handler)",
    );
    expect(lines).toContain("(XEN)    HCR_EL2: 00000000807c663f");
    expect(lines).toContain(`(XEN) *** Dumping CPU1 guest state (d${domid}v0): ***`);
    expect(lines).toContain("(XEN) CPSR:   00000000000d0030 MODE:32-bit Guest USR");
    expect(lines).toContain("(XEN)    HCR_EL2: 00000000007c663f");
    expect(lines).toContain("(XEN) No stack trace for guest user-mode");
  });

  it("an idle pCPU dumps its host state; a guest stack is read from guest memory", () => {
    const lab = makeLab({ arch: "arm64" });
    const d0 = lab.hv.domain(0)!;
    const r = d0.vcpu(0)!.regs as ArmVcpu;
    r.cpsr = PSR_MODE.PSR_MODE_EL1h;
    r.spEl1 = 0x1ff0n;
    d0.memory.writePhys(0x1ff0, new Uint8Array([0x11, 0, 0, 0, 0, 0, 0, 0, 0x22]));
    const lines = press(lab.hv, "d");
    expect(lines).toContain("(XEN) *** Dumping CPU1 host state: ***");
    const at = lines.indexOf("(XEN) Guest stack trace from sp=0000000000001ff0:");
    expect(lines[at + 1]).toBe("(XEN)    0000000000000011 0000000000000022");
  });

  it("x86: the PV dom0 vCPU in guest state", () => {
    const { hv } = makeLab({ arch: "x86_64" });
    const lines = press(hv, "d");
    expect(lines).toContain("(XEN) RFLAGS: 0000000000000002   EM: 0   CONTEXT: pv guest (d0v0)");
  });
});
