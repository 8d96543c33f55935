/**
 * The page's pane layout as data: a tree of splits (rows, columns, with their sizes)
 * whose leaves are tab groups of panels, like Compiler Explorer's or an IDE's. Pure
 * functions over it, so the store can persist it and tests can check every move.
 */

export const PANEL_IDS = [
  "domains",
  "create",
  "vcpus",
  "consoles",
  "scenario",
  "trace",
  "composer",
  "evtchn",
  "ab",
] as const;
export type PanelId = (typeof PANEL_IDS)[number];

export interface GroupNode {
  readonly kind: "group";
  readonly id: string;
  readonly tabs: readonly PanelId[];
  readonly active: PanelId;
}

export interface SplitNode {
  readonly kind: "split";
  readonly id: string;
  readonly dir: "row" | "column";
  /** Fractions of the split's length, one per child, summing to 1. */
  readonly sizes: readonly number[];
  readonly children: readonly LayoutNode[];
}

export type LayoutNode = GroupNode | SplitNode;

const group = (id: string, tabs: PanelId[]): GroupNode => ({
  kind: "group",
  id,
  tabs,
  active: tabs[0]!,
});

/**
 * Fits 1280×720: on top, the domains and how to make them, the reproduction, and the
 * vCPUs; below, the two wide streams, the consoles and the trace.
 */
export const DEFAULT_LAYOUT: LayoutNode = {
  kind: "split",
  id: "root",
  dir: "column",
  sizes: [0.6, 0.4],
  children: [
    {
      kind: "split",
      id: "top",
      dir: "row",
      sizes: [0.32, 0.35, 0.33],
      children: [
        {
          kind: "split",
          id: "left",
          dir: "column",
          sizes: [0.36, 0.64],
          children: [group("g-domains", ["domains"]), group("g-create", ["create", "composer"])],
        },
        group("g-scenario", ["scenario"]),
        group("g-vcpus", ["vcpus", "evtchn"]),
      ],
    },
    {
      kind: "split",
      id: "bottom",
      dir: "row",
      sizes: [0.5, 0.5],
      children: [group("g-consoles", ["consoles"]), group("g-trace", ["trace", "ab"])],
    },
  ],
};

export function groups(node: LayoutNode): GroupNode[] {
  return node.kind === "group" ? [node] : node.children.flatMap(groups);
}

export function groupOf(node: LayoutNode, panel: PanelId): GroupNode | undefined {
  return groups(node).find((g) => g.tabs.includes(panel));
}

function mapGroups(node: LayoutNode, f: (g: GroupNode) => GroupNode | undefined): LayoutNode {
  if (node.kind === "group") return f(node) ?? node;
  return { ...node, children: node.children.map((c) => mapGroups(c, f)) };
}

export function activate(node: LayoutNode, panel: PanelId): LayoutNode {
  const g = groupOf(node, panel);
  if (!g || g.active === panel) return node;
  return mapGroups(node, (x) => (x.id === g.id ? { ...x, active: panel } : undefined));
}

/** Move a panel to another group (at `index`, default last); empty groups keep their place. */
export function movePanel(
  node: LayoutNode,
  panel: PanelId,
  toGroup: string,
  index?: number,
): LayoutNode {
  const from = groupOf(node, panel);
  const target = groups(node).find((g) => g.id === toGroup);
  if (!from || !target) return node;
  if (from.id === target.id && (index === undefined || from.tabs.indexOf(panel) === index))
    return node;
  const removed = mapGroups(node, (g) => {
    if (g.id !== from.id) return undefined;
    const tabs = g.tabs.filter((t) => t !== panel);
    return { ...g, tabs, active: g.active === panel ? (tabs[0] ?? panel) : g.active };
  });
  return mapGroups(removed, (g) => {
    if (g.id !== toGroup) return undefined;
    const tabs = [...g.tabs];
    tabs.splice(index ?? tabs.length, 0, panel);
    return { ...g, tabs, active: panel };
  });
}

/** Set a split's sizes; each child keeps at least `min` of the length. */
export function resize(
  node: LayoutNode,
  splitId: string,
  sizes: readonly number[],
  min = 0.08,
): LayoutNode {
  if (node.kind === "group") return node;
  if (node.id === splitId) {
    if (sizes.length !== node.children.length || sizes.some((s) => !Number.isFinite(s)))
      return node;
    const clamped = sizes.map((s) => Math.max(min, s));
    const total = clamped.reduce((a, b) => a + b, 0);
    return { ...node, sizes: clamped.map((s) => s / total) };
  }
  return { ...node, children: node.children.map((c) => resize(c, splitId, sizes, min)) };
}

/**
 * A layout read back from storage, checked: every panel exactly once, sizes sane. A
 * panel the saved layout does not know (added by a newer page) joins the group that
 * holds it by default, or the first group; anything malformed gives the default.
 */
export function validLayout(raw: unknown): LayoutNode {
  const seen = new Set<PanelId>();
  const ids = new Set<string>();
  const check = (n: unknown): LayoutNode | undefined => {
    if (!n || typeof n !== "object") return undefined;
    const o = n as Record<string, unknown>;
    if (typeof o.id !== "string" || ids.has(o.id)) return undefined;
    ids.add(o.id);
    if (o.kind === "group") {
      if (!Array.isArray(o.tabs)) return undefined;
      const tabs = o.tabs.filter(
        (t): t is PanelId => PANEL_IDS.includes(t as PanelId) && !seen.has(t as PanelId),
      );
      tabs.forEach((t) => seen.add(t));
      const active = tabs.includes(o.active as PanelId) ? (o.active as PanelId) : tabs[0];
      return { kind: "group", id: o.id, tabs, active: active ?? "domains" };
    }
    if (o.kind !== "split" || (o.dir !== "row" && o.dir !== "column")) return undefined;
    if (!Array.isArray(o.children) || !Array.isArray(o.sizes)) return undefined;
    if (o.children.length < 1 || o.sizes.length !== o.children.length) return undefined;
    const children = o.children.map(check);
    if (children.some((c) => !c)) return undefined;
    const sizes = o.sizes.map(Number);
    if (sizes.some((s) => !Number.isFinite(s) || s <= 0)) return undefined;
    const total = sizes.reduce((a, b) => a + b, 0);
    return {
      kind: "split",
      id: o.id,
      dir: o.dir,
      sizes: sizes.map((s) => s / total),
      children: children as LayoutNode[],
    };
  };
  let layout = check(raw);
  if (!layout) return DEFAULT_LAYOUT;
  const all = groups(layout);
  if (all.length === 0) return DEFAULT_LAYOUT;
  for (const panel of PANEL_IDS) {
    if (seen.has(panel)) continue;
    const home = groupOf(DEFAULT_LAYOUT, panel)!.id;
    const target = all.find((g) => g.id === home) ?? all[0]!;
    layout = mapGroups(layout, (g) =>
      g.id === target.id ? { ...g, tabs: [...g.tabs, panel] } : undefined,
    );
  }
  return layout;
}
