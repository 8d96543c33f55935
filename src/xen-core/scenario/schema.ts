/**
 * The scenario format v1 schema, as data: the top-level keys, every step kind with its
 * value form and keys, and the modifiers each kind allows. The validator reads it; the
 * page's editor can offer completions from it.
 */
import { ECS_NAMES } from "../abi/event-channel";

export type FieldType =
  | { readonly type: "string" }
  | { readonly type: "enum"; readonly values: readonly (string | number)[] }
  | { readonly type: "int"; readonly min: number; readonly max: number }
  | { readonly type: "bool" }
  /** A substring, or a /regex/flags. */
  | { readonly type: "match" }
  /** A domain: its name, a DOMID_* name, or a numeric id. */
  | { readonly type: "dom" }
  /** A port: a number or a $saved reference. */
  | { readonly type: "port" }
  /** Any payload value: numbers (bigints allowed), names, booleans, lists, $refs. */
  | { readonly type: "payload" }
  /** A mapping of names to payload values. */
  | { readonly type: "payload-map" };

export interface FieldSpec {
  readonly field: FieldType;
  readonly required?: boolean;
}

export const STEP_KINDS = [
  "xl",
  "shell",
  "domctl",
  "hypercall",
  "console",
  "wait",
  "debug-keys",
  "expect",
  "note",
] as const;
export type StepKindName = (typeof STEP_KINDS)[number];

const str: FieldType = { type: "string" };
const u32: FieldType = { type: "int", min: 0, max: 0xffffffff };

/** Port states (ECS_*) by name. */
export const PORT_STATES = ECS_NAMES;
export const DOMAIN_STATES = [
  "running",
  "paused",
  "blocked",
  "crashed",
  "dying",
  "shutdown",
] as const;

/** Keys of the mapping-form step kinds (kebab-case, as written in the file). */
export const STEP_KEYS: Readonly<
  Record<"hypercall" | "console" | "wait" | "expect", Readonly<Record<string, FieldSpec>>>
> = {
  hypercall: {
    dom: { field: { type: "dom" }, required: true },
    vcpu: { field: u32 },
    op: { field: { type: "payload" }, required: true },
    cmd: { field: { type: "payload" } },
    args: { field: { type: "payload-map" } },
    regs: { field: { type: "payload-map" } },
    hvc: { field: { type: "int", min: 0, max: 0xffff } },
  },
  console: {
    dom: { field: { type: "dom" }, required: true },
    send: { field: str, required: true },
  },
  wait: {
    dom: { field: { type: "dom" }, required: true },
    serial: { field: { type: "match" }, required: true },
    "timeout-ms": { field: { type: "int", min: 1, max: 600_000 } },
  },
  expect: {
    dom: { field: { type: "dom" } },
    vcpu: { field: u32 },
    mode: {
      field: { type: "enum", values: ["AArch32", "AArch64", "real", "protected", "paging"] },
    },
    "domain-type": { field: { type: "enum", values: [32, 64] } },
    "hcr-rw": { field: { type: "enum", values: [0, 1] } },
    "evtchn-abi": { field: { type: "enum", values: ["2l", "fifo"] } },
    port: { field: { type: "port" } },
    state: { field: { type: "enum", values: [...PORT_STATES, ...DOMAIN_STATES] } },
    pending: { field: { type: "bool" } },
    masked: { field: { type: "bool" } },
    priority: { field: { type: "int", min: 0, max: 15 } },
    "xen-console": { field: { type: "match" } },
    "dom0-console": { field: { type: "match" } },
    serial: { field: { type: "match" } },
    absent: { field: { type: "bool" } },
  },
};

/** Modifiers: keys beside the step kind, and the kinds that may carry them. */
export const MODIFIERS: Readonly<Record<string, readonly StepKindName[]>> = {
  "profile-only": STEP_KINDS,
  "expect-ret": ["domctl", "hypercall"],
  "expect-exit": ["xl", "shell"],
  "expect-output": ["xl", "shell"],
  save: ["domctl", "hypercall"],
};

export const TOP_LEVEL_KEYS = [
  "format",
  "name",
  "title",
  "arch",
  "host",
  "profile",
  "files",
  "steps",
] as const;
export const HOST_KEYS = ["aarch32-el1", "gic"] as const;
export const ARCHES = ["arm64", "x86_64"] as const;
/** How deep YAML may nest before the file is refused (no scenario needs more). */
export const MAX_DEPTH = 64;
export const DEFAULT_MAX_BYTES = 1024 * 1024;
export const MAX_ERRORS = 50;
export const DEFAULT_WAIT_MS = 5000;
