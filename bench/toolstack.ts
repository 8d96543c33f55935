/**
 * Figures of the toolstack (issue 5):
 * - xlcfg.parse: lines per second of the xl.cfg parser (libxlu's grammar, diagnostics
 *   with ranges) on a 2 000-line config of keys, strings, numbers, lists and comments;
 *   baseline: a bare pass over the same text that splits it into lines and finds each
 *   line's '=' (what any reader of the file must at least do).
 * - xl.create_arm64: `xl create` then `xl destroy` per second through the dom0 shell,
 *   for a modelled arm64 domain (64-bit Image, 16 MiB, 1 vCPU): parse, libxl defaults,
 *   createdomain, the loader probe, set_address_size, populate, the device tree,
 *   setvcpucontext, unpause (running); 1000 / value is the milliseconds per create.
 *   Baseline: the same domain built with raw XenCtrl domctls (createdomain, max_vcpus,
 *   max_mem, set_address_size, populate in 2 MiB extents, setvcpucontext, unpause,
 *   destroy), so the ratio is what xl, libxl and libxc add on top of the hypercalls.
 */
import { libxlDefaultConfig } from "../src/xen-core/domctl/createdomain-config";
import { initialVcpuContext } from "../src/xen-core/domctl/vcpucontext";
import { Hypervisor } from "../src/xen-core/hypervisor/hypervisor";
import { cdfMask } from "../src/xen-core/profiles/profiles";
import { Dom0Shell } from "../src/xen-core/toolstack/shell/shell";
import { parseXlCfg } from "../src/xen-core/toolstack/xlcfg/parser";
import { XenCtrl } from "../src/xen-core/toolstack/xenctrl";
import { figure, rate, type Figure } from "./figures";

const MEMORY_MB = 16;

function sampleConfig(lines: number): string {
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `# guest ${i}`,
      `name = "guest${i}"`,
      `memory = ${128 + i}`,
      `vcpus = ${1 + (i % 4)}`,
      `disk = [ "phy:/dev/vg/g${i},xvda,w", "file:/srv/g${i}.iso,xvdc:cdrom,r" ]`,
      `extra = "console=hvc0 root=/dev/xvda1 rw"`,
      `on_crash = 'restart'`,
      `vif = [ 'bridge=xenbr0,mac=00:16:3e:00:00:${(i % 256).toString(16).padStart(2, "0")}' ]`,
    );
  }
  return `${out.slice(0, lines).join("\n")}\n`;
}

export function toolstackFigures(budgetMs = 1000): Figure[] {
  const LINES = 2000;
  const text = sampleConfig(LINES);
  const parse = rate(
    () => {
      if (parseXlCfg(text, "bench.cfg").err) throw new Error("bench config does not parse");
    },
    LINES,
    budgetMs,
  );
  let sink = 0;
  const split = rate(
    () => {
      for (const line of text.split("\n")) sink += line.indexOf("=");
    },
    LINES,
    budgetMs,
  );
  if (sink === 42) console.log(""); // keep the baseline's work observable

  const hv = new Hypervisor({ arch: "arm64" });
  const sh = new Dom0Shell(hv, {
    files: {
      "g.cfg": `name = "g"\nkernel = "images/sample-arm64.Image"\nmemory = ${MEMORY_MB}\n`,
    },
  });
  const create = rate(
    () => {
      if (sh.run("xl create g.cfg").exit !== 0) throw new Error("bench xl create failed");
      if (sh.run("xl destroy g").exit !== 0) throw new Error("bench xl destroy failed");
    },
    1,
    budgetMs,
  );

  const raw = new Hypervisor({ arch: "arm64" });
  const xc = new XenCtrl(raw);
  const config = libxlDefaultConfig("arm64", cdfMask(raw.profile, ["hvm", "hap"]), 1);
  const extents = Array.from({ length: (MEMORY_MB * 256) >> 9 }, (_, i) => 0x40000 + (i << 9));
  const context = initialVcpuContext("arm64", 64, 0x40000000n);
  const direct = rate(
    () => {
      const { ret, domid } = xc.createDomain(config);
      if (ret !== 0) throw new Error("bench createdomain failed");
      xc.maxVcpus(domid, 1);
      xc.maxMem(domid, MEMORY_MB * 1024 + 1024);
      xc.setAddressSize(domid, 64);
      xc.populatePhysmapOrder(domid, 9, extents);
      xc.setVcpuContext(domid, 0, context);
      xc.unpauseDomain(domid);
      xc.destroyDomain(domid);
    },
    1,
    budgetMs,
  );

  return [
    figure("xlcfg.parse", parse, "xlcfg.split_lines", split),
    figure("xl.create_arm64", create, "xl.create_arm64.raw_domctls", direct),
  ];
}
