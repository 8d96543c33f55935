/**
 * One step of a scenario: exactly one step-kind key, plus the modifiers that kind
 * allows. Unknown keys are errors, never ignored.
 */
import { isMap, type Node, type Pair, type YAMLMap } from "yaml";
import type { ParseContext } from "./parse-context";
import {
  INVALID,
  readDom,
  readErrno,
  readField,
  readMatch,
  readPayload,
  readString,
  scalarValue,
  type Parsed,
} from "./parse-values";
import { DEFAULT_WAIT_MS, MODIFIERS, STEP_KEYS, STEP_KINDS, type StepKindName } from "./schema";
import type { PayloadValue, SourcePos, Step } from "./types";

const CAMEL = (k: string) => k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

interface StepHead {
  readonly index: number;
  readonly pos: SourcePos;
  readonly n: number;
}

export function parseStep(
  ctx: ParseContext,
  node: Node,
  index: number,
  knownProfiles?: readonly string[],
): Step | undefined {
  const n = index + 1;
  if (!isMap(node)) {
    ctx.error(node, `a step must be a mapping such as '- domctl: {...}'`, n);
    return undefined;
  }
  const pairs = node.items as Pair<Node, Node>[];
  const keyOf = (p: Pair<Node, Node>) => scalarValue(p.key);
  const kinds = pairs.filter((p) => (STEP_KINDS as readonly unknown[]).includes(keyOf(p)));
  if (kinds.length === 0) {
    const unknown = pairs.find((p) => !((keyOf(p) as string) in MODIFIERS));
    ctx.error(
      unknown?.key ?? node,
      unknown
        ? `unknown step kind '${String(keyOf(unknown))}'; expected one of ${STEP_KINDS.join(", ")}`
        : `no step kind; expected one of ${STEP_KINDS.join(", ")}`,
      n,
    );
    return undefined;
  }
  if (kinds.length > 1) {
    ctx.error(
      kinds[1]!.key,
      `one step has one kind; found ${kinds.map((k) => String(keyOf(k))).join(" and ")}`,
      n,
    );
    return undefined;
  }
  const kind = keyOf(kinds[0]!) as StepKindName;
  const head: StepHead = { index, pos: ctx.pos(node), n };
  let ok = true;
  const mods: Record<string, unknown> = {};
  for (const p of pairs) {
    const key = keyOf(p);
    if (key === kind) continue;
    if (typeof key !== "string" || !(key in MODIFIERS)) {
      ctx.error(p.key, `unknown key '${String(key)}' in a ${kind} step`, n);
      ok = false;
      continue;
    }
    if (!MODIFIERS[key]!.includes(kind)) {
      ctx.error(
        p.key,
        `'${key}' is not allowed on a ${kind} step (only on ${MODIFIERS[key]!.join(", ")})`,
        n,
      );
      ok = false;
      continue;
    }
    const v = readModifier(ctx, key, p.value, n, knownProfiles);
    if (v === INVALID) ok = false;
    else mods[CAMEL(key)] = v;
  }
  const body = parseBody(ctx, kind, kinds[0]!.value, head);
  if (!ok || body === INVALID) return undefined;
  return { ...body, ...mods } as Step;
}

function readModifier(
  ctx: ParseContext,
  key: string,
  node: Node | null,
  n: number,
  knownProfiles?: readonly string[],
): Parsed<unknown> {
  switch (key) {
    case "profile-only": {
      const list = readPayload(ctx, node, key, n);
      if (list === INVALID) return INVALID;
      const names = Array.isArray(list) ? list : [list];
      if (!names.length || !names.every((x): x is string => typeof x === "string")) {
        ctx.error(node, "'profile-only' must be a list of profile names", n);
        return INVALID;
      }
      const unknown = knownProfiles && names.filter((x) => !knownProfiles.includes(x));
      if (unknown?.length) {
        ctx.error(
          node,
          `unknown profile '${unknown[0]}' in profile-only; profiles: ${knownProfiles!.join(", ")}`,
          n,
        );
        return INVALID;
      }
      return names;
    }
    case "expect-ret":
      return readErrno(ctx, node, n);
    case "expect-exit": {
      const v = scalarValue(node);
      if (v === 0 || v === 0n || v === "0") return "0";
      if (v === "nonzero") return "nonzero";
      ctx.error(node, `'expect-exit' must be 0 or nonzero`, n);
      return INVALID;
    }
    case "expect-output":
      return readMatch(ctx, node, key, n);
    case "save": {
      const m = readField(ctx, node, key, { type: "payload-map" }, n);
      if (m === INVALID) return INVALID;
      const entries = Object.entries(m as Record<string, PayloadValue>);
      for (const [name, field] of entries) {
        if (typeof field !== "string" || !/^[A-Za-z_][\w-]*$/.test(name)) {
          ctx.error(
            node,
            `'save' maps a name to an OUT field name, e.g. { p1: port }; '${name}' is not`,
            n,
          );
          return INVALID;
        }
      }
      return Object.fromEntries(entries);
    }
  }
  return INVALID;
}

function parseBody(
  ctx: ParseContext,
  kind: StepKindName,
  node: Node | null,
  h: StepHead,
): Parsed<Step> {
  const base = { index: h.index, pos: h.pos };
  switch (kind) {
    case "xl":
    case "shell":
    case "note":
    case "debug-keys": {
      const s = readString(ctx, node, kind, h.n);
      if (s === INVALID) return INVALID;
      if (kind === "note") return { ...base, kind, text: s };
      if (kind === "debug-keys") return { ...base, kind, keys: s };
      return { ...base, kind, command: s };
    }
    case "domctl":
      return parseDomctl(ctx, node, h);
    default:
      return parseKeyed(ctx, kind, node, h);
  }
}

function parseDomctl(ctx: ParseContext, node: Node | null, h: StepHead): Parsed<Step> {
  if (!isMap(node)) {
    ctx.error(node, "'domctl' must be a mapping such as { cmd: createdomain, ... }", h.n);
    return INVALID;
  }
  let cmd: string | number | undefined;
  let dom: string | number | undefined;
  const fields: Record<string, PayloadValue> = {};
  let ok = true;
  for (const p of (node as YAMLMap<Node, Node>).items) {
    const key = scalarValue(p.key);
    if (typeof key !== "string") {
      ctx.error(p.key, "domctl keys must be Xen field names", h.n);
      ok = false;
      continue;
    }
    if (key === "cmd") {
      const v = readPayload(ctx, p.value, "cmd", h.n);
      if (typeof v === "string" || typeof v === "number") cmd = v;
      else {
        if (v !== INVALID)
          ctx.error(p.value, "'cmd' must be a domctl name such as createdomain, or a number", h.n);
        ok = false;
      }
    } else if (key === "dom" || key === "domain") {
      const v = readDom(ctx, p.value, key, h.n);
      if (v === INVALID) ok = false;
      else dom = v;
    } else {
      const v = readPayload(ctx, p.value, key, h.n);
      if (v === INVALID) ok = false;
      else fields[key] = v;
    }
  }
  if (cmd === undefined) {
    if (ok) ctx.error(node, "'domctl' needs 'cmd' (createdomain, max_vcpus, ...)", h.n);
    return INVALID;
  }
  if (!ok) return INVALID;
  return {
    index: h.index,
    pos: h.pos,
    kind: "domctl",
    cmd,
    fields,
    ...(dom !== undefined ? { dom } : {}),
  };
}

function parseKeyed(
  ctx: ParseContext,
  kind: keyof typeof STEP_KEYS,
  node: Node | null,
  h: StepHead,
): Parsed<Step> {
  if (!isMap(node)) {
    ctx.error(
      node,
      `'${kind}' must be a mapping of ${Object.keys(STEP_KEYS[kind]).join(", ")}`,
      h.n,
    );
    return INVALID;
  }
  const spec = STEP_KEYS[kind];
  const out: Record<string, unknown> = {};
  let ok = true;
  for (const p of (node as YAMLMap<Node, Node>).items) {
    let key = scalarValue(p.key);
    if (kind === "hypercall" && key === "domain") key = "dom";
    const field = typeof key === "string" ? spec[key] : undefined;
    if (!field) {
      ctx.error(
        p.key,
        `unknown key '${String(key)}' in ${kind}; keys: ${Object.keys(spec).join(", ")}`,
        h.n,
      );
      ok = false;
      continue;
    }
    const v = readField(ctx, p.value, key as string, field.field, h.n);
    if (v === INVALID) ok = false;
    else out[CAMEL(key as string)] = v;
  }
  for (const [key, f] of Object.entries(spec)) {
    if (f.required && out[CAMEL(key)] === undefined && ok) {
      ctx.error(node, `'${kind}' needs '${key}'`, h.n);
      ok = false;
    }
  }
  if (!ok) return INVALID;
  const base = { index: h.index, pos: h.pos, kind };
  if (kind === "hypercall") return { ...base, vcpu: 0, args: {}, ...out } as Step;
  if (kind === "wait") return { ...base, timeoutMs: DEFAULT_WAIT_MS, ...out } as Step;
  if (kind === "expect") return checkExpect(ctx, node, h, { ...base, ...out } as Step);
  return { ...base, ...out } as Step;
}

/** An expect must assert something; `state` must suit what it describes. */
function checkExpect(ctx: ParseContext, node: Node, h: StepHead, step: Step): Parsed<Step> {
  if (step.kind !== "expect") return step;
  const asserting = [
    "mode",
    "domainType",
    "hcrRw",
    "evtchnAbi",
    "state",
    "pending",
    "masked",
    "priority",
    "xenConsole",
    "dom0Console",
    "serial",
    "absent",
  ];
  if (!asserting.some((k) => (step as unknown as Record<string, unknown>)[k] !== undefined)) {
    ctx.error(
      node,
      "'expect' asserts nothing; give at least one of mode, domain-type, hcr-rw, state, xen-console, ...",
      h.n,
    );
    return INVALID;
  }
  if (step.state !== undefined) {
    const portStates = ["free", "reserved", "unbound", "interdomain", "pirq", "virq", "ipi"];
    const isPort = step.port !== undefined;
    if (isPort !== portStates.includes(step.state)) {
      ctx.error(
        node,
        isPort
          ? `'state' of a port must be one of ${portStates.join(", ")}`
          : `'state' of a domain must be running, paused, blocked, crashed, dying or shutdown`,
        h.n,
      );
      return INVALID;
    }
  }
  const needsDom =
    step.mode !== undefined ||
    step.domainType !== undefined ||
    step.hcrRw !== undefined ||
    step.serial !== undefined ||
    step.absent !== undefined ||
    (step.state !== undefined && step.port === undefined);
  if (needsDom && step.dom === undefined) {
    ctx.error(node, "this expectation needs 'dom'", h.n);
    return INVALID;
  }
  return step;
}
