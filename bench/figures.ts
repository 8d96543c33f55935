/**
 * Benchmark plumbing: time a loop for a fixed wall-clock budget after a warm-up, and
 * report rates. A figure is always printed with a baseline measured in the same run.
 */
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: "1/s" | "ms";
  readonly baseline: string;
  readonly baselineValue: number;
  readonly ratio: number;
}

/** Operations per second of `op` (which performs `batch` operations per call). */
export function rate(op: () => void, batch = 1, budgetMs = 1000): number {
  const warm = performance.now() + budgetMs / 5;
  while (performance.now() < warm) op();
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < budgetMs) {
    op();
    n += batch;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

export function figure(
  name: string,
  value: number,
  baseline: string,
  baselineValue: number,
  unit: Figure["unit"] = "1/s",
): Figure {
  return { name, value, unit, baseline, baselineValue, ratio: value / baselineValue };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function formatFigures(figures: readonly Figure[]): string {
  const fmt = (v: number) => v.toExponential(2);
  return figures
    .map(
      (f) =>
        `${f.name.padEnd(28)} ${fmt(f.value).padStart(9)} ${f.unit.padEnd(3)}   ` +
        `baseline ${f.baseline} ${fmt(f.baselineValue)} ${f.unit}   ratio ${f.ratio.toFixed(3)}`,
    )
    .join("\n");
}
