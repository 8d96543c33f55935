/**
 * `xl info [-n] [NAME]` (tools/xl/xl_info.c print_info, RELEASE-4.22.0): dom0's uname,
 * the host (XEN_SYSCTL_physinfo), Xen's version information (xen_version hypercalls),
 * xend_config_format. With NAME only that line's value is printed (maybe_printf). The
 * modelled dom0 is the oracles' Debian host, so its uname is theirs
 * (shared/reference/xen-4.17-*-oracle.md). 4.22's xl adds arm_sve_vector_length on Arm.
 */
import { XENVER } from "../../abi/xen";
import { physinfo } from "../libxl/env";
import type { XlIo } from "./io";
import type { XlCommand } from "./xl";
import type { XlContext } from "./xl-context";

/** dom0's uname: the oracles' Debian kernels (the model's dom0 is their host). */
const UNAME = {
  arm64: {
    release: "6.1.0-50-arm64",
    version: "#1 SMP Debian 6.1.176-1 (2026-07-02)",
    machine: "aarch64",
  },
  x86_64: {
    release: "6.1.0-56-amd64",
    version: "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)",
    machine: "x86_64",
  },
} as const;

function cString(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  return String.fromCharCode(...bytes.subarray(0, nul < 0 ? bytes.length : nul));
}

export function infoLines(x: XlContext): string[] {
  const h = UNAME[x.arch];
  const xc = x.xc;
  const p = physinfo(xc);
  if (!p) return [];
  const ver = xc.xenVersion(XENVER.XENVER_version).ret;
  const extra = cString(xc.xenVersion(XENVER.XENVER_extraversion, 16).bytes);
  const compile = xc.xenVersion(XENVER.XENVER_compile_info, 144).bytes;
  const changeset = cString(xc.xenVersion(XENVER.XENVER_changeset, 64).bytes);
  const cmdline = cString(xc.xenVersion(XENVER.XENVER_commandline, 1024).bytes);
  const pageSize = xc.xenVersion(XENVER.XENVER_pagesize).ret;
  const params = xc.xenVersion(XENVER.XENVER_platform_parameters, 8).bytes;
  const virtStart =
    params.length === 8 ? new DataView(params.slice().buffer).getBigUint64(0, true) : 0n;
  const caps = [
    p.capPv ? " pv" : "",
    p.capHvm ? " hvm" : "",
    p.capHvm && p.capHvmDirectio ? " hvm_directio" : "",
    p.capPv && p.capHvmDirectio ? " pv_directio" : "",
    p.capHap ? " hap" : "",
    p.capShadow ? " shadow" : "",
    p.capIommuHapPtShare ? " iommu_hap_pt_share" : "",
    p.capVmtrace ? " vmtrace" : "",
    p.capVpmu ? " vpmu" : "",
    p.capGnttabV1 ? " gnttab-v1" : "",
    p.capGnttabV2 ? " gnttab-v2" : "",
  ].join("");
  const mhz = `${Math.floor(p.cpuKhz / 1000)}.${String(p.cpuKhz % 1000).padStart(3, "0")}`;
  // xl_info.c: pages / ((1 << 20) / pagesize), integer division.
  const mib = (pages: number) => Math.floor(pages / 256);
  const hwCaps = p.hwCap.map((c) => c.toString(16).padStart(8, "0")).join(":");
  const lines = [
    `host                   : xendom0`,
    `release                : ${h.release}`,
    `version                : ${h.version}`,
    `machine                : ${h.machine}`,
    `nr_cpus                : ${p.nrCpus}`,
    `max_cpu_id             : ${p.maxCpuId}`,
    `nr_nodes               : ${p.nrNodes}`,
    `cores_per_socket       : ${p.coresPerSocket}`,
    `threads_per_core       : ${p.threadsPerCore}`,
    `cpu_mhz                : ${mhz}`,
    `hw_caps                : ${hwCaps}`,
    `virt_caps              :${caps}`,
    ...(x.arch === "arm64" && x.options.tree !== "4.17"
      ? [`arm_sve_vector_length  : ${p.armSveMax}`]
      : []),
    `total_memory           : ${mib(p.totalPages)}`,
    `free_memory            : ${mib(p.freePages - p.outstandingPages)}`,
    `sharing_freed_memory   : 0`,
    `sharing_used_memory    : 0`,
    `outstanding_claims     : ${mib(p.outstandingPages)}`,
    `free_cpus              : 0`,
    `xen_major              : ${ver >> 16}`,
    `xen_minor              : ${ver & 0xffff}`,
    `xen_extra              : ${extra}`,
    `xen_version            : ${ver >> 16}.${ver & 0xffff}${extra}`,
    `xen_caps               : ${xc.xenCaps()}`,
    `xen_scheduler          : credit2`,
    `xen_pagesize           : ${pageSize}`,
    `platform_params        : virt_start=0x${virtStart.toString(16)}`,
    `xen_changeset          : ${changeset}`,
    `xen_commandline        : ${cmdline}`,
    `cc_compiler            : ${cString(compile.subarray(0, 64))}`,
    `cc_compile_by          : ${cString(compile.subarray(64, 80))}`,
    `cc_compile_domain      : ${cString(compile.subarray(80, 112))}`,
    `cc_compile_date        : ${cString(compile.subarray(112, 144))}`,
    `build_id               : `,
    `xend_config_format     : 4`,
  ];
  return lines;
}

export const mainInfo: XlCommand = {
  spec: {
    short: "nx",
    long: { numa: { short: "n", arg: false }, xenstore: { short: "x", arg: false } },
  },
  reqArgs: 0,
  run(x, io: XlIo, opts, args) {
    const numa = opts.some((o) => o.opt === "n");
    const name = !numa && args.length ? args[0] : undefined;
    for (const line of infoLines(x)) {
      if (name === undefined) io.out(`${line}\n`);
      else if (line.startsWith(name)) {
        const colon = line.indexOf(":");
        if (colon >= 0 && line[colon + 1] === " ") io.out(`${line.slice(colon + 2)}\n`);
      }
    }
    return 0;
  },
};
