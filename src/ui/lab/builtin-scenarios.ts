/**
 * The built-in reproductions shipped under scenarios/, bundled as text (Vite's raw
 * import), for the Scenario panel's picker. Read once; never evaluated as code.
 */
export interface BuiltinScenario {
  /** File name under scenarios/. */
  readonly file: string;
  readonly name: string;
  readonly title: string;
  readonly text: string;
}

const files = import.meta.glob<string>("../../../scenarios/*.yaml", {
  query: "?raw",
  import: "default",
  eager: true,
});

/** A top-level `key: value` line's value, unquoted (the picker needs no full parse). */
function topLevel(text: string, key: string): string | undefined {
  const m = new RegExp(`^${key}:\\s*(.+?)\\s*$`, "m").exec(text);
  if (!m) return undefined;
  const v = m[1]!;
  return /^(["']).*\1$/.test(v) ? v.slice(1, -1) : v;
}

export const BUILTIN_SCENARIOS: readonly BuiltinScenario[] = Object.freeze(
  Object.entries(files)
    .map(([path, text]) => {
      const file = path.slice(path.lastIndexOf("/") + 1);
      const name = topLevel(text, "name") ?? file.replace(/\.yaml$/, "");
      return { file, name, title: topLevel(text, "title") ?? name, text };
    })
    .sort((a, b) => a.name.localeCompare(b.name)),
);
