/**
 * Share links: share.link_roundtrip: a lab with the flagship reproduction
 * (arm64-domain-type, stepped to its end) encoded into a link and decoded and checked
 * again, per second; baseline: the same state through JSON.stringify + JSON.parse alone
 * (so the ratio is the cost of deflate, base64url and the checks). share.bomb_reject:
 * ms to refuse a DEFLATE bomb that fits the fragment cap (16 MiB of one byte); baseline:
 * ms to decode the ordinary link (a bomb must cost about what a real link does, not
 * what inflating it would).
 */
import { readFileSync } from "node:fs";
import { deflateSync } from "fflate";
import { DEFAULT_LAYOUT } from "../src/ui/layout/layout-model";
import { toBase64url } from "../src/ui/share/base64url";
import { decodeShare, encodeShare } from "../src/ui/share/share-codec";
import { SHARE_FORMAT, type ShareState } from "../src/ui/share/share-state";
import { figure, median, rate, type Figure } from "./figures";

function flagshipState(): ShareState {
  const text = readFileSync("scenarios/arm64-domain-type.yaml", "utf8");
  const steps = (text.match(/^ {2}- /gm) ?? []).length;
  return {
    format: SHARE_FORMAT,
    xenlab: "bench",
    lab: { arch: "arm64", profile: "upstream", aarch32El1: true, gic: "v3" },
    scenario: {
      text,
      file: "arm64-domain-type.yaml",
      profile: null,
      run: { position: steps, verdict: "FAILURE", done: true, statuses: Array(steps).fill("ok") },
    },
    xlcfg: 'name = "guest1"\nkernel = "images/sample-arm64.Image"\nmemory = 128\nvcpus = 1\n',
    ab: { a: "upstream", b: "is-32bits-v1", step: 5, first: 5 },
    ui: { layout: DEFAULT_LAYOUT, theme: "dark", fontScale: 1 },
  };
}

const msOf = (f: () => void, n = 7) =>
  median(
    Array.from({ length: n }, () => {
      const t0 = performance.now();
      f();
      return performance.now() - t0;
    }),
  );

export function shareFigures(budgetMs = 1000): Figure[] {
  const state = flagshipState();
  const link = encodeShare(state);
  if (!decodeShare(link).ok) throw new Error("bench link does not decode");
  const roundtrip = rate(() => decodeShare(encodeShare(state)), 1, budgetMs);
  const json = rate(() => JSON.parse(JSON.stringify(state)), 1, budgetMs);
  const bomb = `#share=1.${toBase64url(deflateSync(new Uint8Array(16 << 20).fill(0x20), { level: 9 }))}`;
  if (decodeShare(bomb).ok) throw new Error("bench bomb decoded");
  const reject = msOf(() => decodeShare(bomb));
  const ordinary = msOf(() => decodeShare(link));
  return [
    figure("share.link_roundtrip", roundtrip, "share.json_roundtrip", json),
    figure("share.bomb_reject", reject, "share.decode_link", ordinary, "ms"),
  ];
}
