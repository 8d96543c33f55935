// The guest device tree libxl builds (libxl_arm.c libxl__prepare_dtb and
// libxl__arch_domain_finalise_hw_description), golden: fixtures/guest-*.dtb are the
// blobs the lab's `xl create` wrote (LIBXL_DEBUG_DUMP_DTB), and guest-*.dts what the
// real dtc 1.6.1 (Debian 12) printed for them with `dtc -I dtb -O dts`. So the test
// checks both the blob (against the fixture) and the shell's dtc (against the real one).
// Normal: upstream, GICv3. Realm: realm-rfc-v1, realm = 1 (PSCI "smc", no /hypervisor).
// vuart: GICv2 host, vuart = "sbsa_uart", a ramdisk, 4 vCPUs.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_HOST } from "../../hypervisor/host";
import { Hypervisor } from "../../hypervisor/hypervisor";
import { Dom0Shell } from "../shell/shell";
import { deserialize, serialize } from "./fdt";
import { toDts } from "./dts";

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
const COMMON = 'name = "g"\nmemory = 128\nvcpus = 2\nextra = "console=hvc0"\n';
const CASES = {
  normal: ["upstream", "v3", `${COMMON}kernel = "images/sample-arm64.Image"\n`],
  realm: [
    "realm-rfc-v1",
    "v3",
    `${COMMON}kernel = "images/sample-arm64.Image"\nrealm = 1\ngic_version = "v3"\n`,
  ],
  vuart: [
    "upstream",
    "v2",
    'name = "g"\nkernel = "images/sample-arm32.zImage"\nmemory = 4096\nvcpus = 4\n' +
      'vuart = "sbsa_uart"\ngic_version = "v2"\nramdisk = "images/sample-arm64.Image.gz"\n',
  ],
} as const;

function build(which: keyof typeof CASES) {
  const [profile, gic, cfg] = CASES[which];
  const hv = new Hypervisor({ arch: "arm64", profile, host: { ...DEFAULT_HOST.arm64, gic } });
  const sh = new Dom0Shell(hv, { files: { "g.cfg": cfg } });
  const r = sh.run("LIBXL_DEBUG_DUMP_DTB=/root/g.dtb xl create g.cfg");
  expect(r.stderr).toBe("Parsing config from g.cfg\n");
  return { sh, blob: sh.vfs.read("/root/g.dtb")! };
}

describe("guest device tree", () => {
  it.each(Object.keys(CASES) as (keyof typeof CASES)[])("%s: blob and DTS golden", (which) => {
    const { sh, blob } = build(which);
    expect(Buffer.from(blob)).toEqual(readFileSync(fixture(`guest-${which}.dtb`)));
    const dts = readFileSync(fixture(`guest-${which}.dts`), "utf8");
    expect(sh.run("dtc -I dtb -O dts g.dtb").stdout).toBe(dts);
    // The shell keeps each built domain's tree as DTS for the page.
    expect(sh.dts.get(1)).toBe(dts);
  });

  it("a Realm's tree differs from a normal guest's only in PSCI's method and /hypervisor", () => {
    const normal = readFileSync(fixture("guest-normal.dts"), "utf8");
    const realm = readFileSync(fixture("guest-realm.dts"), "utf8");
    const withoutHypervisor = normal.replace(/\n\n\thypervisor \{[^}]*\};\n/, "\n");
    expect(withoutHypervisor).not.toBe(normal);
    expect(realm).toBe(withoutHypervisor.replace('method = "hvc"', 'method = "smc"'));
  });

  it("serialize(deserialize(blob)) keeps the tree (NOPs and slack aside)", () => {
    for (const which of Object.keys(CASES)) {
      const blob = new Uint8Array(readFileSync(fixture(`guest-${which}.dtb`)));
      const tree = deserialize(blob)!;
      expect(toDts(deserialize(serialize(tree))!)).toBe(toDts(tree));
    }
  });

  it("deserialize refuses what is not a DTB, and truncated blobs, without throwing", () => {
    const blob = new Uint8Array(readFileSync(fixture("guest-normal.dtb")));
    expect(deserialize(new Uint8Array(100))).toBeUndefined();
    for (const n of [0, 3, 40, 64, 200, 1000])
      expect(() => deserialize(blob.slice(0, n))).not.toThrow();
    const bad = blob.slice();
    bad[64 + 3] = 0x77; // an unknown structure tag
    expect(deserialize(bad)).toBeUndefined();
  });
});

describe("partial device tree (device_tree=)", () => {
  const partial = new Uint8Array(readFileSync(fixture("partial.dtb")));
  const normal = new Uint8Array(readFileSync(fixture("guest-normal.dtb")));
  const cfg = (path: string) =>
    `name = "g"\nkernel = "images/sample-arm64.Image"\nmemory = 128\ndevice_tree = "${path}"\n`;
  function run(path: string) {
    const hv = new Hypervisor({ arch: "arm64" });
    const sh = new Dom0Shell(hv, {
      files: { "p.dtb": partial, "n.dtb": normal, "g.cfg": cfg(path) },
    });
    return { sh, r: sh.run("xl create g.cfg") };
  }

  it("copies /passthrough and /aliases to the end of the guest's root node", () => {
    const { sh, r } = run("/root/p.dtb");
    expect(r.exit).toBe(0);
    const dts = sh.dts.get(1)!;
    expect(dts).toMatch(/\t\};\n\n\tpassthrough \{\n\t\tcompatible = "simple-bus";/);
    expect(dts).toMatch(
      /\taliases \{\n\t\tnet = "\/passthrough\/ethernet@ff0e0000";\n\t\};\n\};\n$/,
    );
  });

  it.each([
    [
      "/root/none.dtb",
      "failed to read the partial device file /root/none.dtb: No such file or directory",
    ],
    ["/root/g.cfg", "check_partial_fdt: Partial FDT is not a valid Flat Device Tree"],
    ["/root/n.dtb", `copy_partial_fdt: Can't copy the node "/passthrough" from the partial FDT`],
  ])("%s: %s, xl exits 3", (path, message) => {
    const { r } = run(path);
    expect(r.exit).toBe(3);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain("libxl__build_dom: libxl__arch_domain_init_hw_description failed");
  });
});
