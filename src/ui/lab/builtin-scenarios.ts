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
  const prefix = `${key}:`;
  for (const line of text.split("\n")) {
    if (!line.startsWith(prefix)) continue;
    const v = line.slice(prefix.length).trim();
    return /^(["']).*\1$/.test(v) ? v.slice(1, -1) : v;
  }
  return undefined;
}

export const BUILTIN_SCENARIOS: readonly BuiltinScenario[] = Object.freeze(
  Object.entries(files)
    .map(([path, text]) => {
      const file = path.slice(path.lastIndexOf("/") + 1);
      const name = topLevel(text, "name") ?? file.replace(/\.yaml$/, "");
      return { file, name, title: topLevel(text, "title") ?? name, text };
    })
    // Plain code-unit order: names are ASCII kebab-case (and a collator costs ms to build).
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
);
