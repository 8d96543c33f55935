/**
 * parseScenario(): scenario format v1 (shared/DESIGN.md) from YAML text to a typed
 * Scenario, or every problem found, each naming its line and column. It never throws
 * and never evaluates anything: aliases are refused, nesting and size are capped.
 */
import {
  isCollection,
  isMap,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Node,
  type Pair,
} from "yaml";
import { ParseContext } from "./parse-context";
import { parseStep } from "./parse-steps";
import { INVALID, readBool, readEnum, readString, scalarValue } from "./parse-values";
import { ARCHES, DEFAULT_MAX_BYTES, HOST_KEYS, MAX_DEPTH, TOP_LEVEL_KEYS } from "./schema";
import { SCENARIO_FORMAT, type Scenario, type ScenarioError, type Step } from "./types";

export interface ParseOptions {
  /** Files larger than this are refused unread (default 1 MiB). */
  readonly maxBytes?: number;
  /** When given, profile names are checked against it. */
  readonly knownProfiles?: readonly string[];
}

export interface ParseResult {
  readonly scenario?: Scenario;
  readonly errors: readonly ScenarioError[];
}

const at = (message: string): ScenarioError => ({
  message: `line 1, col 1: ${message}`,
  pos: { line: 1, col: 1 },
});

export function parseScenario(text: string, options: ParseOptions = {}): ParseResult {
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const size = utf8Length(text);
  if (size > max)
    return { errors: [at(`the file is ${size} bytes; scenarios are limited to ${max} bytes`)] };
  if (bracketDepth(text) > MAX_DEPTH)
    return { errors: [at(`the file nests deeper than ${MAX_DEPTH} levels`)] };
  try {
    return parseChecked(text, options);
  } catch (err) {
    return {
      errors: [
        at(`the file could not be read: ${err instanceof Error ? err.message : String(err)}`),
      ],
    };
  }
}

/** UTF-8 byte length without TextEncoder (xen-core has no DOM or Node library). */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * The deepest flow-collection nesting ([ and {), counted before parsing so that a
 * pathological file cannot exhaust the parser's stack.
 */
function bracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let quote: string | undefined;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "[" || ch === "{") max = Math.max(max, ++depth);
    else if (ch === "]" || ch === "}") depth = Math.max(0, depth - 1);
    else if (ch === "\n") quote = undefined;
  }
  return max;
}

function parseChecked(text: string, options: ParseOptions): ParseResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    uniqueKeys: true,
    intAsBigInt: true,
    prettyErrors: false,
  });
  const ctx = new ParseContext(lines);
  if (doc.errors.length) {
    for (const e of doc.errors.slice(0, 10)) {
      const p = lines.linePos(e.pos[0]);
      const first = e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
      ctx.errors.push({
        message: `line ${p.line}, col ${p.col}: YAML: ${first}`,
        pos: { line: p.line, col: p.col },
      });
    }
    return { errors: ctx.errors };
  }
  let aliased: Node | undefined;
  let tooDeep: Node | undefined;
  visit(doc, {
    Alias(_k, node) {
      aliased ??= node;
    },
    Node(_k, node, path) {
      if (isCollection(node) && path.length > MAX_DEPTH * 2) tooDeep ??= node;
    },
  });
  if (aliased) ctx.error(aliased, "YAML aliases are not allowed in scenarios");
  if (tooDeep) ctx.error(tooDeep, `the file nests deeper than ${MAX_DEPTH} levels`);
  if (ctx.errors.length) return { errors: ctx.errors };

  const root = doc.contents as Node | null;
  if (!isMap(root)) {
    ctx.error(root, "a scenario is a mapping with format, name, title and steps");
    return { errors: ctx.errors };
  }
  const get = new Map<string, Pair<Node, Node>>();
  for (const p of root.items as Pair<Node, Node>[]) {
    const key = scalarValue(p.key);
    if (typeof key === "string" && (TOP_LEVEL_KEYS as readonly string[]).includes(key))
      get.set(key, p);
    else
      ctx.error(
        p.key,
        `unknown key '${String(key)}'; expected one of ${TOP_LEVEL_KEYS.join(", ")}`,
      );
  }
  const need = (key: string) => {
    const p = get.get(key);
    if (!p) ctx.error(root, `missing '${key}'`);
    return p;
  };

  const format = need("format");
  if (format && scalarValue(format.value) !== SCENARIO_FORMAT) {
    ctx.error(format.value, `format must be "${SCENARIO_FORMAT}"`);
  }
  const nameP = need("name");
  const name = nameP ? readString(ctx, nameP.value, "name") : INVALID;
  if (name !== INVALID && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) {
    ctx.error(
      nameP!.value,
      `'name' must be kebab-case (a-z, 0-9 and single dashes), got "${name}"`,
    );
  }
  const titleP = need("title");
  const title = titleP ? readString(ctx, titleP.value, "title") : INVALID;
  const archP = get.get("arch");
  const arch = archP ? readEnum(ctx, archP.value, "arch", ARCHES) : "x86_64";
  const profileP = get.get("profile");
  const profile = profileP ? readString(ctx, profileP.value, "profile") : "upstream";
  if (profile !== INVALID && options.knownProfiles && !options.knownProfiles.includes(profile)) {
    ctx.error(
      profileP!.value,
      `unknown profile '${profile}'; profiles: ${options.knownProfiles.join(", ")}`,
    );
  }
  const host = readHost(ctx, get.get("host")?.value);
  const files = readFiles(ctx, get.get("files")?.value);

  const stepsP = need("steps");
  const steps: Step[] = [];
  if (stepsP) {
    if (!isSeq(stepsP.value) || stepsP.value.items.length === 0) {
      ctx.error(stepsP.value ?? stepsP.key, "'steps' must be a non-empty list");
    } else {
      stepsP.value.items.forEach((item, i) => {
        const s = parseStep(ctx, item as Node, i, options.knownProfiles);
        if (s) steps.push(s);
      });
    }
  }
  if (
    ctx.errors.length ||
    name === INVALID ||
    title === INVALID ||
    arch === INVALID ||
    profile === INVALID
  ) {
    return { errors: ctx.errors };
  }
  return {
    scenario: { format: SCENARIO_FORMAT, name, title, arch, host, profile, files, steps },
    errors: [],
  };
}

function readHost(ctx: ParseContext, node: Node | null | undefined): Scenario["host"] {
  const host = { aarch32El1: true, gic: "v3" as "v2" | "v3" };
  if (node === undefined) return host;
  if (!isMap(node)) {
    ctx.error(node, `'host' must be a mapping of ${HOST_KEYS.join(", ")}`);
    return host;
  }
  for (const p of node.items as Pair<Node, Node>[]) {
    const key = scalarValue(p.key);
    if (key === "aarch32-el1") {
      const v = readBool(ctx, p.value, "aarch32-el1");
      if (v !== INVALID) host.aarch32El1 = v;
    } else if (key === "gic") {
      const v = readEnum(ctx, p.value, "gic", ["v2", "v3"] as const);
      if (v !== INVALID) host.gic = v;
    } else
      ctx.error(
        p.key,
        `unknown key '${String(key)}' in host; expected one of ${HOST_KEYS.join(", ")}`,
      );
  }
  return host;
}

function readFiles(ctx: ParseContext, node: Node | null | undefined): Record<string, string> {
  const files: Record<string, string> = {};
  if (node === undefined) return files;
  if (!isMap(node)) {
    ctx.error(node, "'files' must map file names to their text");
    return files;
  }
  for (const p of node.items as Pair<Node, Node>[]) {
    const key = scalarValue(p.key);
    const text = readString(ctx, p.value, `files.${String(key)}`);
    if (typeof key !== "string" || !/^[\w.-]+$/.test(key))
      ctx.error(p.key, `file names are plain names such as guest.cfg, got ${String(key)}`);
    else if (text !== INVALID) files[key] = text;
  }
  return files;
}
