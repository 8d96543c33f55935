// Debug keys (xen/common/keyhandler.c): 'h' lists the build's handlers in ASCII order
// with show_handlers()'s format; keys without a handler are ignored.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { makeLab } from "../testing/lab";
import { debugKeys } from "./keyhandler";

describe("debug keys", () => {
  it("x86 'h' matches the 4.17 oracle, plus '?' which key_table gained later", () => {
    const golden = readFileSync(
      new URL("./fixtures/x86-4.17-debug-keys-h.txt", import.meta.url),
      "utf8",
    )
      .trimEnd()
      .split("\n");
    const { hv } = makeLab({ arch: "x86_64" });
    expect(debugKeys(hv, "h")).toBeUndefined();
    const lines = hv.console.read().slice(1);
    const withoutNew = lines.filter((l) => !l.includes("key '?'"));
    expect(withoutNew).toEqual(golden);
    expect(lines).toContain("(XEN)  key '?' (ascii '3f') => show system information");
  });

  it("arm64 lists no x86-only handler", () => {
    const { hv } = makeLab({ arch: "arm64" });
    debugKeys(hv, "h");
    const text = hv.console.read().join("\n");
    expect(text).toContain("key 'e' (ascii '65') => dump evtchn info");
    expect(text).not.toContain("dump IOAPIC info");
  });

  it("keys without a handler are ignored; unmodelled handlers are reported", () => {
    const { hv } = makeLab();
    const before = hv.console.read().length;
    expect(debugKeys(hv, "jkl")).toBeUndefined();
    expect(hv.console.read()).toHaveLength(before);
    expect(debugKeys(hv, "r")).toBe("debug key 'r' (dump run queues) is not modelled yet");
  });
});
