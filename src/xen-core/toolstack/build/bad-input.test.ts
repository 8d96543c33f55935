// Bad input through the whole `xl create` path: what the user can drop on the lab (any
// file as a kernel, any text as a config) gets xl's own error and exit code, the lab
// keeps only dom0, and nothing throws. (The parser's and the probe's own bad-input tests
// sit beside them; these check that the build path keeps their promises.)
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Hypervisor } from "../../hypervisor/hypervisor";
import { sampleImages } from "../kernel/samples";
import { Dom0Shell } from "../shell/shell";

const CFG = 'name = "g"\nkernel = "/root/k"\nmemory = 64\n';

function withKernel(bytes: Uint8Array) {
  const hv = new Hypervisor({ arch: "arm64" });
  const sh = new Dom0Shell(hv, { files: { "g.cfg": CFG, k: bytes } });
  return { hv, r: sh.run("xl create g.cfg") };
}

describe("bad kernels through xl create", () => {
  it("random bytes: no loader found, exit 3, no domain left", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 4096 }), (bytes) => {
        const { hv, r } = withKernel(bytes);
        if (r.exit === 0) return hv.domains.size === 2; // a random valid header: built
        return (
          r.exit === 3 &&
          hv.domains.size === 1 &&
          /no loader found|xc_dom_kernel_file failed|xc_dom_parse_image failed/.test(r.stderr)
        );
      }),
      { numRuns: 60 },
    );
  });

  it("every truncation of the samples: an answer, never a throw", () => {
    for (const [name, bytes] of sampleImages()) {
      for (const n of [0, 1, 4, 36, 40, 44, 56, 63, 64, 65, 100, bytes.length - 1]) {
        const { r } = withKernel(bytes.slice(0, n));
        expect([0, 3], `${name} cut at ${n}`).toContain(r.exit);
        expect(r.stderr).not.toContain("internal error");
      }
    }
  });

  it("a 64 MiB file of zeros: no loader found", () => {
    const { r } = withKernel(new Uint8Array(64 << 20));
    expect(r.exit).toBe(3);
    expect(r.stderr).toContain("xc_dom_find_loader: no loader found: Invalid kernel");
  });
});

describe("bad configs through xl create", () => {
  const run = (text: string) =>
    new Dom0Shell(new Hypervisor({ arch: "arm64" }), { files: { "g.cfg": text } }).run(
      "xl create g.cfg",
    );

  it("100 000 lines: parsed, the last assignment wins, the domain is built", () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `extra = "line ${i}"`);
    const text = `name = "g"\nkernel = "images/sample-arm64.Image"\nmemory = 8\n${lines.join("\n")}\n`;
    const sh = new Dom0Shell(new Hypervisor({ arch: "arm64" }), { files: { "g.cfg": text } });
    const r = sh.run("xl create g.cfg");
    expect([r.exit, r.stderr]).toEqual([0, "Parsing config from g.cfg\n"]);
    expect(sh.configs.get(1)!.bInfo.cmdline).toBe("line 99999");
  });

  it("100 000 syntax errors: xl's messages, exit 1", () => {
    const r = run("= = =\n".repeat(100_000));
    expect(r.exit).toBe(1);
    expect(r.stderr.split("\n").at(-2)).toBe("Failed to parse config: Invalid argument");
  });

  it("deeply nested lists hit bison's limit: memory exhausted, exit 1", () => {
    const r = run(`name = "g"\ndisk = ${"[".repeat(20_000)}\n`);
    expect(r.exit).toBe(1);
    expect(r.stderr).toContain("memory exhausted");
  });

  it("binary junk as a config: an error, never a throw", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const r = run(text);
        return [0, 1, 3].includes(r.exit) && !r.stderr.includes("internal error");
      }),
      { numRuns: 200 },
    );
  });
});
