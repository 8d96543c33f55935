// The layer direction xen-core <- emulator <- ui (and cli) is enforced by lint, type
// imports included, and import cycles are errors. Each test lints a small probe with
// the project's real eslint.config.js, so removing a rule makes its test fail. The
// import targets must exist for the resolver; layers without code yet are named by
// their tsconfig.json.
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe("layer rules", () => {
  it("xen-core may not import the UI, not even a type", async () => {
    const ids = await ruleIds(
      'import type { HypervisorSnapshot } from "../ui/main";\nexport type X = HypervisorSnapshot;\n',
      "src/xen-core/probe.ts",
    );
    expect(ids).toContain("import-x/no-restricted-paths");
  });

  it("xen-core may not import the emulator or the CLI", async () => {
    expect(
      await ruleIds('export * from "../emulator/tsconfig.json";\n', "src/xen-core/probe.ts"),
    ).toContain("import-x/no-restricted-paths");
    expect(
      await ruleIds('export * from "../cli/tsconfig.json";\n', "src/xen-core/probe.ts"),
    ).toContain("import-x/no-restricted-paths");
  });

  it("xen-core may not import browser or Node packages", async () => {
    expect(
      await ruleIds(
        'import { useState } from "react";\nexport const u = useState;\n',
        "src/xen-core/probe.ts",
      ),
    ).toContain("no-restricted-imports");
    expect(
      await ruleIds(
        'import { readFileSync } from "node:fs";\nexport const r = readFileSync;\n',
        "src/xen-core/probe.ts",
      ),
    ).toContain("no-restricted-imports");
  });

  it("the emulator may not import the UI", async () => {
    expect(await ruleIds('export * from "../ui/main";\n', "src/emulator/probe.ts")).toContain(
      "import-x/no-restricted-paths",
    );
  });

  it("the UI may import xen-core", async () => {
    const ids = await ruleIds(
      'export { Hypervisor } from "../xen-core/index";\n',
      "src/ui/probe.ts",
    );
    expect(ids).not.toContain("import-x/no-restricted-paths");
  });

  it("import cycles are errors", async () => {
    const cycle = new ESLint({ cwd: process.cwd(), ignore: false });
    const [result] = await cycle.lintFiles(["test/fixtures/lint/cycle-a.ts"]);
    expect(result!.messages.map((m) => m.ruleId)).toContain("import-x/no-cycle");
  });
});
