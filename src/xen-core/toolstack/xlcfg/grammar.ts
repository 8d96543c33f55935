/**
 * The LALR(1) automaton for tools/libs/util/libxlu_cfg_y.y, states numbered as bison
 * numbers them (compare with `bison --report=state libxlu_cfg_y.y`). xl's messages
 * depend on it: "expecting ..." lists a state's explicit actions, and a state with a
 * default reduction reduces before looking at the token, so an error is often found a
 * state later than one would guess (`memory = 64 64` reduces to `file` first and then
 * says "expecting $end").
 *
 *   file:       stmts | stmts assignment
 *   stmts:      (empty) | stmts stmt
 *   stmt:       assignment endstmt | endstmt | error NEWLINE
 *   assignment: IDENT '=' value | IDENT "+=" value
 *   endstmt:    NEWLINE | ';'
 *   value:      atom | '[' nlok valuelist ']'
 *   atom:       STRING | NUMBER
 *   valuelist:  (empty) | values | values ',' nlok
 *   values:     value nlok | values ',' nlok value nlok
 *   nlok:       (empty) | nlok NEWLINE
 */
import type { Term } from "./lexer";

export type NonTerm =
  | "file"
  | "stmts"
  | "stmt"
  | "assignment"
  | "endstmt"
  | "value"
  | "atom"
  | "valuelist"
  | "values"
  | "nlok";

/** Bison's symbol numbers, for the order of "expecting" lists; `error` is 1. */
export const TERM_NUMBER: Readonly<Record<Term, number>> = {
  $end: 0,
  IDENT: 3,
  STRING: 4,
  NUMBER: 5,
  NEWLINE: 6,
  "+=": 7,
  "=": 8,
  ";": 9,
  "[": 10,
  "]": 11,
  ",": 12,
};

/** yytname after yytnamerr: "+=" loses its double quotes, chars keep their single ones. */
export const TERM_NAME: Readonly<Record<Term, string>> = {
  $end: "$end",
  IDENT: "IDENT",
  STRING: "STRING",
  NUMBER: "NUMBER",
  NEWLINE: "NEWLINE",
  "+=": "+=",
  "=": "'='",
  ";": "';'",
  "[": "'['",
  "]": "']'",
  ",": "','",
};

export interface Rule {
  readonly lhs: NonTerm;
  readonly length: number;
}

/** Rules by bison number (1 is $accept). */
export const RULES: readonly Rule[] = [
  { lhs: "file", length: 0 }, // 0: unused (yydefact 0 means "syntax error")
  { lhs: "file", length: 2 }, // 1: $accept: file $end (never reduced: state 3 accepts)
  { lhs: "file", length: 1 }, // 2: file: stmts
  { lhs: "file", length: 2 }, // 3: file: stmts assignment
  { lhs: "stmts", length: 0 }, // 4
  { lhs: "stmts", length: 2 }, // 5: stmts: stmts stmt
  { lhs: "stmt", length: 2 }, // 6: stmt: assignment endstmt
  { lhs: "stmt", length: 1 }, // 7: stmt: endstmt
  { lhs: "stmt", length: 2 }, // 8: stmt: error NEWLINE
  { lhs: "assignment", length: 3 }, // 9: IDENT '=' value
  { lhs: "assignment", length: 3 }, // 10: IDENT "+=" value
  { lhs: "endstmt", length: 1 }, // 11: NEWLINE
  { lhs: "endstmt", length: 1 }, // 12: ';'
  { lhs: "value", length: 1 }, // 13: atom
  { lhs: "value", length: 4 }, // 14: '[' nlok valuelist ']'
  { lhs: "atom", length: 1 }, // 15: STRING
  { lhs: "atom", length: 1 }, // 16: NUMBER
  { lhs: "valuelist", length: 0 }, // 17
  { lhs: "valuelist", length: 1 }, // 18: values
  { lhs: "valuelist", length: 3 }, // 19: values ',' nlok
  { lhs: "values", length: 2 }, // 20: value nlok
  { lhs: "values", length: 5 }, // 21: values ',' nlok value nlok
  { lhs: "nlok", length: 0 }, // 22
  { lhs: "nlok", length: 2 }, // 23: nlok NEWLINE
];

/** An explicit action: shift to a state, reduce by a rule, or accept. */
export type Action = { readonly shift: number } | { readonly reduce: number } | "accept";

export interface State {
  /**
   * Explicit actions on a lookahead; absent when bison reduces without reading one
   * (yypact is YYPACT_NINF). The "expecting" list of an error is these keys.
   */
  readonly on?: Partial<Readonly<Record<Term, Action>>>;
  /** The state can shift the error token (only `stmts`). */
  readonly onError?: number;
  /** Default reduction (yydefact); undefined = a syntax error. */
  readonly def?: number;
  readonly gotos?: Partial<Readonly<Record<NonTerm, number>>>;
}

const ATOM_START = { STRING: { shift: 15 }, NUMBER: { shift: 16 }, "[": { shift: 17 } } as const;
const LIST_ITEM_START = { ...ATOM_START, NEWLINE: { shift: 22 } } as const;

export const STATES: readonly State[] = [
  /* 0 */ { def: 4, gotos: { file: 1, stmts: 2 } },
  /* 1 */ { on: { $end: { shift: 3 } } },
  /* 2 */ {
    on: { $end: { reduce: 2 }, IDENT: { shift: 5 }, NEWLINE: { shift: 6 }, ";": { shift: 7 } },
    onError: 4,
    gotos: { stmt: 8, assignment: 9, endstmt: 10 },
  },
  /* 3 */ { on: {} }, // accept: handled by the driver when it shifts $end into state 3
  /* 4 */ { on: { NEWLINE: { shift: 11 } } },
  /* 5 */ { on: { "+=": { shift: 12 }, "=": { shift: 13 } } },
  /* 6 */ { def: 11 },
  /* 7 */ { def: 12 },
  /* 8 */ { def: 5 },
  /* 9 */ { on: { NEWLINE: { shift: 6 }, ";": { shift: 7 } }, def: 3, gotos: { endstmt: 14 } },
  /* 10 */ { def: 7 },
  /* 11 */ { def: 8 },
  /* 12 */ { on: ATOM_START, gotos: { value: 18, atom: 19 } },
  /* 13 */ { on: ATOM_START, gotos: { value: 20, atom: 19 } },
  /* 14 */ { def: 6 },
  /* 15 */ { def: 15 },
  /* 16 */ { def: 16 },
  /* 17 */ { def: 22, gotos: { nlok: 21 } },
  /* 18 */ { def: 10 },
  /* 19 */ { def: 13 },
  /* 20 */ { def: 9 },
  /* 21 */ {
    on: LIST_ITEM_START,
    def: 17,
    gotos: { value: 23, atom: 19, valuelist: 24, values: 25 },
  },
  /* 22 */ { def: 23 },
  /* 23 */ { def: 22, gotos: { nlok: 26 } },
  /* 24 */ { on: { "]": { shift: 27 } } },
  /* 25 */ { on: { ",": { shift: 28 } }, def: 18 },
  /* 26 */ { on: { NEWLINE: { shift: 22 } }, def: 20 },
  /* 27 */ { def: 14 },
  /* 28 */ { def: 22, gotos: { nlok: 29 } },
  /* 29 */ { on: LIST_ITEM_START, def: 19, gotos: { value: 30, atom: 19 } },
  /* 30 */ { def: 22, gotos: { nlok: 31 } },
  /* 31 */ { on: { NEWLINE: { shift: 22 } }, def: 21 },
];

/** The state that accepts once $end is shifted into it. */
export const ACCEPT_STATE = 3;

/** yysyntax_error(): "syntax error, unexpected X[, expecting A or B ...]" (at most 4). */
export function syntaxErrorMessage(state: State, lookahead: Term): string {
  const base = `syntax error, unexpected ${TERM_NAME[lookahead]}`;
  if (!state.on) return base;
  const expected = (Object.keys(state.on) as Term[]).sort(
    (a, b) => TERM_NUMBER[a] - TERM_NUMBER[b],
  );
  // YYERROR_VERBOSE_ARGS_MAXIMUM = 5 counts the unexpected token too.
  if (expected.length === 0 || expected.length >= 5) return base;
  return `${base}, expecting ${expected.map((t) => TERM_NAME[t]).join(" or ")}`;
}
