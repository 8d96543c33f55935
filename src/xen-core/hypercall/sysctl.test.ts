// do_sysctl for XEN_SYSCTL_readconsole and XEN_SYSCTL_debug_keys (xen/common/sysctl.c,
// xen/drivers/char/console.c read_console_ring): the checks before the switch, the
// ring read in pieces by index, clear, and keys pressed from a guest buffer.
import { describe, expect, it } from "vitest";
import { HYPERVISOR } from "../abi/xen";
import { XEN_ERRNO } from "../abi/errno";
import { copyToGuest } from "../memory/guest-access";
import { bytesText } from "../memory/latin1";
import { StructBuf } from "../memory/struct-buf";
import { createGuest, giveGuestPage, makeLab } from "../testing/lab";
import { DOMCTL, GETDOMAININFO } from "../domctl/layout";
import { PHYSINFO } from "./physinfo";
import { SYSCTL, XEN_SYSCTL, XEN_SYSCTL_INTERFACE_VERSION } from "./sysctl";

describe("sysctl", () => {
  it("a wrong interface version is -EACCES; a domU is -EPERM", () => {
    const lab = makeLab({ arch: "arm64" });
    const g = createGuest(lab);
    giveGuestPage(lab, g, 0x40000);
    const v = lab.hv.domain(g)!.vcpu(0)!;
    const issue = (version: number, cmd: number) => {
      const op = new StructBuf(SYSCTL.size).setU32(SYSCTL.cmd, cmd);
      op.setU32(SYSCTL.interface_version, version);
      copyToGuest(lab.hv.domain(g)!.memory, 0x40000000n, op.bytes);
      return lab.hv.hypercall(v, HYPERVISOR.__HYPERVISOR_sysctl, [0x40000000n, 0n, 0n, 0n, 0n]);
    };
    expect(issue(0x15, XEN_SYSCTL.XEN_SYSCTL_readconsole)).toBe(-XEN_ERRNO.EACCES);
    expect(issue(XEN_SYSCTL_INTERFACE_VERSION, XEN_SYSCTL.XEN_SYSCTL_readconsole)).toBe(
      -XEN_ERRNO.EPERM,
    );
  });

  it("readconsole: the ring in pieces by index, then clear", () => {
    const { hv, xc } = makeLab({ arch: "arm64" });
    hv.console.printk("hello");
    const all = "(XEN) *** LOADING DOMAIN 0 ***\n(XEN) hello\n";
    const first = xc.readConsoleRing(false, true, 0, 10);
    expect([first.ret, bytesText(first.bytes), first.index]).toEqual([0, all.slice(0, 10), 10]);
    const rest = xc.readConsoleRing(false, true, first.index, 100);
    expect(bytesText(rest.bytes)).toBe(all.slice(10));
    expect(xc.readConsoleRing(false, true, rest.index, 100).bytes.length).toBe(0);
    expect(bytesText(xc.readConsoleRing(true, true, 0, 16384).bytes)).toBe(all);
    expect(hv.console.read()).toEqual([]);
  });

  it("getdomaininfolist: from first_domain, at most max_domains; physinfo: the host", () => {
    const lab = makeLab({ arch: "arm64" });
    createGuest(lab);
    createGuest(lab);
    expect(lab.xc.getDomainInfoList(0, 1024).infos).toHaveLength(3);
    const tail = lab.xc.getDomainInfoList(1, 1).infos;
    expect(tail.map((o) => o.u16(DOMCTL.u + GETDOMAININFO.domain))).toEqual([1]);
    const p = lab.xc.physinfo();
    expect(p.ret).toBe(0);
    expect(p.op.u32(SYSCTL.u + PHYSINFO.nr_cpus)).toBe(2);
  });

  it("debug_keys presses each key in the buffer", () => {
    const { hv, xc } = makeLab({ arch: "x86_64" });
    expect(xc.sendDebugKeys("hq")).toBe(0);
    const text = hv.console.read().join("\n");
    expect(text).toContain("'h' pressed -> showing installed handlers");
    expect(text).toContain("'q' pressed -> dumping domain info");
  });

  it("xl dmesg -c and xl debug-keys go through them", async () => {
    const { Dom0Shell } = await import("../toolstack/shell/shell");
    const { hv } = makeLab({ arch: "arm64" });
    const sh = new Dom0Shell(hv);
    expect(sh.run("xl debug-keys h").exit).toBe(0);
    const d = sh.run("xl dmesg -c");
    expect(d.stdout).toContain("(XEN) 'h' pressed -> showing installed handlers\n");
    expect(sh.run("xl dmesg").stdout).toBe("");
    const ops = hv.trace.tail().filter((e) => e.kind === "hypercall" && e.name === "sysctl");
    expect(ops.length).toBeGreaterThanOrEqual(3);
    expect(sh.run("xl debug-keys r")).toMatchObject({
      exit: 1,
      stderr: "xenlab: debug key 'r' (dump run queues) is not modelled yet\n",
    });
  });
});
