/**
 * scenario.run_arm64: runs per second of an arm64 scenario (createdomain, max_vcpus,
 * set_address_size 64, an expect on the vCPU mode) through the runner, booting a
 * fresh lab each time; baseline: the same hypercalls issued straight through XenCtrl
 * on a fresh lab (so the ratio is the runner's own cost).
 */
import { scenario } from "../src/xen-core/scenario/build";
import { ScenarioRun } from "../src/xen-core/scenario/runner";
import { createGuest, makeLab } from "../src/xen-core/testing/lab";
import { figure, rate, type Figure } from "./figures";

const ARM64_FLIP = scenario({ name: "bench-arm64-flip", arch: "arm64" }, [
  {
    kind: "domctl",
    cmd: "createdomain",
    fields: { flags: ["hvm", "hap"], max_vcpus: 1 },
    save: { g1: "domain" },
  },
  { kind: "domctl", cmd: "max_vcpus", dom: "g1", fields: { max: 1 } },
  { kind: "domctl", cmd: "set_address_size", dom: "g1", fields: { size: 64 } },
  { kind: "expect", dom: "g1", vcpu: 0, mode: "AArch64" },
]);

export function scenarioFigures(budgetMs = 1000): Figure[] {
  const runs = rate(
    () => {
      if (new ScenarioRun(ARM64_FLIP).runSync().verdict !== "SUCCESS")
        throw new Error("bench scenario failed");
    },
    1,
    budgetMs,
  );
  const direct = rate(
    () => {
      const lab = makeLab({ arch: "arm64" });
      const g = createGuest(lab);
      lab.xc.setAddressSize(g, 64);
    },
    1,
    budgetMs,
  );
  return [figure("scenario.run_arm64", runs, "scenario.direct_xenctrl", direct)];
}
