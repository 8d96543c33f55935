/**
 * Shared state of one parse: the line counter that turns YAML node offsets into
 * 1-based line/column, and the list of errors, each starting with its location.
 */
import { type LineCounter, type Node } from "yaml";
import { MAX_ERRORS } from "./schema";
import type { ScenarioError, SourcePos } from "./types";

export class ParseContext {
  readonly errors: ScenarioError[] = [];

  constructor(private readonly lines: LineCounter) {}

  pos(node: Node | null | undefined): SourcePos {
    const offset = node?.range?.[0] ?? 0;
    const p = this.lines.linePos(offset);
    return { line: p.line, col: p.col };
  }

  /** Record an error at `node`; `step` names the step (1-based) when inside one. */
  error(node: Node | null | undefined, message: string, step?: number): void {
    if (this.errors.length >= MAX_ERRORS) return;
    const pos = this.pos(node);
    this.errors.push({ message: `${locationText(pos, step)}: ${message}`, pos });
  }
}

export function locationText(pos: SourcePos, step?: number): string {
  const where = `line ${pos.line}, col ${pos.col}`;
  return step === undefined ? where : `step ${step} (${where})`;
}
