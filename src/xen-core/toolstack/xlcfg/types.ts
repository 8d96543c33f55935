/**
 * What the xl.cfg parser produces (tools/libs/util/libxlu_internal.h): settings whose
 * values are strings or lists (numbers stay strings until a getter converts them), and
 * the diagnostics, each with a source range so an editor can underline it.
 */

/** A 1-based position; `col` counts UTF-16 code units, as editors do. */
export interface CfgPos {
  readonly line: number;
  readonly col: number;
}

/** [start, end) in the source; `end` is exclusive. */
export interface CfgRange {
  readonly start: CfgPos;
  readonly end: CfgPos;
}

export type XluValue = XluString | XluList;

export interface XluString {
  readonly kind: "string";
  /** Dequoted text of a STRING, or a NUMBER's digits as written. */
  readonly value: string;
  /** The token was a NUMBER (xl converts both kinds with strtol; editors colour them apart). */
  readonly number: boolean;
  /** libxlu's loc.first_line (the token's line). */
  readonly line: number;
  readonly range: CfgRange;
}

export interface XluList {
  readonly kind: "list";
  /** Mutable only while parsing: `+=` moves the previous list's items here, as libxlu does. */
  values: XluValue[];
  readonly line: number;
  readonly range: CfgRange;
}

export type XluOp = "=" | "+=";

export interface XluSetting {
  readonly name: string;
  readonly op: XluOp;
  readonly value: XluValue;
  /** set->lineno: the line of the value (xlu__cfg_set_store's @3.first_line). */
  readonly lineno: number;
  /** The key's range (for "unknown key" hovers and warnings about the parameter). */
  readonly keyRange: CfgRange;
}

export type CfgSeverity = "error" | "warning" | "info";

/**
 * One problem in a config. `printed` is the exact line xl writes to stderr for it;
 * absent when xl stays silent (bison suppresses errors for three tokens after one it
 * reported, and libxlu skips errors on a line that already had a lexical error): an
 * editor still shows those, marked as not reported by xl.
 */
export interface CfgDiagnostic {
  readonly severity: CfgSeverity;
  readonly message: string;
  readonly range: CfgRange;
  readonly printed?: string;
}
