/**
 * `%*pbl` (xen/common/vsprintf.c bitmap_scnlistprintf): a set of CPU numbers as
 * comma-separated ranges, "0-1,3"; the empty set prints nothing.
 */
export function cpumaskList(cpus: readonly number[]): string {
  const sorted = [...new Set(cpus)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}
