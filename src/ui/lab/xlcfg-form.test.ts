// The form and its xl.cfg: form changes touch only the keys they map to (libxl's
// mapping, tools/libs/light/libxl_create.c libxl__domain_make), the user's other lines
// stay; the preview reads a config back with xl's own parser and libxl's checks.
import { describe, expect, it } from "vitest";
import { getProfile } from "../../xen-core";
import { DEFAULT_SETTINGS } from "./lab-session";
import { previewXlCreate } from "./xl-preview";
import { applyFormChange, cfgForForm, formSettings, setCfgKey } from "./xlcfg-form";

const bits = getProfile("upstream")!.cdfBits;
const form = { name: "g1", maxVcpus: 1, memoryMiB: 128, flags: 0x3 };
const extras = { kernel: "images/sample-arm64.Image", cmdline: "evtchn=fifo" };

describe("xl.cfg and the form", () => {
  it("sets, replaces and removes the last setting of a key", () => {
    const t = 'name = "a"\n# keep me\nname = "b"\n';
    expect(setCfgKey(t, "name", '"c"')).toBe('name = "a"\n# keep me\nname = "c"\n');
    expect(setCfgKey(t, "name", undefined)).toBe('name = "a"\n# keep me\n');
    expect(setCfgKey("x = 1", "vcpus", "2")).toBe("x = 1\nvcpus = 2\n");
    expect(setCfgKey("x = 1\n", "vcpus", undefined)).toBe("x = 1\n");
  });

  it("a form change rewrites only its keys", () => {
    const text = `${cfgForForm(form, "arm64", bits, extras)}extra = "console=hvc0"\n`;
    expect(text).toContain('name = "g1"\ntype = "pvh"\nmemory = 128\nvcpus = 1\n');
    const next = { ...form, memoryMiB: 256, flags: 0x3 | (1 << 7) };
    const out = applyFormChange(
      text,
      formSettings(form, "arm64", bits, extras),
      formSettings(next, "arm64", bits, extras),
    );
    expect(out).toContain("memory = 256");
    expect(out).toContain("vpmu = 1");
    expect(out).toContain('extra = "console=hvc0"');
    expect(out).toContain('name = "g1"');
  });

  it("reads a config back the way xl does, and says why one fails", () => {
    const text = cfgForForm({ ...form, maxVcpus: 2 }, "arm64", bits, extras);
    const ok = previewXlCreate(DEFAULT_SETTINGS, text, new Map());
    expect(ok).toMatchObject({ exit: 0, name: "g1", vcpus: 2, memoryMiB: 128 });
    expect(ok.flags! & 0x3).toBe(0x3);
    const bad = previewXlCreate(DEFAULT_SETTINGS, 'name = "g1\n', new Map());
    expect(bad.exit).toBe(1);
    expect(bad.diagnostics[0]).toMatchObject({
      severity: "error",
      range: { start: { line: 1, col: 8 } },
      printed: "guest.cfg:1: config parsing error near `\"g1': lexical error",
    });
    const junk = previewXlCreate(
      DEFAULT_SETTINGS,
      'name = "g1"\nkernel = "junk.bin"\n',
      new Map([["junk.bin", new Uint8Array(4096).fill(7)]]),
    );
    expect(junk).toMatchObject({ kernel: "junk.bin", name: "g1" });
    expect(junk.exit).not.toBe(0);
    expect(junk.unplaced.join("\n")).toMatch(/no loader found: Invalid kernel/);
  });
});
