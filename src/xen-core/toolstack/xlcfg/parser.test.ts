// The xl.cfg parser against the real one. fixtures/oracle-corpus.json holds inputs and
// what libxlu (tools/libs/util/libxlu_cfg_{l.l,y.y}, libxlu_cfg.c of RELEASE-4.22.0,
// built with scripts/xlcfg-oracle/build.sh) printed for them, the settings it stored
// and the errno it returned. Every entry must match byte for byte.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseXlCfg } from "./parser";
import type { XluValue } from "./types";

interface OracleCase {
  name: string;
  input: string;
  report: string[];
  err: number;
  settings: string[] | null;
}

const corpus = JSON.parse(
  readFileSync(new URL("./fixtures/oracle-corpus.json", import.meta.url), "utf8"),
) as OracleCase[];

/** The harness's rendering of a value: "text"@line or [..]@line, non-ASCII as \xNN. */
function render(v: XluValue): string {
  if (v.kind === "string") {
    let out = '"';
    for (const ch of v.value) {
      const c = ch.charCodeAt(0);
      if (ch === '"' || ch === "\\") out += `\\${ch}`;
      else if (c < 32 || c > 126) out += `\\x${c.toString(16).padStart(2, "0")}`;
      else out += ch;
    }
    return `${out}"@${v.line}`;
  }
  return `[${v.values.map(render).join(",")}]@${v.line}`;
}

describe("xl.cfg parser: the real libxlu's output", () => {
  for (const c of corpus) {
    it(c.name, () => {
      const r = parseXlCfg(c.input, "guest.cfg");
      expect(r.report.lines).toEqual(c.report);
      expect(r.err).toBe(c.err);
      if (c.settings && !c.err)
        expect(
          r.settings.map((s) => `${s.name} ${s.op} ${render(s.value)} line ${s.lineno}`),
        ).toEqual(c.settings);
    });
  }
});

describe("xl.cfg parser: diagnostics for an editor", () => {
  it("gives each error its range (line, 1-based columns, end exclusive)", () => {
    const r = parseXlCfg('name = "g"\nmemory = = 64\n', "g.cfg");
    expect(r.report.diagnostics).toEqual([
      {
        severity: "error",
        message:
          "config parsing error near `=': syntax error, unexpected '=', expecting STRING or NUMBER or '['",
        range: { start: { line: 2, col: 10 }, end: { line: 2, col: 11 } },
        printed:
          "g.cfg:2: config parsing error near `=': syntax error, unexpected '=', expecting STRING or NUMBER or '['",
      },
    ]);
  });

  it("a missing value points at the end of its line, though xl prints the line before", () => {
    const r = parseXlCfg("a = 1\nname =\n", "g.cfg");
    const d = r.report.diagnostics[0]!;
    expect(d.printed).toMatch(/^g\.cfg:1: config parsing error near <newline>/);
    expect(d.range).toEqual({ start: { line: 2, col: 7 }, end: { line: 2, col: 8 } });
  });

  it("lists the errors xl stays silent about too, without a printed line", () => {
    // bison reports nothing until three tokens were shifted after an error.
    const r = parseXlCfg("a b\nc d\n", "g.cfg");
    expect(r.report.lines).toHaveLength(1);
    expect(r.report.diagnostics).toHaveLength(2);
    expect(r.report.diagnostics[1]).toMatchObject({
      range: { start: { line: 2, col: 3 } },
      message: "config parsing error near `d': syntax error, unexpected IDENT, expecting += or '='",
    });
    expect(r.report.diagnostics[1]!.printed).toBeUndefined();
  });

  it("a lexical error covers the rejected text", () => {
    const r = parseXlCfg("memory = (64 * 2)\n", "g.cfg");
    expect(r.report.diagnostics[0]!.range).toEqual({
      start: { line: 1, col: 10 },
      end: { line: 1, col: 13 },
    });
  });

  it("a += type clash marks the value being added", () => {
    const r = parseXlCfg('s = "a"\ns += [1, 2]\n', "g.cfg");
    expect(r.report.diagnostics[0]!.range).toEqual({
      start: { line: 2, col: 6 },
      end: { line: 2, col: 12 },
    });
  });
});

describe("xl.cfg parser: bad input", () => {
  it("never throws, and every range lies inside the text", () => {
    const alphabet = fc.constantFrom(
      ..."ab =+[],;#\"'\\\n\t0x9.(@\r".split(""),
      "name",
      "memory",
      "\u00e9",
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), (parts) => {
        const text = parts.join("");
        const r = parseXlCfg(text, "f.cfg");
        const lines = text.split("\n");
        for (const d of r.report.diagnostics) {
          expect(d.range.start.line).toBeGreaterThanOrEqual(1);
          expect(d.range.end.line).toBeLessThanOrEqual(lines.length);
          // A NEWLINE token ends one past its newline character.
          expect(d.range.end.col).toBeLessThanOrEqual(lines[d.range.end.line - 1]!.length + 2);
        }
        expect(r.err === 0).toBe(r.report.lines.length === 0);
      }),
      { numRuns: 500 },
    );
  });

  it("parses a 100 000-line config in one pass", () => {
    const text = Array.from({ length: 100_000 }, (_, i) => `key${i} = ${i}\n`).join("");
    const r = parseXlCfg(text, "big.cfg");
    expect(r.err).toBe(0);
    expect(r.settings).toHaveLength(100_000);
    expect(r.settings[99_999]).toMatchObject({ name: "key99999", lineno: 100_000 });
  });

  it("100 000 += lines append without copying the list each time", () => {
    const text =
      "l = [0]\n" + Array.from({ length: 100_000 }, (_, i) => `l += [${i + 1}]\n`).join("");
    const r = parseXlCfg(text, "big.cfg");
    const last = r.settings[r.settings.length - 1]!.value;
    expect(last.kind === "list" && last.values.length).toBe(100_001);
  });

  it("100 000 nested brackets stop at bison's stack limit with xl's message", () => {
    const r = parseXlCfg(`a = ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`, "deep.cfg");
    expect(r.report.lines).toEqual(["deep.cfg:1: config parsing error near `[': memory exhausted"]);
  });
});
