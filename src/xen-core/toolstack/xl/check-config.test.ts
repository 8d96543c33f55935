// checkXlConfig: what xl create would say about a config, without running anything.
import { describe, expect, it } from "vitest";
import { checkXlConfig } from "./check-config";

const opts = { arch: "arm64", realmKey: false } as const;

describe("checkXlConfig", () => {
  it("a syntax error: exit 1, xl's lines, the range of the offending token", () => {
    const r = checkXlConfig('name = "g"\nmemory = = 64\n', "g.cfg", opts);
    expect(r.exit).toBe(1);
    expect(r.printed).toEqual([
      "g.cfg:2: config parsing error near `=': syntax error, unexpected '=', expecting STRING or NUMBER or '['",
      "Failed to parse config: Invalid argument",
    ]);
    expect(r.diagnostics[0]!.range).toEqual({
      start: { line: 2, col: 10 },
      end: { line: 2, col: 11 },
    });
  });

  it("xl_parse.c's checks, and a clean config", () => {
    expect(checkXlConfig('type = "pvh"\n', "g.cfg", opts)).toMatchObject({
      exit: 1,
      printed: ["Domain name must be specified."],
    });
    expect(checkXlConfig('name = "g"\ngic_version = "v9"\n', "g.cfg", opts).exit).toBe(3);
    expect(checkXlConfig('name = "g"\n', "g.cfg", opts)).toEqual({
      exit: 0,
      diagnostics: [],
      printed: [],
    });
  });
});
