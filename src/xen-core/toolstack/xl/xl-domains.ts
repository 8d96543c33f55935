/**
 * `xl list`, `xl vcpu-list`, `xl domid`, `xl domname` (tools/xl/xl_info.c,
 * xl_vcpu.c, RELEASE-4.22.0). Domain and vCPU facts come from Xen through dom0's
 * hypercalls: XEN_SYSCTL_getdomaininfolist, XEN_DOMCTL_getdomaininfo and
 * XEN_DOMCTL_getvcpuinfo (dominfo.ts).
 */
import { NR_PCPUS } from "../../domctl/toolstack-ops";
import type { DomainSnapshot } from "../../hypervisor/snapshot";
import { uuidString } from "../libxl/make";
import { XL_LIST_HEADER, xlListRow } from "../xl-list";
import { configObject, formatJson } from "./config-json";
import { domainInfo, listDomains, type DomInfo } from "./dominfo";
import type { XlIo } from "./io";
import { help } from "./xl-help";
import type { XlCommand } from "./xl";
import { domName, findDomain, type XlContext } from "./xl-context";

const asSnapshot = (d: DomInfo) =>
  ({
    domid: d.domid,
    totPages: d.totPages,
    onlineVcpus: d.onlineVcpus,
    cpuTimeNs: d.cpuTimeNs,
    dominf: d.dominf,
  }) as DomainSnapshot;

export const mainList: XlCommand = {
  spec: {
    short: "lvhZcn",
    long: {
      long: { short: "l", arg: false },
      verbose: { short: "v", arg: false },
      context: { short: "Z", arg: false },
      cpupool: { short: "c", arg: false },
      numa: { short: "n", arg: false },
    },
  },
  reqArgs: 0,
  run(x, io, opts, args) {
    const has = (o: string) => opts.some((p) => p.opt === o);
    let infos: DomInfo[];
    if (args.length === 0) infos = listDomains(x);
    else if (args.length === 1) {
      const domid = findDomain(x, io, args[0]!);
      if (domid === undefined) return 1;
      const info = domainInfo(x, domid);
      if (!info) {
        io.err(`Error: Domain '${args[0]}' does not exist.\n`);
        return 1;
      }
      infos = [info];
    } else {
      help(io, x.arch, "list");
      return 1;
    }
    if (has("l")) {
      const items = infos
        .filter((i) => x.configs.has(i.domid))
        .map((i) => ({
          domid: i.domid,
          config: configObject(x.configs.get(i.domid)!, {
            memkb: x.configs.get(i.domid)!.bInfo.targetMemkb ?? 0,
            onlineVcpus: i.onlineVcpus,
          }),
        }));
      io.out(`${formatJson(items)}\n`);
      return 0;
    }
    const verbose = has("v");
    io.out(
      `${XL_LIST_HEADER}${verbose ? "   UUID                            Reason-Code\tSecurity Label" : ""}\n`,
    );
    for (const i of infos) {
      let line = xlListRow(domName(x, i.domid), asSnapshot(i));
      if (verbose) {
        const shutdown = (i.dominf & 4) !== 0;
        const reason = (i.dominf >>> 16) & 0xff;
        line += ` ${uuidString(i.handle)} ${(shutdown ? reason.toString(16) : "-").padStart(8)} ${"-".padStart(16)}`;
      }
      io.out(`${line}\n`);
    }
    return 0;
  },
};

/** print_bitmap(): "all", "none", or ranges "0-3,6". */
export function printBitmap(bits: readonly boolean[]): string {
  if (bits.every(Boolean)) return "all";
  if (!bits.some(Boolean)) return "none";
  const parts: string[] = [];
  for (let i = 0; i < bits.length; i++) {
    if (!bits[i]) continue;
    let j = i;
    while (j + 1 < bits.length && bits[j + 1]) j++;
    parts.push(i === j ? `${i}` : `${i}-${j}`);
    i = j;
  }
  return parts.join(",");
}

function printDomainVcpus(x: XlContext, io: XlIo, domid: number): void {
  const info = domainInfo(x, domid);
  if (!info || info.maxVcpuId === 0xffffffff) return;
  const all = printBitmap(new Array<boolean>(NR_PCPUS).fill(true));
  for (let v = 0; v <= info.maxVcpuId; v++) {
    const r = x.xc.getVcpuInfo(domid, v);
    if (r.ret < 0) return;
    let line = `${domName(x, domid).padEnd(32)} ${String(domid).padStart(5)} ${String(v).padStart(5)}`;
    line += r.online
      ? `${String(r.cpu).padStart(5)} ${(r.running ? "r" : "-").padStart(3)}${r.blocked ? "b" : "-"}- `
      : `${"-".padStart(5)} ${"-".padStart(3)}-p `;
    line += `${((r.cpuTimeNs ?? 0) / 1e9).toFixed(1).padStart(9)}  ${all} / ${all}`;
    io.out(`${line}\n`);
  }
}

export const mainVcpuList: XlCommand = {
  spec: { short: "" },
  reqArgs: 0,
  run(x, io, _opts, args) {
    io.out(
      `${"Name".padEnd(32)} ${"ID".padStart(5)} ${"VCPU".padStart(5)} ${"CPU".padStart(5)} ${"State".padStart(5)} ${"Time(s)".padStart(9)} Affinity (Hard / Soft)\n`,
    );
    if (!args.length) {
      for (const d of listDomains(x)) printDomainVcpus(x, io, d.domid);
      return 0;
    }
    for (const a of args) {
      const domid = findDomain(x, io, a);
      if (domid === undefined) return 1;
      printDomainVcpus(x, io, domid);
    }
    return 0;
  },
};

export const mainDomid: XlCommand = {
  spec: { short: "" },
  reqArgs: 1,
  run(x, io, _opts, args) {
    const name = args[0]!;
    const domid = x.xenstore.findDomain(name);
    if (domid === undefined || !domainInfo(x, domid)) {
      io.err(`Can't get domid of domain name '${name}', maybe this domain does not exist.\n`);
      return 1;
    }
    io.out(`${domid}\n`);
    return 0;
  },
};

export const mainDomname: XlCommand = {
  spec: { short: "" },
  reqArgs: 1,
  run(x, io, _opts, args) {
    const text = args[0]!;
    // strtol(argv, &endptr, 10): leading digits; "no digits at all" is an error.
    const m = /^\s*[+-]?\d+/.exec(text);
    if (!m) {
      io.err("Invalid domain id.\n\n");
      return 1;
    }
    const domid = Number(m[0]) >>> 0;
    const name = domainInfo(x, domid) ? x.xenstore.domainName(domid) : undefined;
    if (name === undefined) {
      io.err(`Can't get domain name of domain id '${domid}', maybe this domain does not exist.\n`);
      return 1;
    }
    io.out(`${name}\n`);
    return 0;
  },
};
