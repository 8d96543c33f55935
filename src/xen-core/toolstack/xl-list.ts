/**
 * `xl list` output, tools/xl/xl_info.c (list_domains): the header, then per domain
 * the name in 40 columns, domid in 5, Mem (MiB) in 5, online vCPUs in 5, 5 spaces, the
 * six state characters (r b p s <reason from "-rscwS"> d), 2 spaces... and Time(s) as
 * %8.1f. Golden shape: shared/reference/xen-4.17-oracle.md.
 */
import { XEN_DOMINF, XEN_DOMINF_shutdownmask, XEN_DOMINF_shutdownshift } from "../abi/domctl";
import type { DomainSnapshot } from "../hypervisor/snapshot";

export const XL_LIST_HEADER =
  "Name                                        ID   Mem VCPUs\tState\tTime(s)";

const SHUTDOWN_REASONS = "-rscwS";

/** The six state characters of one domain. */
export function xlStateChars(dominf: number): string {
  const f = (bit: number, c: string) => (dominf & bit ? c : "-");
  const shutdown = (dominf & XEN_DOMINF.XEN_DOMINF_shutdown) !== 0;
  const code = (dominf >>> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;
  const reason = shutdown ? (SHUTDOWN_REASONS[code] ?? "?") : "-";
  return (
    f(XEN_DOMINF.XEN_DOMINF_running, "r") +
    f(XEN_DOMINF.XEN_DOMINF_blocked, "b") +
    f(XEN_DOMINF.XEN_DOMINF_paused, "p") +
    f(XEN_DOMINF.XEN_DOMINF_shutdown, "s") +
    reason +
    f(XEN_DOMINF.XEN_DOMINF_dying, "d")
  );
}

/** One row, as printf("%-40s %5d %5lu %5d     %c%c%c%c%c%c  %8.1f") prints it. */
export function xlListRow(name: string, d: DomainSnapshot): string {
  const memMiB = Math.floor((d.totPages * 4) / 1024);
  const time = (d.cpuTimeNs / 1e9).toFixed(1);
  return (
    `${name.padEnd(40)} ${String(d.domid).padStart(5)} ${String(memMiB).padStart(5)} ` +
    `${String(d.onlineVcpus).padStart(5)}     ${xlStateChars(d.dominf)}  ${time.padStart(8)}`
  );
}

export function formatXlList(
  domains: readonly DomainSnapshot[],
  nameOf: (domid: number) => string,
): string {
  return [XL_LIST_HEADER, ...domains.map((d) => xlListRow(nameOf(d.domid), d))].join("\n") + "\n";
}
