/**
 * What a share link carries (format xenlab-share/1) and the check that a decoded JSON
 * value is one: every field's type, range and size, the profiles against this page's
 * PROFILES, the layout with the page's own validLayout. A failed check names the field,
 * so a corrupted or hand-edited link says where it is wrong. Pure: no DOM, no React.
 */
import { PROFILES } from "../../xen-core";
import type { StepStatus } from "../../xen-core/scenario/runner";
import { VERDICTS, type Verdict } from "../../xen-core/scenario/verdict";
import { DEFAULT_LAYOUT, validLayout, type LayoutNode } from "../layout/layout-model";
import type { LabSettings } from "../lab/lab-session";
import { FONT_SCALES, type Theme } from "../store/ui-slice";

export const SHARE_FORMAT = "xenlab-share/1";
export const SHARE_FORMAT_VERSION = 1;

/** Where the run was when the link was made: the opening page compares its own with it. */
export interface SharedRun {
  /** PlayerView.position: steps run (the index of the next step). */
  readonly position: number;
  /** The verdict so far (final when `done`). */
  readonly verdict: Verdict;
  readonly done: boolean;
  /** Each run step's status, in order. */
  readonly statuses: readonly StepStatus[];
}

/**
 * The A/B view when the link was made (optional: links without it open no comparison;
 * pages that predate it ignore it). `first` is the first divergence's 1-based step
 * then, so the opening page can say whether its own comparison agrees.
 */
export interface SharedAb {
  readonly a: string;
  readonly b: string;
  /** The step whose state the view compared (snapshots after that many steps). */
  readonly step: number;
  readonly first: number | null;
}

export interface ShareState {
  readonly format: typeof SHARE_FORMAT;
  /** package.json `version` of the page that made the link. */
  readonly xenlab: string;
  readonly lab: LabSettings;
  readonly scenario: {
    /** The editor's text; its `files:` are inside it. */
    readonly text: string;
    /** The built-in it came from (scenarios/ file name), or null once edited. */
    readonly file: string | null;
    /** "Run under": null runs it as written. */
    readonly profile: string | null;
    /** null: not loaded (nothing run, no lab of its own). */
    readonly run: SharedRun | null;
  };
  /** The Create domain panel's xl.cfg text. */
  readonly xlcfg: string;
  readonly ab: SharedAb | null;
  readonly ui: { readonly layout: LayoutNode; readonly theme: Theme; readonly fontScale: number };
}

/** Why a decoded value is not a ShareState: the field and what it should be. */
export class ShareSchemaError extends Error {
  constructor(
    readonly field: string,
    readonly expected: string,
    readonly kind: "schema" | "unknown-profile" = "schema",
  ) {
    super(`${field} ${expected}`);
  }
}

const THEMES: readonly Theme[] = ["dark", "light"];
const STATUSES: readonly StepStatus[] = [
  "ok",
  "profile-skipped",
  "skip",
  "failed",
  "error",
  "crash",
];
/** Field caps: one field alone cannot make the state big (the inflated total is capped too). */
const MAX_TEXT = 256 * 1024;
const MAX_STEPS = 100_000;

type Obj = Record<string, unknown>;

const at = (field: string, key: string) => (field ? `${field}.${key}` : key);

function object(v: unknown, field: string): Obj {
  if (!v || typeof v !== "object" || Array.isArray(v))
    throw new ShareSchemaError(field, "must be an object");
  return v as Obj;
}

function text(o: Obj, key: string, field: string, max = MAX_TEXT): string {
  const v = o[key];
  if (typeof v !== "string") throw new ShareSchemaError(at(field, key), "must be a string");
  if (v.length > max)
    throw new ShareSchemaError(at(field, key), `is longer than ${max} characters`);
  return v;
}

function oneOf<T>(o: Obj, key: string, field: string, values: readonly T[]): T {
  const v = o[key] as T;
  if (!values.includes(v))
    throw new ShareSchemaError(
      at(field, key),
      `must be one of ${values.map((x) => JSON.stringify(x)).join(", ")}`,
    );
  return v;
}

function nullable<T>(o: Obj, key: string, read: () => T): T | null {
  return o[key] === null ? null : read();
}

function profileName(o: Obj, key: string, field: string): string {
  const name = text(o, key, field, 64);
  if (!PROFILES.some((p) => p.name === name))
    throw new ShareSchemaError(
      at(field, key),
      `names the profile '${name}', which this xenlab does not know (it has ${PROFILES.map((p) => p.name).join(", ")})`,
      "unknown-profile",
    );
  return name;
}

function sharedRun(v: unknown): SharedRun {
  const o = object(v, "scenario.run");
  const position = o.position;
  if (
    typeof position !== "number" ||
    !Number.isInteger(position) ||
    position < 0 ||
    position > MAX_STEPS
  )
    throw new ShareSchemaError(
      "scenario.run.position",
      `must be an integer from 0 to ${MAX_STEPS}`,
    );
  const verdict = oneOf(o, "verdict", "scenario.run", VERDICTS);
  if (typeof o.done !== "boolean")
    throw new ShareSchemaError("scenario.run.done", "must be true or false");
  const statuses = o.statuses;
  if (!Array.isArray(statuses) || statuses.length > MAX_STEPS)
    throw new ShareSchemaError("scenario.run.statuses", "must be a list of step statuses");
  statuses.forEach((s, i) => {
    if (!STATUSES.includes(s as StepStatus))
      throw new ShareSchemaError(
        `scenario.run.statuses[${i}]`,
        `must be one of ${STATUSES.join(", ")}`,
      );
  });
  return { position, verdict, done: o.done, statuses: statuses as StepStatus[] };
}

function stepNumber(o: Obj, key: string, field: string, nullable = false): number {
  const v = o[key];
  if (nullable && v === null) return v as never;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > MAX_STEPS)
    throw new ShareSchemaError(at(field, key), `must be an integer from 0 to ${MAX_STEPS}`);
  return v;
}

function sharedAb(v: unknown): SharedAb {
  const o = object(v, "ab");
  return {
    a: profileName(o, "a", "ab"),
    b: profileName(o, "b", "ab"),
    step: stepNumber(o, "step", "ab"),
    first: stepNumber(o, "first", "ab", true),
  };
}

/** validLayout repairs what it can (a panel a newer page added); a wrong shape is an error. */
function layout(v: unknown): LayoutNode {
  const checked = validLayout(v);
  if (checked === DEFAULT_LAYOUT && JSON.stringify(v) !== JSON.stringify(DEFAULT_LAYOUT))
    throw new ShareSchemaError("ui.layout", "is not a panel layout this page can show");
  return checked;
}

/** The value as a ShareState, or a ShareSchemaError naming the first wrong field. */
export function checkShareState(v: unknown): ShareState {
  const o = object(v, "the link's data");
  const lab = object(o.lab, "lab");
  const scenario = object(o.scenario, "scenario");
  const ui = object(o.ui, "ui");
  if (typeof lab.aarch32El1 !== "boolean")
    throw new ShareSchemaError("lab.aarch32El1", "must be true or false");
  const fontScale = oneOf(ui, "fontScale", "ui", FONT_SCALES as readonly number[]);
  return {
    format: SHARE_FORMAT,
    xenlab: text(o, "xenlab", "", 64),
    lab: {
      arch: oneOf(lab, "arch", "lab", ["arm64", "x86_64"] as const),
      profile: profileName(lab, "profile", "lab"),
      aarch32El1: lab.aarch32El1,
      gic: oneOf(lab, "gic", "lab", ["v2", "v3"] as const),
    },
    scenario: {
      text: text(scenario, "text", "scenario"),
      file: nullable(scenario, "file", () => text(scenario, "file", "scenario", 256)),
      profile: nullable(scenario, "profile", () => profileName(scenario, "profile", "scenario")),
      run: nullable(scenario, "run", () => sharedRun(scenario.run)),
    },
    xlcfg: text(o, "xlcfg", ""),
    ab: o.ab === undefined || o.ab === null ? null : sharedAb(o.ab),
    ui: { layout: layout(ui.layout), theme: oneOf(ui, "theme", "ui", THEMES), fontScale },
  };
}
