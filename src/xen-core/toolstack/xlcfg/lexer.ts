/**
 * The xl.cfg scanner, tools/libs/util/libxlu_cfg_l.l, with flex's semantics: longest
 * match, first rule on a tie, yylineno counted over every matched newline, yymore()
 * after a character no rule accepts. Rules, in the .l file's order:
 *
 *   [a-z][._0-9a-z]*        IDENT            [0-9][0-9a-fx]*     NUMBER
 *   [ \t]                   skipped          , [ ] += = ;        punctuation
 *   \n|\#.*\n               NEWLINE (a comment needs its newline)
 *   '...' "..."             STRING (no raw newline inside; backslash takes any char)
 *   [+-.():]                likely Python; enter <lexerr>
 *   .                       enter <lexerr>
 *   <lexerr>[^ \t\n]*|[ \t] "lexical error" for the run; back to INITIAL
 *   <lexerr>\n              "lexical error", then NEWLINE
 *
 * Quirks kept on purpose (they are what a real xl prints): `\r` is not whitespace, so
 * a CRLF file gets a lexical error per line; a `#` comment or a stray character on a
 * last line without a newline; a bad character right at the end of the file is dropped
 * silently (flex ends the <lexerr> state at EOF without a match).
 */
import { dequote } from "./dequote";

export type Term =
  "$end" | "IDENT" | "STRING" | "NUMBER" | "NEWLINE" | "+=" | "=" | ";" | "[" | "]" | ",";

export interface Token {
  readonly term: Term;
  /** yytext as the C code sees it (a lexical error's NEWLINE carries the bad text). */
  readonly text: string;
  /** Offsets of the token proper in the source, [start, end). */
  readonly start: number;
  readonly end: number;
  /** yylloc->first_line; undefined for $end (the scanner leaves yylloc alone). */
  readonly line: number | undefined;
  /** STRING: the dequoted text (libxlu keeps numbers as written). */
  readonly value: string;
}

/** What the scanner reports into (libxlu's CfgParseContext). */
export interface LexerSink {
  /** xlu__cfgl_lexicalerror(): the message, with yytext and yylineno at that point. */
  lexicalError(message: string, text: string, start: number, end: number, lineno: number): void;
  /** ctx->likely_python = 1. */
  likelyPython(): void;
  /** ctx->err is set (libxlu stops building values). */
  failed(): boolean;
}

const isLower = (c: number) => c >= 0x61 && c <= 0x7a;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isIdentTail = (c: number) => isLower(c) || isDigit(c) || c === 0x2e || c === 0x5f;
const isNumberTail = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || c === 0x78;
/** [+-.():] (the range +-. is + , - .; a lone ',' is matched by its own earlier rule). */
const PYTHONISH = new Set(["+", "-", ".", "(", ")", ":"]);

export class Lexer {
  private pos = 0;
  /** flex's yylineno: 1 + newlines matched so far. */
  yylineno = 1;
  /** yytext of the last match (at EOF flex leaves the end-of-buffer NUL there). */
  yytext = "";
  yytextStart = 0;
  yytextEnd = 0;
  /** yymore() text left over when the input ended inside <lexerr>. */
  private pendingMore = "";

  constructor(
    readonly src: string,
    private readonly sink: LexerSink,
  ) {}

  /** The next token the parser gets (flex's yylex). */
  next(): Token {
    const s = this.src;
    for (;;) {
      if (this.pos >= s.length) return this.eof();
      const start = this.pos;
      const c = s.charCodeAt(start);
      const ch = s[start]!;
      if (isLower(c)) {
        let end = start + 1;
        while (end < s.length && isIdentTail(s.charCodeAt(end))) end++;
        return this.token("IDENT", start, end);
      }
      if (isDigit(c)) {
        let end = start + 1;
        while (end < s.length && isNumberTail(s.charCodeAt(end))) end++;
        return this.token("NUMBER", start, end);
      }
      if (ch === " " || ch === "\t") {
        this.match(start, start + 1);
        continue;
      }
      if (ch === "+" && s[start + 1] === "=") return this.token("+=", start, start + 2);
      if (ch === "," || ch === "[" || ch === "]" || ch === "=" || ch === ";")
        return this.token(ch, start, start + 1);
      if (ch === "\n") return this.newline(start, start + 1);
      if (ch === "#") {
        const nl = s.indexOf("\n", start);
        if (nl >= 0) return this.newline(start, nl + 1);
      }
      if (ch === "'" || ch === '"') {
        const end = this.stringEnd(start, ch);
        if (end > 0) {
          const tok = this.token("STRING", start, end);
          // xlu__cfgl_dequote() does nothing once ctx->err is set.
          if (this.sink.failed()) return tok;
          return { ...tok, value: dequote(tok.text, (msg) => this.lexError(msg)) };
        }
      }
      if (PYTHONISH.has(ch)) this.sink.likelyPython();
      const tok = this.lexerr(start);
      if (tok) return tok;
    }
  }

  /** End (exclusive) of a quoted string at `start`, or 0 when the rule does not match. */
  private stringEnd(start: number, quote: string): number {
    const s = this.src;
    let i = start + 1;
    while (i < s.length) {
      const ch = s[i]!;
      if (ch === quote) return i + 1;
      if (ch === "\n") return 0;
      if (ch === "\\") {
        if (i + 1 >= s.length || s[i + 1] === "\n") return 0;
        i += 2;
      } else i++;
    }
    return 0;
  }

  /**
   * A character no INITIAL rule takes: <lexerr> accumulates it with what follows
   * (yymore) and reports once. Returns the NEWLINE of the `<lexerr>\n` rule, if that
   * is how it ended.
   */
  private lexerr(start: number): Token | undefined {
    const s = this.src;
    let i = start + 1;
    if (i >= s.length) {
      // EOF inside <lexerr>: no rule matches, flex terminates; nothing is reported, but
      // the yymore() text stays in yytext in front of the end-of-buffer NUL.
      this.match(start, i);
      this.pendingMore = this.yytext;
      return undefined;
    }
    const next = s[i]!;
    if (next === "\n") {
      this.match(start, i + 1);
      this.lexError("lexical error");
      // GOT(NEWLINE): yylloc is yylineno, already past the newline.
      return {
        term: "NEWLINE",
        text: this.yytext,
        start: i,
        end: i + 1,
        line: this.yylineno,
        value: "",
      };
    }
    if (next === " " || next === "\t") i++;
    else while (i < s.length && s[i] !== " " && s[i] !== "\t" && s[i] !== "\n") i++;
    this.match(start, i);
    this.lexError("lexical error");
    return undefined;
  }

  private lexError(message: string): void {
    this.sink.lexicalError(message, this.yytext, this.yytextStart, this.yytextEnd, this.yylineno);
  }

  private match(start: number, end: number): void {
    const text = this.src.slice(start, end);
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.yylineno++;
    this.yytext = text;
    this.yytextStart = start;
    this.yytextEnd = end;
    this.pos = end;
  }

  private token(term: Term, start: number, end: number): Token {
    this.match(start, end);
    return { term, text: this.yytext, start, end, line: this.yylineno, value: this.yytext };
  }

  /** `\n|\#.*\n`: yylloc->first_line = yylineno - 1, the newline's own line. */
  private newline(start: number, end: number): Token {
    this.match(start, end);
    return { term: "NEWLINE", text: this.yytext, start, end, line: this.yylineno - 1, value: "" };
  }

  private eof(): Token {
    this.yytext = `${this.pendingMore}\0`;
    this.yytextStart = this.yytextEnd = this.src.length;
    const at = this.src.length;
    return { term: "$end", text: "\0", start: at, end: at, line: undefined, value: "" };
  }
}
