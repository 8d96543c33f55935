// Share links: a round trip gives back the state (also for random states), and every
// kind of bad link is refused with its own message: not a xenlab link, corrupted
// (base64, inflate, UTF-8, JSON, a named schema field), a newer format, oversized
// (the fragment, or a DEFLATE bomb stopped while inflating), an unknown profile.
import fc from "fast-check";
import { deflateSync } from "fflate";
import { describe, expect, it } from "vitest";
import { PROFILES } from "../../xen-core";
import {
  DEFAULT_LAYOUT,
  validLayout,
  movePanel,
  PANEL_IDS,
  resize,
  type LayoutNode,
} from "../layout/layout-model";
import { FONT_SCALES } from "../store/ui-slice";
import { toBase64url } from "./base64url";
import { decodeShare, encodeShare, inflateCapped, MAX_FRAGMENT, MAX_INFLATED } from "./share-codec";
import { SHARE_FORMAT, type ShareState } from "./share-state";

export const SAMPLE: ShareState = {
  format: SHARE_FORMAT,
  xenlab: "0.1.0",
  lab: { arch: "arm64", profile: "upstream", aarch32El1: true, gic: "v3" },
  scenario: {
    text: 'format: xenlab/1\nname: t\ntitle: "ünïcode ✓"\nsteps:\n  - note: hi\n',
    file: "t.yaml",
    profile: "is-32bits-v1",
    run: { position: 1, verdict: "SUCCESS", done: false, statuses: ["ok"] },
  },
  xlcfg: 'name = "g1"\n',
  ab: { a: "upstream", b: "is-32bits-v1", step: 5, first: 5 },
  ui: { layout: DEFAULT_LAYOUT, theme: "light", fontScale: 1.15 },
};

/** A link whose payload is this JSON text (valid or not), encoded as a page would. */
const linkOf = (json: string, level: 0 | 9 = 9) =>
  `#share=1.${toBase64url(deflateSync(new TextEncoder().encode(json), { level }))}`;
const withField = (patch: (o: Record<string, unknown>) => void) => {
  const o = JSON.parse(JSON.stringify(SAMPLE)) as Record<string, unknown>;
  patch(o);
  return linkOf(JSON.stringify(o));
};
const errorOf = (hash: string) => {
  const r = decodeShare(hash);
  if (r.ok) throw new Error("decoded");
  return r.error;
};

/** The page's own check renormalises sizes (compared to 1e-9) and an empty group's tab. */
const rounded = (n: LayoutNode): unknown =>
  n.kind === "group"
    ? n
    : { ...n, sizes: n.sizes.map((s) => Math.round(s * 1e9)), children: n.children.map(rounded) };

describe("share link round trip", () => {
  it("gives back the state it encoded, in a fragment of URL-safe characters", () => {
    const hash = encodeShare(SAMPLE);
    expect(hash).toMatch(/^#share=1\.[A-Za-z0-9_-]+$/);
    const r = decodeShare(hash);
    expect(r.ok && r.state).toEqual(SAMPLE);
  });

  it("holds for random labs, texts, runs and layouts", () => {
    const layoutArb = fc
      .array(
        fc.tuple(
          fc.constantFrom(...PANEL_IDS),
          fc.constantFrom("g-domains", "g-scenario", "g-trace"),
        ),
        { maxLength: 6 },
      )
      .chain((moves) =>
        fc.tuple(
          fc.constant(moves),
          fc.array(fc.double({ min: 0.1, max: 5, noNaN: true }), { minLength: 2, maxLength: 2 }),
        ),
      )
      .map(([moves, sizes]) =>
        resize(
          moves.reduce((l, [p, g]) => movePanel(l, p, g), DEFAULT_LAYOUT),
          "root",
          sizes,
        ),
      );
    const state: fc.Arbitrary<ShareState> = fc.record({
      format: fc.constant(SHARE_FORMAT),
      xenlab: fc.string({ maxLength: 20 }),
      lab: fc.record({
        arch: fc.constantFrom("arm64" as const, "x86_64" as const),
        profile: fc.constantFrom(...PROFILES.map((p) => p.name)),
        aarch32El1: fc.boolean(),
        gic: fc.constantFrom("v2" as const, "v3" as const),
      }),
      scenario: fc.record({
        text: fc.string({ unit: "grapheme", maxLength: 400 }),
        file: fc.option(fc.string({ maxLength: 40 }), { nil: null }),
        profile: fc.option(fc.constantFrom(...PROFILES.map((p) => p.name)), { nil: null }),
        run: fc.option(
          fc.record({
            position: fc.nat({ max: 500 }),
            verdict: fc.constantFrom(
              "SUCCESS" as const,
              "SKIP" as const,
              "ERROR" as const,
              "FAILURE" as const,
              "CRASH" as const,
            ),
            done: fc.boolean(),
            statuses: fc.array(
              fc.constantFrom(
                "ok" as const,
                "profile-skipped" as const,
                "skip" as const,
                "failed" as const,
                "error" as const,
                "crash" as const,
              ),
              { maxLength: 40 },
            ),
          }),
          { nil: null },
        ),
      }),
      xlcfg: fc.string({ unit: "binary", maxLength: 300 }),
      ab: fc.option(
        fc.record({
          a: fc.constantFrom(...PROFILES.map((p) => p.name)),
          b: fc.constantFrom(...PROFILES.map((p) => p.name)),
          step: fc.nat({ max: 500 }),
          first: fc.option(fc.nat({ max: 500 }), { nil: null }),
        }),
        { nil: null },
      ),
      ui: fc.record({
        layout: layoutArb,
        theme: fc.constantFrom("dark" as const, "light" as const),
        fontScale: fc.constantFrom(...FONT_SCALES),
      }),
    });
    fc.assert(
      fc.property(state, (s) => {
        const r = decodeShare(encodeShare(s));
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect({ ...r.state, ui: { ...r.state.ui, layout: rounded(r.state.ui.layout) } }).toEqual({
          ...s,
          ui: { ...s.ui, layout: rounded(validLayout(s.ui.layout)) },
        });
      }),
      { numRuns: 150 },
    );
  });

  it("compresses: a built-in scenario's lab fits in a few kilobytes", () => {
    const text =
      "steps:\n" +
      "  - domctl: { cmd: createdomain, flags: [hvm, hap], max_vcpus: 1 }\n".repeat(200);
    const hash = encodeShare({ ...SAMPLE, scenario: { ...SAMPLE.scenario, text } });
    expect(hash.length).toBeLessThan(text.length / 10);
  });
});

describe("bad share links", () => {
  it("a fragment that is not #share= is not a xenlab link", () => {
    expect(errorOf("#section-2")).toMatchObject({ kind: "not-xenlab" });
    expect(errorOf("#share=hello").message).toBe(
      "This is not a xenlab share link: #share= is not followed by a format number and a payload.",
    );
    expect(errorOf(withField((o) => (o.format = "something-else/1")))).toMatchObject({
      kind: "not-xenlab",
      message: 'This is not a xenlab share link: its data has no "format": "xenlab-share/1".',
    });
  });

  it("bad base64, a truncated stream, bytes that do not inflate, non-UTF-8, non-JSON: corrupted", () => {
    const good = encodeShare(SAMPLE);
    expect(errorOf(good.slice(0, 20) + "*" + good.slice(21))).toMatchObject({
      kind: "corrupted",
      message:
        "This share link is corrupted: character 12 ('*') is not base64url (was it cut or retyped?).",
    });
    expect(errorOf(good.slice(0, good.length - 8)).message).toMatch(
      /^This share link is corrupted: (its compressed data does not inflate \(unexpected EOF\)|a length of \d+ characters cannot be base64url)/,
    );
    expect(
      errorOf(`#share=1.${toBase64url(new Uint8Array([0xff, 0xfe, 0xfd, 0x00, 0x01]))}`),
    ).toMatchObject({
      kind: "corrupted",
    });
    expect(
      errorOf(`#share=1.${toBase64url(deflateSync(new Uint8Array([0xc3, 0x28])))}`).message,
    ).toBe("This share link is corrupted: its data is not UTF-8 text.");
    expect(errorOf(linkOf("{ not json")).message).toMatch(
      /^This share link is corrupted: its data is not JSON \(/,
    );
  });

  it("a schema error names the field", () => {
    expect(
      errorOf(withField((o) => ((o.lab as Record<string, unknown>).arch = "riscv"))).message,
    ).toBe('This share link is corrupted: lab.arch must be one of "arm64", "x86_64".');
    expect(
      errorOf(withField((o) => ((o.scenario as { run: { position: number } }).run.position = -1)))
        .message,
    ).toBe(
      "This share link is corrupted: scenario.run.position must be an integer from 0 to 100000.",
    );
    expect(
      errorOf(
        withField(
          (o) => ((o.scenario as { run: { statuses: string[] } }).run.statuses = ["ok", "meh"]),
        ),
      ).message,
    ).toBe(
      "This share link is corrupted: scenario.run.statuses[1] must be one of ok, profile-skipped, skip, failed, error, crash.",
    );
    expect(
      errorOf(withField((o) => ((o.ui as Record<string, unknown>).layout = { kind: "tree" })))
        .message,
    ).toBe("This share link is corrupted: ui.layout is not a panel layout this page can show.");
    expect(
      errorOf(withField((o) => ((o.scenario as Record<string, unknown>).text = 42))).message,
    ).toBe("This share link is corrupted: scenario.text must be a string.");
    expect(errorOf(withField((o) => delete o.xlcfg)).message).toBe(
      "This share link is corrupted: xlcfg must be a string.",
    );
    expect(errorOf(linkOf("null")).kind).toBe("not-xenlab");
    expect(errorOf(withField((o) => ((o.ab as { step: number }).step = 1.5))).message).toBe(
      "This share link is corrupted: ab.step must be an integer from 0 to 100000.",
    );
    expect(errorOf(withField((o) => ((o.ab as { b: string }).b = "mine"))).kind).toBe(
      "unknown-profile",
    );
  });

  it("the A/B view is optional: a link without it (or with null) opens no comparison", () => {
    for (const patch of [
      (o: Record<string, unknown>) => delete o.ab,
      (o: Record<string, unknown>) => (o.ab = null),
    ]) {
      const r = decodeShare(withField(patch));
      expect(r.ok && r.state.ab).toBe(null);
    }
  });

  it("a newer format is named, whether in the fragment or in the data", () => {
    expect(errorOf("#share=2.AAAA")).toMatchObject({
      kind: "newer-format",
      message:
        "This share link was made by a newer xenlab (format xenlab-share/2); this page reads xenlab-share/1. Open it with a newer xenlab.",
    });
    expect(errorOf(withField((o) => (o.format = "xenlab-share/7"))).kind).toBe("newer-format");
  });

  it("an unknown profile says which and what this page has", () => {
    const e = errorOf(withField((o) => ((o.lab as Record<string, unknown>).profile = "xen-5.0")));
    expect(e.kind).toBe("unknown-profile");
    expect(e.message).toMatch(
      /^This share link cannot be opened here: lab.profile names the profile 'xen-5.0', which this xenlab does not know \(it has upstream, /,
    );
    expect(
      errorOf(withField((o) => ((o.scenario as Record<string, unknown>).profile = "nope"))).kind,
    ).toBe("unknown-profile");
  });

  it("an oversized fragment is refused before anything is decoded", () => {
    const e = errorOf(`#share=1.${"A".repeat(MAX_FRAGMENT - 1)}`);
    expect(e.kind).toBe("oversized");
    expect(e.message).toBe(
      `This share link is too long (${MAX_FRAGMENT + 1} characters; a xenlab link is at most ${MAX_FRAGMENT}). Nothing was loaded.`,
    );
    expect(e.inflated).toBeUndefined();
  });

  it("a DEFLATE bomb inside the size cap is stopped just past 1 MiB of output", () => {
    // 16 MiB of one byte deflates to ~16 KB: a legal-length fragment.
    const bomb = deflateSync(new Uint8Array(16 * 1024 * 1024).fill(0x20), { level: 9 });
    const hash = `#share=1.${toBase64url(bomb)}`;
    expect(hash.length).toBeLessThan(MAX_FRAGMENT);
    const e = errorOf(hash);
    expect(e.kind).toBe("oversized");
    expect(e.message).toBe(
      "This share link expands to more than 1024 KiB, more than any lab; it was not loaded.",
    );
    // Stopped while inflating: one input chunk past the cap, never the whole 16 MiB.
    expect(e.inflated).toBeGreaterThan(MAX_INFLATED);
    expect(e.inflated).toBeLessThan(MAX_INFLATED + 512 * 1024);
  });

  it("inflateCapped gives back what fits", () => {
    const data = new Uint8Array(5000).map((_, i) => i % 251);
    const r = inflateCapped(deflateSync(data), 5000);
    expect("bytes" in r && [...r.bytes]).toEqual([...data]);
    expect(inflateCapped(deflateSync(data), 4999)).toMatchObject({ tooLarge: true });
    expect(inflateCapped(new Uint8Array(0), 10)).toMatchObject({ tooLarge: false });
  });
});
