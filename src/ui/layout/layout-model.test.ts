// The pane layout as data: moves, resizes, and layouts read back from storage checked
// so a stale or hand-edited one can never lose a panel.
import { describe, expect, it } from "vitest";
import {
  activate,
  DEFAULT_LAYOUT,
  groupOf,
  groups,
  movePanel,
  PANEL_IDS,
  resize,
  validLayout,
} from "./layout-model";

const allPanels = (l: Parameters<typeof groups>[0]) =>
  groups(l)
    .flatMap((g) => g.tabs)
    .sort();

describe("layout model", () => {
  it("the default layout holds every panel once", () => {
    expect(allPanels(DEFAULT_LAYOUT)).toEqual([...PANEL_IDS].sort());
  });

  it("moves a panel to another group, activating it there", () => {
    const l = movePanel(DEFAULT_LAYOUT, "trace", "g-domains", 0);
    expect(groupOf(l, "trace")).toMatchObject({
      id: "g-domains",
      tabs: ["trace", "domains"],
      active: "trace",
    });
    // The group it left keeps its other tabs, the next one active.
    expect(groups(l).find((g) => g.id === "g-trace")).toMatchObject({ tabs: ["ab"], active: "ab" });
    const emptied = movePanel(l, "ab", "g-domains");
    expect(groups(emptied).find((g) => g.id === "g-trace")!.tabs).toEqual([]);
    expect(allPanels(l)).toEqual([...PANEL_IDS].sort());
    expect(activate(l, "domains")).not.toBe(l);
    expect(activate(l, "trace")).toBe(l);
  });

  it("resizes with a floor per child and sizes that sum to 1", () => {
    const l = resize(DEFAULT_LAYOUT, "root", [0.97, 0.03]);
    const root = l.kind === "split" ? l.sizes : [];
    expect(root.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    expect(Math.min(...root)).toBeGreaterThan(0.07);
    expect(resize(DEFAULT_LAYOUT, "root", [1, Number.NaN])).toBe(DEFAULT_LAYOUT);
  });

  it("repairs what storage gives back", () => {
    expect(validLayout(JSON.parse(JSON.stringify(DEFAULT_LAYOUT)))).toEqual(DEFAULT_LAYOUT);
    expect(validLayout("nonsense")).toBe(DEFAULT_LAYOUT);
    expect(validLayout({ kind: "split", id: "r", dir: "diagonal", sizes: [1], children: [] })).toBe(
      DEFAULT_LAYOUT,
    );
    // An older layout without the composer, with a duplicate and an unknown panel.
    const old = {
      kind: "split",
      id: "root",
      dir: "row",
      sizes: [2, 2],
      children: [
        {
          kind: "group",
          id: "g-domains",
          tabs: ["domains", "create", "vcpus", "bogus"],
          active: "bogus",
        },
        {
          kind: "group",
          id: "g-trace",
          tabs: ["trace", "consoles", "scenario", "domains"],
          active: "trace",
        },
      ],
    };
    const l = validLayout(old);
    expect(allPanels(l)).toEqual([...PANEL_IDS].sort());
    expect(groupOf(l, "domains")!.active).toBe("domains");
    expect(l.kind === "split" && l.sizes).toEqual([0.5, 0.5]);
  });
});
