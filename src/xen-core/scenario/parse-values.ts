/**
 * Reading typed values out of YAML nodes, each failure recorded with its position.
 * Integers are read as bigints by the YAML parser (intAsBigInt) so nothing past 2^53
 * is silently rounded; they become numbers where they fit.
 */
import { isAlias, isMap, isScalar, isSeq, type Node } from "yaml";
import { parseErrno } from "../abi/errno";
import type { ParseContext } from "./parse-context";
import { MAX_DEPTH, type FieldType } from "./schema";
import type { PayloadValue, TextMatch } from "./types";

export const INVALID = Symbol("invalid");
export type Parsed<T> = T | typeof INVALID;

function show(node: Node | null | undefined): string {
  if (node === null || node === undefined) return "nothing";
  if (isScalar(node)) return node.value === null ? "null" : JSON.stringify(String(node.value));
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  return "an alias";
}

export function scalarValue(node: Node | null | undefined): unknown {
  return isScalar(node) ? node.value : undefined;
}

/** A bigint that fits becomes a number. */
export function toNumberish(v: bigint | number): number | bigint {
  if (typeof v === "number") return v;
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(v)
    : v;
}

export function readString(
  ctx: ParseContext,
  node: Node | null | undefined,
  what: string,
  step?: number,
): Parsed<string> {
  const v = scalarValue(node);
  if (typeof v === "string") return v;
  ctx.error(node, `'${what}' must be a string, got ${show(node)}`, step);
  return INVALID;
}

export function readInt(
  ctx: ParseContext,
  node: Node | null | undefined,
  what: string,
  min: number,
  max: number,
  step?: number,
): Parsed<number> {
  const v = scalarValue(node);
  if (
    (typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v))) &&
    v >= min &&
    v <= max
  )
    return Number(v);
  const range =
    min === 0 && max >= 0xffffffff ? "a non-negative integer" : `an integer from ${min} to ${max}`;
  ctx.error(node, `'${what}' must be ${range}, got ${show(node)}`, step);
  return INVALID;
}

export function readBool(
  ctx: ParseContext,
  node: Node | null | undefined,
  what: string,
  step?: number,
): Parsed<boolean> {
  const v = scalarValue(node);
  if (typeof v === "boolean") return v;
  ctx.error(node, `'${what}' must be true or false, got ${show(node)}`, step);
  return INVALID;
}

export function readEnum<T extends string | number>(
  ctx: ParseContext,
  node: Node | null | undefined,
  what: string,
  values: readonly T[],
  step?: number,
): Parsed<T> {
  let v = scalarValue(node);
  if (typeof v === "bigint") v = Number(v);
  if ((values as readonly unknown[]).includes(v)) return v as T;
  ctx.error(node, `'${what}' must be one of ${values.join(", ")}, got ${show(node)}`, step);
  return INVALID;
}

/** "/re/flags" is a regular expression; anything else a substring. */
export function readMatch(
  ctx: ParseContext,
  node: Node | null | undefined,
  what: string,
  step?: number,
): Parsed<TextMatch> {
  const s = readString(ctx, node, what, step);
  if (s === INVALID) return INVALID;
  const m = /^\/(.*)\/([a-z]*)$/s.exec(s);
  if (!m) return { kind: "substring", text: s };
  const [, source, flags] = m as unknown as [string, string, string];
  if (!/^[imsu]*$/.test(flags)) {
    ctx.error(node, `'${what}': regex flags may only be i, m, s, u, got '${flags}'`, step);
    return INVALID;
  }
  try {
    new RegExp(source, flags);
  } catch (err) {
    ctx.error(
      node,
      `'${what}': invalid regular expression /${source}/: ${(err as Error).message}`,
      step,
    );
    return INVALID;
  }
  return { kind: "regex", source, flags };
}

/** A domain: a name, a DOMID_* name, or a non-negative id. */
export function readDom(
  ctx: ParseContext,
  node: Node | null | undefined,
  what: string,
  step?: number,
): Parsed<string | number> {
  const v = scalarValue(node);
  if (typeof v === "string" && v.length > 0) return v;
  if ((typeof v === "bigint" || typeof v === "number") && v >= 0 && v <= 0xffff) return Number(v);
  ctx.error(node, `'${what}' must be a domain name or id (0..65535), got ${show(node)}`, step);
  return INVALID;
}

/** A payload value: scalar, $ref, or (nested) list of them. */
export function readPayload(
  ctx: ParseContext,
  node: Node | null | undefined,
  what: string,
  step?: number,
  depth = 0,
): Parsed<PayloadValue> {
  if (depth > MAX_DEPTH) {
    ctx.error(node, `'${what}' nests deeper than ${MAX_DEPTH} levels`, step);
    return INVALID;
  }
  if (isAlias(node)) {
    ctx.error(node, "YAML aliases are not allowed in scenarios", step);
    return INVALID;
  }
  if (isSeq(node)) {
    const out: PayloadValue[] = [];
    for (const item of node.items) {
      const v = readPayload(ctx, item as Node, what, step, depth + 1);
      if (v === INVALID) return INVALID;
      out.push(v);
    }
    return out;
  }
  const v = scalarValue(node);
  if (typeof v === "string") return v.startsWith("$") && v.length > 1 ? { ref: v.slice(1) } : v;
  if (typeof v === "bigint") return toNumberish(v);
  if (typeof v === "number" || typeof v === "boolean") return v;
  ctx.error(
    node,
    `'${what}' must be a number, a name, a $reference or a list of them, got ${show(node)}`,
    step,
  );
  return INVALID;
}

/** expect-ret: a number or an errno name (-EINVAL / EINVAL → -22). */
export function readErrno(
  ctx: ParseContext,
  node: Node | null | undefined,
  step?: number,
): Parsed<number> {
  const v = scalarValue(node);
  if ((typeof v === "bigint" || typeof v === "number") && v >= -0x80000000 && v <= 0xffffffff)
    return Number(v);
  if (typeof v === "string") {
    const e = parseErrno(v);
    if (e !== undefined) return e;
  }
  ctx.error(
    node,
    `'expect-ret' must be a number or an errno name such as -EINVAL, got ${show(node)}`,
    step,
  );
  return INVALID;
}

export function readField(
  ctx: ParseContext,
  node: Node | null | undefined,
  what: string,
  field: FieldType,
  step?: number,
): Parsed<unknown> {
  switch (field.type) {
    case "string":
      return readString(ctx, node, what, step);
    case "enum":
      return readEnum(ctx, node, what, field.values, step);
    case "int":
      return readInt(ctx, node, what, field.min, field.max, step);
    case "bool":
      return readBool(ctx, node, what, step);
    case "match":
      return readMatch(ctx, node, what, step);
    case "dom":
      return readDom(ctx, node, what, step);
    case "port": {
      const p = readPayload(ctx, node, what, step);
      if (p === INVALID) return INVALID;
      if (typeof p === "object" && !Array.isArray(p)) return p;
      if (typeof p === "number" && p >= 0 && p <= 0xffffffff) return p;
      ctx.error(node, `'${what}' must be a port number or a $reference, got ${show(node)}`, step);
      return INVALID;
    }
    case "payload":
      return readPayload(ctx, node, what, step);
    case "payload-map": {
      if (!isMap(node)) {
        ctx.error(node, `'${what}' must be a mapping of names to values, got ${show(node)}`, step);
        return INVALID;
      }
      const out: Record<string, PayloadValue> = {};
      for (const pair of node.items) {
        const key = scalarValue(pair.key as Node);
        if (typeof key !== "string") {
          ctx.error(pair.key as Node, `keys of '${what}' must be names`, step);
          return INVALID;
        }
        const v = readPayload(ctx, pair.value as Node, `${what}.${key}`, step);
        if (v === INVALID) return INVALID;
        out[key] = v;
      }
      return out;
    }
  }
}
