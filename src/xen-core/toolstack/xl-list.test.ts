// `xl list` (tools/xl/xl_info.c) against the golden rows a real Xen 4.17 printed
// (shared/reference/xen-4.17-oracle.md and xen-4.17-arm-oracle.md).
import { describe, expect, it } from "vitest";
import { XEN_DOMINF } from "../abi/domctl";
import type { DomainSnapshot } from "../hypervisor/snapshot";
import { makeLab } from "../testing/lab";
import { formatXlList, xlListRow, xlStateChars, XL_LIST_HEADER } from "./xl-list";

const row = (over: Partial<DomainSnapshot>): DomainSnapshot =>
  ({
    domid: 0,
    totPages: 262144,
    onlineVcpus: 2,
    cpuTimeNs: 21.0e9,
    dominf: XEN_DOMINF.XEN_DOMINF_running,
    ...over,
  }) as DomainSnapshot;

describe("xl list format", () => {
  it("matches the oracle's header and rows byte for byte", () => {
    expect(XL_LIST_HEADER).toBe(
      "Name                                        ID   Mem VCPUs\tState\tTime(s)",
    );
    expect(xlListRow("Domain-0", row({}))).toBe(
      "Domain-0                                     0  1024     2     r-----      21.0",
    );
    expect(
      xlListRow(
        "guest32",
        row({
          domid: 2,
          totPages: 32768,
          onlineVcpus: 1,
          cpuTimeNs: 5.6e9,
          dominf: XEN_DOMINF.XEN_DOMINF_blocked,
        }),
      ),
    ).toBe("guest32                                      2   128     1     -b----       5.6");
  });

  it("state characters: r b p s, the shutdown reason from -rscwS, d", () => {
    expect(xlStateChars(XEN_DOMINF.XEN_DOMINF_paused)).toBe("--p---");
    expect(xlStateChars(XEN_DOMINF.XEN_DOMINF_shutdown | (3 << 16))).toBe("---sc-");
    expect(xlStateChars(XEN_DOMINF.XEN_DOMINF_shutdown | (0 << 16))).toBe("---s--");
    expect(xlStateChars(XEN_DOMINF.XEN_DOMINF_shutdown | (9 << 16))).toBe("---s?-");
    expect(xlStateChars(XEN_DOMINF.XEN_DOMINF_dying)).toBe("-----d");
  });

  it("a freshly booted lab lists dom0 as the oracle does (time aside)", () => {
    const { hv } = makeLab({ arch: "arm64" });
    const text = formatXlList(hv.snapshot().domains, () => "Domain-0");
    expect(text).toBe(
      `${XL_LIST_HEADER}\nDomain-0                                     0  1024     2     r-----       0.0\n`,
    );
  });
});
