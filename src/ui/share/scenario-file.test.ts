// Export / import of the scenario as .yaml: an exported built-in is the file the CLI
// runs (same bytes, same parse), and imports refuse binaries and oversized files.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../xen-core/scenario/parse";
import { BUILTIN_SCENARIOS } from "../lab/builtin-scenarios";
import { exportName, exportScenario, MAX_SCENARIO_FILE, readScenarioFile } from "./scenario-file";

describe("scenario export", () => {
  it("every built-in exports as <name>.yaml, byte for byte its file, and parses identically", () => {
    expect(BUILTIN_SCENARIOS.length).toBeGreaterThan(5);
    for (const b of BUILTIN_SCENARIOS) {
      const { name, bytes } = exportScenario(b.text);
      // Named by its `name:` (the file under scenarios/ may be named otherwise: tour.yaml).
      expect(name).toBe(`${parseScenario(b.text).scenario?.name}.yaml`);
      expect(name).toBe(`${b.name}.yaml`);
      const onDisk = readFileSync(`scenarios/${b.file}`);
      expect(Buffer.from(bytes).equals(onDisk)).toBe(true);
      const back = readScenarioFile(name, bytes);
      expect(back.ok && parseScenario(back.text)).toEqual(parseScenario(b.text));
    }
  });

  it("names the file after the scenario's name, safely", () => {
    expect(exportName("format: xenlab/1\nname: my-bug # kebab\n")).toBe("my-bug.yaml");
    expect(exportName('name: "quoted-one"\n')).toBe("quoted-one.yaml");
    expect(exportName("steps: []\n")).toBe("scenario.yaml");
    expect(exportName("name: ../../etc/passwd\n")).toBe("etc-passwd.yaml");
  });
});

describe("scenario import", () => {
  const enc = (s: string) => new TextEncoder().encode(s);

  it("reads UTF-8 text, without a byte-order mark", () => {
    expect(readScenarioFile("a.yaml", enc("\ufeffname: a\n"))).toEqual({
      ok: true,
      text: "name: a\n",
    });
  });

  it("refuses a binary file", () => {
    expect(readScenarioFile("k.Image", new Uint8Array([0x4d, 0x5a, 0, 0x91]))).toEqual({
      ok: false,
      message:
        "k.Image was not imported: it is not a text file (byte 2 is NUL); a scenario is YAML text. The editor is unchanged.",
    });
    expect(readScenarioFile("x.yaml", new Uint8Array([0x61, 0xff, 0x62]))).toMatchObject({
      ok: false,
      message: expect.stringContaining("(it is not UTF-8)"),
    });
  });

  it("refuses a file over 1 MiB", () => {
    expect(readScenarioFile("big.yaml", new Uint8Array(MAX_SCENARIO_FILE + 1).fill(0x41))).toEqual({
      ok: false,
      message:
        "big.yaml was not imported: it is 1048577 bytes, and a scenario is at most 1048576 (1 MiB). The editor is unchanged.",
    });
    expect(readScenarioFile("max.yaml", new Uint8Array(MAX_SCENARIO_FILE).fill(0x41)).ok).toBe(
      true,
    );
  });
});
