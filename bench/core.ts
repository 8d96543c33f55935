/**
 * Figures of the hypervisor core (issue: foundation):
 * - hypercall.xen_version: XENVER_version dispatches per second with tracing on;
 *   baseline: the same dispatch with the trace switched off (the trace's cost).
 * - domctl.create_destroy: createdomain + destroydomain cycles per second through the
 *   toolstack's hypercall path (struct copy-in/out, sanitise, domid allocation);
 *   baseline: getdomaininfo domctls per second, the cheapest domctl on that path.
 */
import { HYPERVISOR, XENVER } from "../src/xen-core/abi/xen";
import { libxlDefaultConfig } from "../src/xen-core/domctl/createdomain-config";
import { cdfMask } from "../src/xen-core/profiles/profiles";
import { makeLab } from "../src/xen-core/testing/lab";
import { figure, rate, type Figure } from "./figures";

export function coreFigures(budgetMs = 1000): Figure[] {
  const lab = makeLab({ arch: "arm64" });
  const { hv, xc } = lab;
  const v0 = hv.dom0.vcpus[0]!;
  const args = [BigInt(XENVER.XENVER_version), 0n, 0n, 0n, 0n] as const;
  const nr = HYPERVISOR.__HYPERVISOR_xen_version;
  const batch = 1000;
  const dispatch = () => {
    for (let i = 0; i < batch; i++) hv.hypercall(v0, nr, args);
  };
  hv.trace.enabled = false;
  const untraced = rate(dispatch, batch, budgetMs);
  hv.trace.enabled = true;
  const traced = rate(dispatch, batch, budgetMs);

  const config = libxlDefaultConfig("arm64", cdfMask(hv.profile, ["hvm", "hap"]), 1);
  const cycle = () => {
    const { domid } = xc.createDomain(config);
    xc.destroyDomain(domid);
  };
  const cycles = rate(cycle, 1, budgetMs);
  const info = rate(() => xc.getDomainInfo(0), 1, budgetMs);

  return [
    figure("hypercall.xen_version", traced, "hypercall.xen_version.untraced", untraced),
    figure("domctl.create_destroy", cycles, "domctl.getdomaininfo", info),
  ];
}
