/**
 * The command language of docs/guest-shell.md, for modelled kernels: the same commands
 * and output lines labkernel prints. Every hypercall goes through the kernel's vCPU
 * (GuestCpu) from its own memory, so the trace shows exactly what a real guest does.
 */
import { SHUTDOWN } from "../abi/domctl";
import { EVTCHNOP, EVTCHNSTAT } from "../abi/event-channel";
import { SCHEDOP } from "../abi/guest-ops";
import { DOMID, HYPERVISOR, XENVER } from "../abi/xen";
import * as L from "../evtchn/layout";
import type { StructBuf } from "../memory/struct-buf";
import { ArmVcpu } from "../vcpu/arm-vcpu";
import type { X86Vcpu } from "../vcpu/x86-vcpu";
import { FifoDriver } from "./driver-fifo";
import { errText, xenVersionLine } from "./kernel-boot";
import type { KernelShell, ModelledKernel } from "./kernel";
import { evtchnOp } from "./ops";
import { ping } from "./ping";

const HELP: readonly string[] = [
  "help",
  "info",
  "mode",
  "evtchn alloc DOMID",
  "evtchn bind DOMID PORT",
  "evtchn send PORT",
  "evtchn close PORT",
  "evtchn status PORT",
  "evtchn unmask PORT",
  "evtchn mask PORT",
  "evtchn list",
  "evtchn fifo",
  "ping DOMID [COUNT]",
  "hibernate",
  "hypercall NR A0 A1 A2 A3 A4",
  "bench",
  "crash",
];

function num(text: string | undefined): number | undefined {
  if (text === undefined || !/^(0x[0-9a-f]+|\d+)$/i.test(text)) return undefined;
  return Number(text);
}

export function abiLine(k: ModelledKernel): string {
  const d = k.driver;
  return d
    ? `evtchn: ${d.kind === "fifo" ? "fifo" : "2-level"}, ${d.channels} channels`
    : "evtchn: none";
}

function modeLine(k: ModelledKernel): string {
  const r = k.boot.regs;
  if (r instanceof ArmVcpu) return `mode: ${r.mode}`;
  const x = r as X86Vcpu;
  const h = (v: number) => `0x${(v >>> 0).toString(16).padStart(8, "0")}`;
  return `mode: ${x.mode} (CR0=${h(x.cr0)} CR3=${h(x.cr3)} CR4=${h(x.cr4)})`;
}

function statusText(s: StructBuf, port: number): string {
  const st = s.u32(L.EVTCHN_STATUS.status);
  const u = L.EVTCHN_STATUS.u;
  switch (st) {
    case EVTCHNSTAT.EVTCHNSTAT_unbound:
      return `evtchn: port ${port} unbound d=${s.u16(u)}`;
    case EVTCHNSTAT.EVTCHNSTAT_interdomain:
      return `evtchn: port ${port} interdomain d=${s.u16(u)} p=${s.u32(L.EVTCHN_STATUS.u_port)}`;
    case EVTCHNSTAT.EVTCHNSTAT_virq:
      return `evtchn: port ${port} virq v=${s.u32(u)}`;
    case EVTCHNSTAT.EVTCHNSTAT_ipi:
      return `evtchn: port ${port} ipi`;
    case EVTCHNSTAT.EVTCHNSTAT_pirq:
      return `evtchn: port ${port} pirq p=${s.u32(u)} vcpu=${s.u32(L.EVTCHN_STATUS.vcpu)}`;
    default:
      return `evtchn: port ${port} closed`;
  }
}

/** One-port ops: send, close, unmask. */
function portCommand(k: ModelledKernel, verb: string, port: number): void {
  const cmd = {
    send: EVTCHNOP.EVTCHNOP_send,
    close: EVTCHNOP.EVTCHNOP_close,
    unmask: EVTCHNOP.EVTCHNOP_unmask,
  }[verb]!;
  const r = evtchnOp(k, cmd, 4, (s) => s.setU32(0, port));
  if (r.ret < 0) return k.log(`evtchn: ${verb} failed: ${errText(r.ret)}`);
  if (verb === "close") {
    k.ports.delete(port);
    k.handlers.delete(port);
  }
  k.log(
    `evtchn: ${verb === "send" ? "sent" : verb === "close" ? "closed" : "unmasked"} port ${port}`,
  );
}

function evtchnCommand(k: ModelledKernel, args: string[]): void {
  const [verb, a, b] = args;
  const n = num(a);
  switch (verb) {
    case "alloc": {
      if (n === undefined) return k.log("lab: usage: evtchn alloc DOMID");
      const r = evtchnOp(k, EVTCHNOP.EVTCHNOP_alloc_unbound, 8, (s) =>
        s.setU16(0, DOMID.DOMID_SELF).setU16(2, n),
      );
      if (r.ret < 0) return k.log(`evtchn: alloc failed: ${errText(r.ret)}`);
      const port = r.out.u32(4);
      k.log(`evtchn: alloc port ${port} for d${n}`);
      return k.adopt(port);
    }
    case "bind": {
      const p = num(b);
      if (n === undefined || p === undefined) return k.log("lab: usage: evtchn bind DOMID PORT");
      const r = evtchnOp(k, EVTCHNOP.EVTCHNOP_bind_interdomain, 12, (s) =>
        s.setU16(0, n).setU32(4, p),
      );
      if (r.ret < 0) return k.log(`evtchn: bind failed: ${errText(r.ret)}`);
      const port = r.out.u32(8);
      k.log(`evtchn: bound port ${port} to d${n} port ${p}`);
      return k.adopt(port);
    }
    case "send":
    case "close":
    case "unmask":
      if (n === undefined) return k.log(`lab: usage: evtchn ${verb} PORT`);
      return portCommand(k, verb, n);
    case "status": {
      if (n === undefined) return k.log("lab: usage: evtchn status PORT");
      const r = evtchnOp(k, EVTCHNOP.EVTCHNOP_status, 24, (s) =>
        s.setU16(0, DOMID.DOMID_SELF).setU32(4, n),
      );
      return k.log(r.ret < 0 ? `evtchn: status failed: ${errText(r.ret)}` : statusText(r.out, n));
    }
    case "mask":
      if (n === undefined) return k.log("lab: usage: evtchn mask PORT");
      k.driver?.mask(n);
      return k.log(`evtchn: masked port ${n}`);
    case "list":
      for (const [port, { seen }] of [...k.ports].sort((x, y) => x[0] - y[0]))
        if (seen > 0) k.log(`evtchn: port ${port} seen ${seen}`);
      return;
    case "fifo":
      return fifoCommand(k);
    default:
      return k.log("lab: usage: evtchn alloc|bind|send|close|status|unmask|mask|list|fifo ...");
  }
}

/** `evtchn fifo`: engage FIFO now (init_control for every vCPU), keeping the bound ports. */
function fifoCommand(k: ModelledKernel): void {
  if (k.driver?.kind === "fifo") return k.log("fifo: ok");
  const fifo = new FifoDriver(k);
  const rc = fifo.init();
  if (rc < 0) return k.log(`fifo: init_control failed: ${errText(rc)}, using 2-level`);
  k.driver = fifo;
  k.flavour = "fifo";
  for (const port of k.ports.keys()) fifo.setup(port);
  k.log("fifo: ok");
}

function bench(k: ModelledKernel): void {
  const N = 2000;
  let t = Date.now();
  for (let i = 0; i < N; i++)
    k.cpu.call(k.boot, HYPERVISOR.__HYPERVISOR_xen_version, [XENVER.XENVER_version]);
  k.log(`bench: xen_version ${Math.round((N * 1000) / Math.max(1, Date.now() - t))}/s`);
  const ipi = evtchnOp(k, EVTCHNOP.EVTCHNOP_bind_ipi, 8, (s) => s.setU32(0, 0));
  if (ipi.ret < 0) return k.log(`bench: bind_ipi failed: ${errText(ipi.ret)}`);
  const port = ipi.out.u32(4);
  k.adopt(port);
  k.quiet = true;
  t = Date.now();
  for (let i = 0; i < N; i++) {
    evtchnOp(k, EVTCHNOP.EVTCHNOP_send, 4, (s) => s.setU32(0, port));
    k.serviceInterrupts();
  }
  const dt = Date.now() - t;
  k.quiet = false;
  k.log(`evtchn: event port ${port} x ${k.ports.get(port)?.seen ?? 0}`);
  k.log(`bench: events ${Math.round((N * 1000) / Math.max(1, dt))}/s`);
  evtchnOp(k, EVTCHNOP.EVTCHNOP_close, 4, (s) => s.setU32(0, port));
  k.ports.delete(port);
}

export const SHELL: KernelShell = {
  run(k, line) {
    const [cmd, ...args] = line.split(/\s+/).filter(Boolean);
    switch (cmd) {
      case undefined:
        return;
      case "help":
        return HELP.forEach((h) => k.log(`help: ${h}`));
      case "info":
        k.log(xenVersionLine(k));
        k.log(`xen: domid ${k.domid}`);
        k.log(abiLine(k));
        return k.log(modeLine(k));
      case "mode":
        return k.log(modeLine(k));
      case "evtchn":
        return evtchnCommand(k, args);
      case "ping": {
        const dom = num(args[0]);
        const count = args[1] === undefined ? 10 : num(args[1]);
        if (dom === undefined || count === undefined)
          return k.log("lab: usage: ping DOMID [COUNT]");
        return ping(k, dom, count);
      }
      case "hibernate":
        k.hibernate();
        return k.log("hibernate: resumed with 2-level driver");
      case "hypercall": {
        const nr = num(args[0]);
        const vals = args
          .slice(1, 6)
          .map((v) => (/^-?(0x[0-9a-f]+|\d+)$/i.test(v) ? BigInt(v) : undefined));
        if (nr === undefined || vals.some((v) => v === undefined))
          return k.log("lab: usage: hypercall NR A0 A1 A2 A3 A4");
        const ret = k.cpu.call(k.boot, nr, vals as bigint[]);
        return k.log(`hypercall: ${nr} returned ${ret}`);
      }
      case "bench":
        return bench(k);
      case "crash":
        k.halted = true;
        k.cpu.structCall(
          k.boot,
          HYPERVISOR.__HYPERVISOR_sched_op,
          SCHEDOP.SCHEDOP_shutdown,
          4,
          (s) => s.setU32(0, SHUTDOWN.SHUTDOWN_crash),
        );
        return;
      default:
        return k.log(`lab: unknown command '${cmd}' (try help)`);
    }
  },

  selfTest(k, name) {
    const ok = (pass: boolean) => k.log(`Test result: ${pass ? "SUCCESS" : "FAILURE"}`);
    if (name === "ipi") {
      const r = evtchnOp(k, EVTCHNOP.EVTCHNOP_bind_ipi, 8, (s) => s.setU32(0, 0));
      if (r.ret < 0) return k.log("Test result: ERROR");
      const port = r.out.u32(4);
      k.adopt(port);
      evtchnOp(k, EVTCHNOP.EVTCHNOP_send, 4, (s) => s.setU32(0, port));
      k.serviceInterrupts();
      return ok((k.ports.get(port)?.seen ?? 0) === 1);
    }
    if (name === "loopback") {
      const a = evtchnOp(k, EVTCHNOP.EVTCHNOP_alloc_unbound, 8, (s) =>
        s.setU16(0, DOMID.DOMID_SELF).setU16(2, DOMID.DOMID_SELF),
      );
      const pa = a.out.u32(4);
      const b = evtchnOp(k, EVTCHNOP.EVTCHNOP_bind_interdomain, 12, (s) =>
        s.setU16(0, DOMID.DOMID_SELF).setU32(4, pa),
      );
      if (a.ret < 0 || b.ret < 0) return k.log("Test result: ERROR");
      k.adopt(pa);
      k.adopt(b.out.u32(8));
      k.serviceInterrupts(); // the bind's own event on the new port
      evtchnOp(k, EVTCHNOP.EVTCHNOP_send, 4, (s) => s.setU32(0, b.out.u32(8)));
      k.serviceInterrupts();
      return ok((k.ports.get(pa)?.seen ?? 0) === 1);
    }
    k.log(`lab: unknown test '${name}'`);
    k.log("Test result: ERROR");
  },
};
