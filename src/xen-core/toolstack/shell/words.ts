/**
 * The shell's line syntax, a small subset of POSIX sh: words split on blanks, '...'
 * literal, "..." with \" \\ \$ escapes, a backslash escaping the next character,
 * `NAME=value` words before the command as its environment, `> file` / `>> file`
 * redirecting its output, `;` between commands, `#` starting a comment.
 */
export interface ParsedCommand {
  readonly env: Readonly<Record<string, string>>;
  readonly argv: readonly string[];
  readonly redirect?: { readonly path: string; readonly append: boolean };
}

export type ParsedLine =
  | { readonly ok: true; readonly commands: readonly ParsedCommand[] }
  | { readonly ok: false; readonly error: string };

/** `plain`: how many leading characters came from unquoted, unescaped input. */
type Tok = { kind: "word"; text: string; plain: number } | { kind: ">" | ">>" | ";" };

function tokenize(line: string): Tok[] | string {
  const toks: Tok[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === " " || c === "\t") {
      i++;
      continue;
    }
    if (c === "#") break;
    if (c === ";") {
      toks.push({ kind: ";" });
      i++;
      continue;
    }
    if (c === ">") {
      const append = line[i + 1] === ">";
      toks.push({ kind: append ? ">>" : ">" });
      i += append ? 2 : 1;
      continue;
    }
    let text = "";
    let plain = -1;
    while (i < line.length && !" \t;>".includes(line[i]!)) {
      const ch = line[i]!;
      if (ch === "'") {
        const end = line.indexOf("'", i + 1);
        if (end < 0) return "unexpected EOF while looking for matching `''";
        if (plain < 0) plain = text.length;
        text += line.slice(i + 1, end);
        i = end + 1;
      } else if (ch === '"') {
        if (plain < 0) plain = text.length;
        i++;
        for (;;) {
          if (i >= line.length) return "unexpected EOF while looking for matching `\"'";
          const d = line[i]!;
          if (d === '"') {
            i++;
            break;
          }
          if (d === "\\" && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) {
            text += line[i + 1];
            i += 2;
          } else {
            text += d;
            i++;
          }
        }
      } else if (ch === "\\") {
        if (plain < 0) plain = text.length;
        if (i + 1 < line.length) text += line[i + 1];
        i += 2;
      } else {
        text += ch;
        i++;
      }
    }
    toks.push({ kind: "word", text, plain: plain < 0 ? text.length : plain });
  }
  return toks;
}

export function parseLine(line: string): ParsedLine {
  const toks = tokenize(line);
  if (typeof toks === "string") return { ok: false, error: toks };
  const commands: ParsedCommand[] = [];
  let env: Record<string, string> = {};
  let argv: string[] = [];
  let redirect: { path: string; append: boolean } | undefined;
  const end = () => {
    if (argv.length || Object.keys(env).length)
      commands.push(redirect ? { env, argv, redirect } : { env, argv });
    env = {};
    argv = [];
    redirect = undefined;
  };
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.kind === ";") end();
    else if (t.kind === ">" || t.kind === ">>") {
      const target = toks[++i];
      if (!target || target.kind !== "word")
        return { ok: false, error: "syntax error near unexpected token `newline'" };
      redirect = { path: target.text, append: t.kind === ">>" };
    } else if (t.kind === "word") {
      // NAME=value is an assignment when NAME and '=' were written unquoted (B="x y" is).
      const m = !argv.length ? /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(t.text) : null;
      if (m && m[1]!.length + 1 <= t.plain) env[m[1]!] = m[2]!;
      else argv.push(t.text);
    }
  }
  end();
  return { ok: true, commands };
}
