/**
 * libxlu's `report` stream (stderr under xl) and the editor's view of the same
 * problems: every line xl prints, in order, and one diagnostic per problem with the
 * source range it is about.
 */
import type { CfgDiagnostic, CfgPos, CfgRange, CfgSeverity } from "./types";

/** Offsets → 1-based line/column, built once per source (binary search per lookup). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly src: string) {
    for (let i = src.indexOf("\n"); i >= 0; i = src.indexOf("\n", i + 1)) this.starts.push(i + 1);
  }

  pos(offset: number): CfgPos {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.starts[lo]! + 1 };
  }

  /** The end is the column after the last character, on that character's line. */
  range(start: number, end: number): CfgRange {
    const first = this.pos(start);
    if (end <= start) return { start: first, end: first };
    const last = this.pos(end - 1);
    return { start: first, end: { line: last.line, col: last.col + 1 } };
  }

  /** The whole of a 1-based line (for problems libxlu only knows the line of). */
  lineRange(line: number): CfgRange {
    const i = Math.min(Math.max(line, 1), this.starts.length) - 1;
    const start = this.starts[i]!;
    const nl = this.src.indexOf("\n", start);
    return this.range(start, nl < 0 ? this.src.length : nl);
  }
}

export class CfgReport {
  /** What xl writes to stderr, one entry per line, without the newline. */
  readonly lines: string[] = [];
  readonly diagnostics: CfgDiagnostic[] = [];

  constructor(
    /** cfg->config_source: the file name as given to xl. */
    readonly source: string,
    readonly index: LineIndex,
  ) {}

  /** A problem xl prints (`printed`), or that it stays silent about (undefined). */
  add(severity: CfgSeverity, message: string, range: CfgRange, printed: string | undefined): void {
    if (printed !== undefined) this.lines.push(printed);
    this.diagnostics.push(
      printed === undefined ? { severity, message, range } : { severity, message, range, printed },
    );
  }

  /** A line xl prints that is about no particular place (Python warnings, ...). */
  print(line: string): void {
    this.lines.push(line);
  }
}
