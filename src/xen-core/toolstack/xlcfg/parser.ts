/**
 * xlu_cfg_readdata(), tools/libs/util/libxlu_cfg.c with the bison 3.3.2 yacc.c driver
 * libxlu_cfg_y.c was generated with: a table-driven LALR(1) parse (grammar.ts) with
 * bison's error recovery (pop to a state that shifts `error`, discard tokens until
 * NEWLINE, report nothing until three tokens were shifted), its stack limit (YYMAXDEPTH
 * 10000: deep lists end in "memory exhausted"), and libxlu's semantic actions:
 * settings are stored only while no error has happened; `+=` joins with the previous
 * setting of the same name (moving a list's items, as libxlu does).
 *
 * Errors print as xlu__cfg_yyerror() does: "<file>:<line>: config parsing error near
 * `<yytext>': <message>", where the line is off by one for a NEWLINE token (the
 * scanner already says "line of the newline", yyerror subtracts one more).
 */
import { XEN_ERRNO } from "../../abi/errno";
import { ACCEPT_STATE, RULES, STATES, syntaxErrorMessage } from "./grammar";
import { Lexer, type Token } from "./lexer";
import { CfgReport, LineIndex } from "./report";
import type { CfgRange, XluList, XluOp, XluSetting, XluValue } from "./types";

const YYINITDEPTH = 200;
const YYMAXDEPTH = 10000;

export interface CfgParseResult {
  /** Settings oldest first (libxlu keeps them newest first; lookups take the newest). */
  readonly settings: readonly XluSetting[];
  /** ctx->err: 0, or the errno xl reports as "Failed to parse config: <strerror>". */
  readonly err: number;
  readonly report: CfgReport;
}

/** A value on the parser's stack. `null` once ctx->err is set (libxlu stops building). */
type Sem = Token | XluValue | null | undefined;

interface Entry {
  readonly state: number;
  readonly sem: Sem;
  /** The symbol's yylloc first_line (1 for empty rules: last_line is never updated). */
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

class ParseContext {
  err = 0;
  lexerrlineno = -1;
  likelyPython = false;
  readonly settings: XluSetting[] = [];
  /** find(): the newest setting of each name. */
  readonly latest = new Map<string, XluSetting>();
  lexer!: Lexer;

  constructor(readonly report: CfgReport) {}

  /** xlu__cfg_yyerror(): print unless the line already had a lexical error. */
  yyerror(lineno: number, message: string, range: CfgRange): void {
    const body = this.body(message);
    if (lineno <= this.lexerrlineno) {
      this.report.add("error", body.text, range, undefined);
      return;
    }
    const printed = `${this.report.source}:${lineno + body.lineDelta}: ${body.text}`;
    this.report.add("error", body.text, range, printed);
    if (!this.err) this.err = XEN_ERRNO.EINVAL;
  }

  /** A syntax error bison does not report (within three tokens of the last one). */
  silent(message: string, range: CfgRange): void {
    this.report.add("error", this.body(message).text, range, undefined);
  }

  /** "config parsing error near `<yytext>': <message>" and yyerror's line adjustment. */
  private body(message: string): { text: string; lineDelta: number } {
    let text = this.lexer.yytext;
    let len = text.length;
    let newline = "";
    let lineDelta = 0;
    if (len > 0 && text[len - 1] === "\n") {
      len--;
      lineDelta = -1;
      if (!len) newline = "<newline>";
    }
    while (len > 0 && (text[len - 1] === "\t" || text[len - 1] === " ")) len--;
    // printf("%.*s") stops at a NUL (flex's yytext at EOF is the end-of-buffer NUL).
    text = text.slice(0, len).split("\0")[0]!;
    const near = len ? `\`${text}'` : "";
    return { text: `config parsing error near ${near}${newline}: ${message}`, lineDelta };
  }

  lexicalError(message: string, start: number, end: number, lineno: number): void {
    const trimmed = this.lexer.src.slice(start, end).replace(/[\n \t]+$/, "");
    this.yyerror(lineno, message, this.report.index.range(start, start + trimmed.length));
    this.lexerrlineno = lineno;
  }

  /** xlu__cfg_set_store(). */
  store(name: Token, op: XluOp, value: XluValue | null, lineno: number, valueRange: CfgRange) {
    if (this.err || !value) return;
    const prev = op === "+=" ? this.latest.get(name.text) : undefined;
    if (prev) {
      if (prev.value.kind !== value.kind) {
        const l = this.lexer;
        const message = `can't add [list] to "string" or vice versa`;
        this.lexicalError(message, l.yytextStart, l.yytextEnd, l.yylineno);
        // The editor marks the value being added, whatever yytext happened to be.
        const d = this.report.diagnostics.pop()!;
        this.report.diagnostics.push({ ...d, range: valueRange });
        this.err = XEN_ERRNO.EINVAL;
        return;
      }
      value = joinValues(prev.value, value);
    }
    const setting: XluSetting = {
      name: name.text,
      op,
      value,
      lineno,
      keyRange: this.report.index.range(name.start, name.end),
    };
    this.settings.push(setting);
    this.latest.set(name.text, setting);
  }
}

/** xlu__cfg_concat_vals(): strings are joined; list items move from prev to the new list. */
function joinValues(prev: XluValue, add: XluValue): XluValue {
  if (prev.kind === "string" && add.kind === "string")
    return { ...add, value: prev.value + add.value };
  const p = prev as XluList;
  const a = add as XluList;
  // Reuse prev's array (amortised O(|add|)); prev is left empty, as libxlu leaves it.
  const moved = p.values;
  for (const v of a.values) moved.push(v);
  p.values = [];
  a.values = moved;
  return a;
}

export function parseXlCfg(text: string, source: string): CfgParseResult {
  const report = new CfgReport(source, new LineIndex(text));
  const ctx = new ParseContext(report);
  const lexer = new Lexer(text, {
    lexicalError: (msg, _t, start, end, lineno) => ctx.lexicalError(msg, start, end, lineno),
    likelyPython: () => (ctx.likelyPython = true),
    failed: () => ctx.err !== 0,
  });
  ctx.lexer = lexer;
  run(ctx, lexer);
  if (ctx.err && ctx.likelyPython) {
    report.print("warning: Config file looks like it contains Python code.");
    report.print("warning:  Arbitrary Python is no longer supported.");
    report.print("warning:  See https://wiki.xen.org/wiki/PythonInXlConfig");
  }
  return { settings: ctx.settings, err: ctx.err, report };
}

function run(ctx: ParseContext, lexer: Lexer): void {
  const index = ctx.report.index;
  const stack: Entry[] = [];
  let stacksize = YYINITDEPTH;
  let lookahead: Token | undefined;
  let yyllocLine = 1;
  let errstatus = 0;

  /** yysetstate: push, then grow the stack or give up as yacc.c does. */
  const push = (e: Entry): boolean => {
    stack.push(e);
    if (stack.length - 1 >= stacksize - 1) {
      if (stacksize >= YYMAXDEPTH) {
        const at = lookahead ?? { start: lexer.yytextStart, end: lexer.yytextEnd };
        ctx.yyerror(yyllocLine, "memory exhausted", index.range(at.start, at.end));
        return false;
      }
      stacksize = Math.min(stacksize * 2, YYMAXDEPTH);
    }
    return true;
  };

  const reduce = (rule: number): boolean => {
    const { lhs, length } = RULES[rule]!;
    const rhs = length ? stack.splice(stack.length - length, length) : [];
    const at = stack[stack.length - 1]!;
    const first = rhs[0];
    const last = rhs[rhs.length - 1];
    const sem = semantic(ctx, rule, rhs, yyllocLine, index);
    const target = STATES[at.state]!.gotos![lhs]!;
    return push({
      state: target,
      sem,
      line: first ? first.line : 1,
      start: first ? first.start : at.end,
      end: last ? last.end : at.end,
    });
  };

  if (!push({ state: 0, sem: undefined, line: 1, start: 0, end: 0 })) return;
  for (;;) {
    const top = stack[stack.length - 1]!;
    if (top.state === ACCEPT_STATE) return;
    const st = STATES[top.state]!;
    if (!st.on) {
      if (!reduce(st.def!)) return;
      continue;
    }
    if (!lookahead) {
      lookahead = lexer.next();
      if (lookahead.line !== undefined) yyllocLine = lookahead.line;
    }
    const act = st.on[lookahead.term];
    if (act && act !== "accept" && "shift" in act) {
      if (errstatus) errstatus--;
      const t = lookahead;
      lookahead = undefined;
      if (
        !push({ state: act.shift, sem: t, line: t.line ?? yyllocLine, start: t.start, end: t.end })
      )
        return;
      continue;
    }
    const rule = act && act !== "accept" && "reduce" in act ? act.reduce : st.def;
    if (rule !== undefined) {
      if (!reduce(rule)) return;
      continue;
    }

    // yyerrlab
    const message = syntaxErrorMessage(st, lookahead.term);
    const range = tokenRange(index, lookahead);
    if (!errstatus) ctx.yyerror(yyllocLine, message, range);
    // A new error bison keeps quiet about; with errstatus 3 it is only discarding.
    else if (errstatus < 3) ctx.silent(message, range);
    if (errstatus === 3) {
      if (lookahead.term === "$end") return;
      lookahead = undefined;
    }
    // yyerrlab1: pop until a state shifts `error`; none left means YYABORT.
    errstatus = 3;
    for (;;) {
      const s = stack[stack.length - 1]!;
      const onError = STATES[s.state]!.onError;
      if (onError !== undefined) {
        if (!push({ state: onError, sem: undefined, line: yyllocLine, start: s.end, end: s.end }))
          return;
        break;
      }
      if (stack.length === 1) return;
      stack.pop();
    }
  }
}

/** Where a lookahead is, for an editor: a NEWLINE is its newline (or its comment). */
function tokenRange(index: LineIndex, t: Token): CfgRange {
  if (t.term === "NEWLINE") {
    const text = index.src.slice(t.start, t.end).replace(/\n$/, "");
    return index.range(t.start, t.start + Math.max(text.length, 1));
  }
  return index.range(t.start, t.end);
}

/** The grammar's actions (libxlu_cfg_y.y), building values only while !ctx->err. */
function semantic(
  ctx: ParseContext,
  rule: number,
  rhs: readonly Entry[],
  yyllocLine: number,
  index: LineIndex,
): Sem {
  const range = (e: Entry) => index.range(e.start, e.end);
  switch (rule) {
    case 9:
    case 10: {
      const name = rhs[0]!.sem as Token;
      const value = rhs[2]!.sem as XluValue | null;
      ctx.store(name, rule === 9 ? "=" : "+=", value, rhs[2]!.line, range(rhs[2]!));
      return undefined;
    }
    case 13: {
      // value: atom → xlu__cfg_string_mk(ctx, $1, &@1)
      const tok = rhs[0]!.sem as Token;
      if (ctx.err) return null;
      return {
        kind: "string",
        value: tok.value,
        number: tok.term === "NUMBER",
        line: rhs[0]!.line,
        range: range(rhs[0]!),
      };
    }
    case 14: {
      // value: '[' nlok valuelist ']' → $3, with the brackets as its range
      const list = rhs[2]!.sem as XluList | null;
      if (!list) return null;
      return { ...list, range: index.range(rhs[0]!.start, rhs[3]!.end) };
    }
    case 15:
    case 16:
      return rhs[0]!.sem;
    case 17:
      // valuelist: empty → xlu__cfg_list_mk(ctx, NULL, &yylloc)
      return ctx.err ? null : listOf([], yyllocLine, index.range(0, 0));
    case 18:
    case 19:
      return rhs[0]!.sem;
    case 20: {
      const v = rhs[0]!.sem as XluValue | null;
      return ctx.err || !v ? null : listOf([v], rhs[0]!.line, range(rhs[0]!));
    }
    case 21: {
      const list = rhs[0]!.sem as XluList | null;
      const v = rhs[3]!.sem as XluValue | null;
      if (!ctx.err && list && v) list.values.push(v);
      return list;
    }
    default:
      return undefined;
  }
}

function listOf(values: XluValue[], line: number, range: CfgRange): XluList {
  return { kind: "list", values, line, range };
}
