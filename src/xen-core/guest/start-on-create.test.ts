// What runs in a domain xl create built (start-on-create.ts): a modelled kernel for an
// ordinary Arm domain, none for a Realm (Realm RFC v1: no /hypervisor node in its
// device tree, so no guest kernel finds Xen).
import { describe, expect, it } from "vitest";
import { DEFAULT_HOST } from "../hypervisor/host";
import { Hypervisor } from "../hypervisor/hypervisor";
import { Dom0Shell } from "../toolstack/shell/shell";
import { modelledKernel } from "./boot";
import { startModelledGuests } from "./start-on-create";

const CFG = 'kernel = "images/sample-arm64.Image"\nmemory = 128\ngic_version = "v3"\n';

describe("startModelledGuests", () => {
  it("boots a modelled kernel in an ordinary domain, none in a Realm", () => {
    const hv = new Hypervisor({ arch: "arm64", profile: "realm-rfc-v1", host: DEFAULT_HOST.arm64 });
    const sh = new Dom0Shell(hv, { toolstack: { onDomainStarted: startModelledGuests(hv) } });
    const write = (file: string, text: string) =>
      sh.vfs.write(`/root/${file}`, new TextEncoder().encode(text));
    write("n.cfg", `name = "n"\n${CFG}`);
    write("r.cfg", `name = "r"\n${CFG}realm = 1\n`);
    expect(sh.run("xl create n.cfg").exit).toBe(0);
    expect(sh.run("xl create r.cfg").exit).toBe(0);
    expect(modelledKernel(hv, 1)?.transcript).toContain("xen: domid 1");
    expect(hv.domain(2)!.isRealm).toBe(true);
    expect(modelledKernel(hv, 2)).toBeUndefined();
    expect(hv.domain(2)!.evtchn.shared.gfn).toBeUndefined();
  });
});
