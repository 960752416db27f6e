// Offline evaluation and generation of `workflows.argoproj.io/rbac-rule` expressions, the way Argo Server
// evaluates them: util/expr/argoexpr/eval.go EvalBool, i.e. `expr.Eval(rule, claims)` in Argo 3.5.0–3.5.4
// (antonmedv/expr 1.15.x, no compile-time environment) and `expr.Compile(rule, expr.Env(claims))` +
// `expr.Run` from 3.5.5 (expr-lang/expr 1.16/1.17, strict), then `result.(bool)`.
//
// Everything below re-implements, in TypeScript, the parts of expr that rules use: the lexer, the parser (with
// its quirks), the type checker, the two optimizer passes that change results (inArray, fold) and the VM
// opcodes, per pinned expr release (see expr-versions.ts). Citations name the expr tag and file the rule was
// read from; "1.15" means every 1.15.x tag Argo pins, and so on. Anything outside that subset is refused as
// `unsupported` rather than guessed; an expression expr rejects is an `error`, as it is for Argo.

import { type ExprFeatures, exprAtLeast, exprVersionOf, featuresOf } from './expr-versions';

// ---------------------------------------------------------------------------------------------------------
// Public types

/** How Argo evaluates rules at an exact Argo release (x.y.z, 3.5.0–4.1.2): from the expr version Argo pins. */
export interface ExprSemantics {
  readonly exprVersion: string; // e.g. 'v1.16.0'
  readonly strict: boolean; // 3.5.5+: expr.Compile(rule, expr.Env(claims)): an unknown name is a compile error
  readonly nilSafeStringOps: boolean; // expr >= v1.16.9: contains/startsWith/endsWith/matches on nil → false
  readonly rawStrings: boolean; // backquote strings (expr >= v1.16.0)
  readonly unicodeBraceEscapes: boolean; // \u{...} (expr >= v1.17.7)
}

export type Value = string | number | boolean | null | readonly Value[] | { readonly [key: string]: Value };

export type RuleOutcome =
  | { readonly kind: 'true' }
  | { readonly kind: 'false' }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'unsupported'; readonly message: string };

/**
 * The claims Argo puts in the rule environment from 3.5.5 (server/auth/types/claims.go JSON tags; `aud`,
 * `nbf`, `iat`, `jti` are never set). A name outside this list is an unknown name in strict mode for every user.
 */
export const ARGO_CLAIM_NAMES = [
  'iss',
  'sub',
  'exp',
  'groups',
  'email',
  'name',
  'preferred_username',
  'service_account_name',
  'service_account_namespace',
] as const;

/** How Argo evaluates rules at an exact Argo release (x.y.z, 3.5.0–4.1.2): from the expr version Argo pins. */
export function semanticsFor(argoRelease: string): ExprSemantics {
  const exprVersion = exprVersionOf(argoRelease);
  if (exprVersion === undefined) {
    throw new RangeError(
      `unknown Argo Workflows release ${JSON.stringify(argoRelease)} (expected x.y.z, 3.5.0–4.1.2)`,
    );
  }
  return {
    exprVersion,
    // Argo v3.5.5 util/expr/argoexpr/eval.go: `expr.Compile(input, expr.Env(env))`; before, `expr.Eval`.
    strict: exprAtLeast(exprVersion, 'v1.16.0'),
    // expr v1.16.9 vm/vm.go OpContains…OpMatches: `if runtime.IsNil(a) || runtime.IsNil(b) { vm.push(false) }`.
    nilSafeStringOps: exprAtLeast(exprVersion, 'v1.16.9'),
    // expr v1.16.0 parser/lexer/state.go root: ``case r == '`': l.scanRawString(r)``.
    rawStrings: exprAtLeast(exprVersion, 'v1.16.0'),
    // expr v1.17.7 parser/lexer/lexer.go scanEscape: `if l.peek() == '{'` (\u{XXXXXX}).
    unicodeBraceEscapes: exprAtLeast(exprVersion, 'v1.17.7'),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Refusals: a compile or run-time error (Argo aborts the lookup) or a construct outside the subset

type Phase = 'compile' | 'run';

class Refusal extends Error {
  constructor(
    readonly kind: 'error' | 'unsupported',
    message: string,
    readonly phase: Phase = 'compile',
  ) {
    super(message);
  }
}

/** A Go panic inside the VM: expr's Run recovers it and returns it as the run-time error. */
const panicked = (message: string) => new Refusal('error', message, 'run');

// ---------------------------------------------------------------------------------------------------------
// Unicode helpers (Go's unicode package as expr's lexer uses it)

const EOF = -1;
const cp = (s: string) => s.codePointAt(0) ?? EOF;

// parser/utils/utils.go (all pinned tags): IsSpace = unicode.IsSpace (the White_Space property),
// IsAlphabetic = '_' | '$' | unicode.IsLetter, IsAlphaNumeric adds unicode.IsDigit (Nd). JS's Unicode tables
// may be one version newer than the Go release Argo was built with; only newly assigned letters differ.
const WHITE_SPACE = /^\p{White_Space}$/u;
const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;
const isSpace = (r: number) => r >= 0 && WHITE_SPACE.test(String.fromCodePoint(r));
const isAlphabetic = (r: number) =>
  r === 0x5f || r === 0x24 || (r >= 0 && LETTER.test(String.fromCodePoint(r)));
const isAlphaNumeric = (r: number) => isAlphabetic(r) || (r >= 0 && DIGIT.test(String.fromCodePoint(r)));

/** utils.IsValidIdentifier: what may follow `.` as a property name when lexed as an operator (`x.in`). */
function isValidIdentifier(s: string): boolean {
  const rs = [...s].map(cp);
  return rs.length > 0 && isAlphabetic(rs[0]) && rs.slice(1).every(isAlphaNumeric);
}

/** Whether a string has no lone surrogate (it then has a UTF-8 encoding, as every Go string here does). */
function isWellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

/**
 * Lone surrogates become U+FFFD, which is what reaches Go: a rule written to YAML as UTF-8, and claims that
 * pass through encoding/json (which decodes an unpaired `\ud800` escape as U+FFFD), never carry one.
 */
function toWellFormed(s: string): string {
  if (isWellFormed(s)) return s;
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    out += ch.length === 1 && c >= 0xd800 && c <= 0xdfff ? '\ufffd' : ch;
  }
  return out;
}

/** utf8.EncodeRune: a surrogate or an out-of-range value becomes U+FFFD. */
const encodeRune = (r: number) => String.fromCodePoint(r >= 0xd800 && r <= 0xdfff ? 0xfffd : r);

/** `%#U` as Go prints it in "unrecognized character" errors. */
function formatRune(r: number): string {
  const hex = `U+${r.toString(16).toUpperCase().padStart(4, '0')}`;
  return /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(String.fromCodePoint(r))
    ? `${hex} '${String.fromCodePoint(r)}'`
    : hex;
}

// ---------------------------------------------------------------------------------------------------------
// Lexer (parser/lexer/{lexer,state,utils}.go). Any lexer error fails compilation whatever the parser would
// have done: up to v1.17.5 Lex runs to the end before parsing, and from v1.17.7 the parser pulls tokens up
// to EOF before it can succeed. So a lexer error is an `error` even after an unsupported construct.

type TokenKind = 'Identifier' | 'Number' | 'String' | 'Bytes' | 'Operator' | 'Bracket' | 'EOF';

interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  /** Offset of the token's first rune. */
  readonly at: number;
}

interface LexFlags {
  readonly rawStrings: boolean;
  readonly unicodeBraceEscapes: boolean;
  readonly features: ExprFeatures;
}

const KEYWORD_OPERATORS = new Set([
  'in',
  'or',
  'and',
  'matches',
  'contains',
  'startsWith',
  'endsWith',
  'let',
  'not',
]);

class Lexer {
  private start = 0;
  private end = 0;
  private atEof = false;
  private readonly tokens: Token[] = [];

  constructor(
    private readonly src: readonly number[],
    private readonly flags: LexFlags,
  ) {}

  /** Runs the state machine (state.go root) to EOF; throws the first error as a compile error. */
  run(): Token[] {
    for (;;) {
      const r = this.next();
      if (r === EOF) {
        this.emit('EOF', '');
        return this.tokens;
      }
      this.lexOne(r);
    }
  }

  private lexOne(r: number): void {
    const f = this.flags.features;
    const ch = String.fromCodePoint(r);
    if (isSpace(r)) {
      this.skip();
      return;
    }
    if (ch === "'" || ch === '"') {
      this.scanString(r);
      this.emit('String', this.unescape(this.word(), false));
      return;
    }
    if (ch === '`' && this.flags.rawStrings) {
      this.scanRawString();
      return;
    }
    // v1.17.8 state.go root: `case (r == 'b' || r == 'B') && (l.peek() == '\'' || l.peek() == '"')`.
    if ((ch === 'b' || ch === 'B') && f.bytesLiterals && (this.peek() === 0x27 || this.peek() === 0x22)) {
      const quote = this.next();
      this.scanString(quote);
      this.unescape(this.word().slice(1), true);
      this.emit('Bytes', this.word());
      return;
    }
    if (r >= 0x30 && r <= 0x39) {
      this.backup();
      this.number();
      return;
    }
    if (ch === '?') {
      this.accept('.?');
      this.emit('Operator');
      return;
    }
    if (ch === '/') {
      this.slash();
      return;
    }
    if (ch === '#') {
      this.pointer();
      return;
    }
    if (ch === '|') {
      this.accept('|');
      this.emit('Operator');
      return;
    }
    if (ch === ':' && f.colonColonToken) {
      this.accept(':');
      this.emit('Operator');
      return;
    }
    if ('([{)]}'.includes(ch)) {
      this.emit('Bracket');
      return;
    }
    if (',;%+-^'.includes(ch) || ch === ':') {
      this.emit('Operator');
      return;
    }
    if ('&!=*<>'.includes(ch)) {
      this.accept('&=*');
      this.emit('Operator');
      return;
    }
    if (ch === '.') {
      this.backup();
      this.dot();
      return;
    }
    if (isAlphaNumeric(r)) {
      this.backup();
      this.identifier();
      return;
    }
    throw this.error(`unrecognized character: ${formatRune(r)}`);
  }

  // lexer.go next/backup (v1.17.7 form): reading past the end returns EOF, and backing up from EOF stays put.
  private next(): number {
    if (this.end >= this.src.length) {
      this.atEof = true;
      return EOF;
    }
    this.atEof = false;
    return this.src[this.end++];
  }

  private peek(): number {
    return this.end < this.src.length ? this.src[this.end] : EOF;
  }

  private backup(): void {
    if (this.atEof) this.atEof = false;
    else if (this.end > 0) this.end--;
  }

  private accept(valid: string): boolean {
    const p = this.peek();
    if (p !== EOF && valid.includes(String.fromCodePoint(p))) {
      this.next();
      return true;
    }
    return false;
  }

  private acceptRun(valid: string): void {
    while (this.accept(valid));
  }

  private word(): string {
    return String.fromCodePoint(...this.src.slice(this.start, this.end));
  }

  private emit(kind: TokenKind, value = this.word()): void {
    this.tokens.push({ kind, value, at: this.start });
    this.start = this.end;
  }

  private skip(): void {
    this.start = this.end;
  }

  private error(message: string): Refusal {
    return new Refusal('error', `${message} ${position(this.src, Math.max(0, this.end - 1))}`);
  }

  // state.go number / lexer scanNumber: digits, an optional fraction (not when `..` follows) and exponent.
  private number(): void {
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    const end = this.end;
    if (this.accept('.')) {
      if (this.peek() === 0x2e) {
        this.end = end;
        this.emit('Number');
        return;
      }
      this.acceptRun(digits);
    }
    if (this.accept('eE')) {
      this.accept('+-');
      this.acceptRun(digits);
    }
    if (isAlphaNumeric(this.peek())) {
      this.next();
      throw this.error(`bad number syntax: ${JSON.stringify(this.word())}`);
    }
    this.emit('Number');
  }

  // state.go dot: `.5` is a number, `..` the range operator, `.` member access.
  private dot(): void {
    this.next();
    if (this.accept('0123456789')) {
      this.backup();
      this.number();
      return;
    }
    this.accept('.');
    this.emit('Operator');
  }

  // state.go identifier. The `not` state that follows "not" emits exactly the tokens this state would emit
  // for the next word (Operator for in/matches/contains/startsWith/endsWith), so it needs no copy here.
  private identifier(): void {
    while (isAlphaNumeric(this.peek())) this.next();
    const w = this.word();
    if (KEYWORD_OPERATORS.has(w)) {
      this.emit('Operator');
      return;
    }
    // v1.17.0 state.go identifier: `case …, "if", "else":` (v1.17.7: unless DisableIfOperator, never set by Argo).
    if ((w === 'if' || w === 'else') && this.flags.features.ifElseAndSequences) {
      this.emit('Operator');
      return;
    }
    this.emit('Identifier');
  }

  private slash(): void {
    if (this.accept('/')) {
      for (let r = this.next(); r !== EOF && r !== 0x0a; r = this.next());
      this.skip();
      return;
    }
    if (this.accept('*')) {
      for (;;) {
        const r = this.next();
        if (r === EOF) throw this.error('unclosed comment');
        if (r === 0x2a && this.accept('/')) break;
      }
      this.skip();
      return;
    }
    this.emit('Operator');
  }

  private pointer(): void {
    this.accept('#');
    this.emit('Operator');
    while (isAlphaNumeric(this.peek())) this.next();
    if (this.end > this.start) this.emit('Identifier');
  }

  // lexer.go scanString: a raw newline or EOF ends the literal with an error; escapes are checked here.
  private scanString(quote: number): void {
    let ch = this.next();
    while (ch !== quote) {
      if (ch === 0x0a || ch === EOF) throw this.error('literal not terminated');
      ch = ch === 0x5c ? this.scanEscape(quote) : this.next();
    }
  }

  // lexer.go scanEscape: \a \b \f \n \r \t \v \\ and only the quote that opened the literal (so "\'" is an
  // error), octal, \x, \u, \U; v1.17.7 adds \u{1–6 hex digits}.
  private scanEscape(quote: number): number {
    const ch = this.next();
    if (ch !== EOF && ('abfnrtv\\'.includes(String.fromCodePoint(ch)) || ch === quote)) return this.next();
    if (ch >= 0x30 && ch <= 0x37) return this.scanDigits(ch, 8, 3);
    if (ch === 0x78) return this.scanDigits(this.next(), 16, 2);
    if (ch === 0x75) {
      if (this.flags.unicodeBraceEscapes && this.peek() === 0x7b) {
        this.next();
        let digits = 0;
        while (this.peek() !== 0x7d) {
          if (digitVal(this.peek()) >= 16 || digits >= 6) throw this.error('invalid char escape');
          this.next();
          digits++;
        }
        if (digits === 0) throw this.error('invalid char escape');
        this.next();
        return this.next();
      }
      return this.scanDigits(this.next(), 16, 4);
    }
    if (ch === 0x55) return this.scanDigits(this.next(), 16, 8);
    throw this.error('invalid char escape');
  }

  private scanDigits(first: number, base: number, n: number): number {
    let ch = first;
    while (n > 0 && digitVal(ch) < base) {
      ch = this.next();
      n--;
    }
    if (n > 0) throw this.error('invalid char escape');
    return ch;
  }

  // v1.16.0 lexer.go scanRawString: the text between backquotes, verbatim (newlines allowed, no escapes);
  // v1.17.7: a doubled backquote inside stands for one.
  private scanRawString(): void {
    const doubling = this.flags.features.rawStringQuoteDoubling;
    for (;;) {
      let ch = this.next();
      while (doubling && ch === 0x60 && this.peek() === 0x60) {
        this.next();
        ch = this.next();
      }
      if (ch === 0x60) break;
      if (ch === EOF) throw this.error('literal not terminated');
    }
    const inner = String.fromCodePoint(...this.src.slice(this.start + 1, this.end - 1));
    this.emit('String', doubling ? inner.replaceAll('``', '`') : inner);
  }

  // lexer/utils.go unescape (and v1.17.8 unescapeBytes): CR and CRLF become LF first, then escapes decode to
  // runes; \x and octal give the rune of that value, a surrogate gives U+FFFD (utf8.EncodeRune).
  private unescape(quoted: string, bytes: boolean): string {
    const inner = [...quoted.replace(/\r\n?/g, '\n')].map(cp).slice(1, -1);
    let out = '';
    for (let i = 0; i < inner.length; i++) {
      const c = inner[i];
      if (c !== 0x5c) {
        out += String.fromCodePoint(c);
        continue;
      }
      const e = String.fromCodePoint(inner[++i]);
      const simple: Record<string, string> = {
        a: '\x07',
        b: '\b',
        f: '\f',
        n: '\n',
        r: '\r',
        t: '\t',
        v: '\v',
      };
      if (e in simple) out += simple[e];
      else if ('\\\'"`?'.includes(e)) out += e;
      else if (e === 'x' || (!bytes && (e === 'u' || e === 'U'))) {
        let hex: string;
        if (e === 'u' && inner[i + 1] === 0x7b) {
          const close = inner.indexOf(0x7d, i);
          hex = String.fromCodePoint(...inner.slice(i + 2, close));
          i = close;
        } else {
          const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
          hex = String.fromCodePoint(...inner.slice(i + 1, i + 1 + n));
          i += n;
        }
        const v = Number.parseInt(hex, 16);
        if (v > 0x10ffff) throw this.error('unable to unescape string');
        out += encodeRune(v);
      } else if (e >= '0' && e <= '3') {
        const v = Number.parseInt(String.fromCodePoint(...inner.slice(i, i + 3)), 8);
        i += 2;
        out += String.fromCodePoint(v);
      } else
        throw this.error(
          e >= '4' && e <= '7' ? 'unable to unescape octal sequence in string' : 'unable to unescape string',
        );
    }
    return out;
  }
}

/** lexer.go digitVal: 16 for anything that is not a hex digit (EOF included). */
function digitVal(ch: number): number {
  if (ch >= 0x30 && ch <= 0x39) return ch - 0x30;
  const lower = ch | 0x20;
  if (ch >= 0 && lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return 16;
}

/** `(line:column)` of a rune offset, both 1-based. */
function position(text: readonly number[], at: number): string {
  let line = 1;
  let col = 1;
  for (let i = 0; i < at && i < text.length; i++) {
    if (text[i] === 0x0a) {
      line++;
      col = 1;
    } else col++;
  }
  return `(${line}:${col})`;
}

function lex(
  rule: string,
  semantics: ExprSemantics,
  features: ExprFeatures,
): { tokens: Token[]; text: number[] } {
  const text = [...rule].map(cp);
  const lexer = new Lexer(text, {
    rawStrings: semantics.rawStrings,
    unicodeBraceEscapes: semantics.unicodeBraceEscapes,
    features,
  });
  return { tokens: lexer.run(), text };
}

// ---------------------------------------------------------------------------------------------------------
// AST and parser (parser/parser.go). Only the nodes of the subset exist; wherever expr's parser would go on
// into a construct outside it, this parser stops with `unsupported`. Elsewhere it follows expr step by step,
// so its syntax errors are expr's.

type Node =
  | { readonly t: 'nil'; readonly at: number }
  | { readonly t: 'bool'; readonly v: boolean; readonly at: number }
  | { readonly t: 'int'; readonly v: bigint; readonly at: number }
  | { readonly t: 'float'; readonly v: number; readonly at: number }
  | { readonly t: 'str'; readonly v: string; readonly at: number }
  | { readonly t: 'ident'; readonly name: string; readonly at: number }
  /** `$env.prop` / `$env?.prop`: member access is in the subset on `$env` only (claims are never maps). */
  | { readonly t: 'member'; readonly prop: string; readonly optional: boolean; readonly at: number }
  | { readonly t: 'not'; readonly node: Node; readonly at: number }
  | { readonly t: 'binary'; readonly op: BinaryOp; readonly l: Node; readonly r: Node; readonly at: number }
  | { readonly t: 'array'; readonly items: readonly Node[]; readonly at: number }
  /** optimizer/in_array.go: `x in ["a", "b"]` becomes a lookup in a map[string]struct{} constant. */
  | { readonly t: 'strset'; readonly values: ReadonlySet<string>; readonly at: number };

type BinaryOp =
  | 'or'
  | '||'
  | 'and'
  | '&&'
  | '=='
  | '!='
  | 'in'
  | 'matches'
  | 'contains'
  | 'startsWith'
  | 'endsWith'
  | '??';

// parser/operator/operator.go (identical in every pinned tag for these operators).
const BINARY: Readonly<Record<string, number>> = {
  '|': 0,
  or: 10,
  '||': 10,
  and: 15,
  '&&': 15,
  '==': 20,
  '!=': 20,
  '<': 20,
  '>': 20,
  '>=': 20,
  '<=': 20,
  in: 20,
  matches: 20,
  contains: 20,
  startsWith: 20,
  endsWith: 20,
  '..': 25,
  '+': 30,
  '-': 30,
  '*': 60,
  '/': 60,
  '%': 60,
  '**': 100,
  '^': 100,
  '??': 500,
};
const UNARY: Readonly<Record<string, number>> = { not: 50, '!': 50, '-': 90, '+': 90 };
const SUBSET_BINARY = new Set<string>([
  'or',
  '||',
  'and',
  '&&',
  '==',
  '!=',
  'in',
  'matches',
  'contains',
  'startsWith',
  'endsWith',
  '??',
]);
const DESCRIBE_OPERATOR: Readonly<Record<string, string>> = {
  '|': 'pipe operator |',
  '..': 'range operator ..',
  '<': 'comparison <',
  '>': 'comparison >',
  '<=': 'comparison <=',
  '>=': 'comparison >=',
};
// v1.16.9 parser/operator/operator.go AllowedNegateSuffix.
const NEGATABLE = new Set(['contains', 'matches', 'startsWith', 'endsWith', 'in']);

const formatToken = (t: Token) => (t.kind === 'EOF' ? 'EOF' : `${t.kind}(${JSON.stringify(t.value)})`);

class Parser {
  private pos = 0;
  private cur: Token;
  /** AST nodes expr would have created so far (v1.17 parser.go checkNodeLimit). */
  private nodes = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly text: readonly number[],
    private readonly f: ExprFeatures,
  ) {
    this.cur = tokens[0];
  }

  /**
   * Counts one node where expr's parser calls createNode/createMemberNode, and fails past the limit with
   * expr's message. Returns the node for chaining.
   */
  private made<T extends Node>(node: T): T {
    this.nodes++;
    if (this.f.maxNodes !== undefined && this.nodes > this.f.maxNodes) {
      throw this.error('compilation failed: expression exceeds maximum allowed nodes');
    }
    return node;
  }

  parse(): Node {
    const node = this.f.ifElseAndSequences ? this.parseSequence() : this.parseExpression(0);
    if (this.cur.kind !== 'EOF') throw this.error(`unexpected token ${formatToken(this.cur)}`);
    return node;
  }

  /** How many AST nodes expr's parser creates for what was parsed. */
  get nodeCount(): number {
    return this.nodes;
  }

  private where(at: number): string {
    return position(this.text, at);
  }

  private error(message: string, token: Token = this.cur): Refusal {
    return new Refusal('error', `${message} ${this.where(token.at)}`);
  }

  private unsupported(what: string, token: Token = this.cur): Refusal {
    return new Refusal(
      'unsupported',
      `${what} at ${this.where(token.at).slice(1, -1)} is outside the expr subset argo-token evaluates`,
    );
  }

  private is(kind: TokenKind, value?: string, t: Token = this.cur): boolean {
    return t.kind === kind && (value === undefined || t.value === value);
  }

  private next(): void {
    this.pos++;
    if (this.pos >= this.tokens.length) throw this.error('unexpected end of expression');
    this.cur = this.tokens[this.pos];
  }

  private expect(kind: TokenKind, value: string): void {
    if (!this.is(kind, value)) throw this.error(`unexpected token ${formatToken(this.cur)}`);
    this.next();
  }

  // v1.17.0 parseSequenceExpression: `a; b` is a sequence; a trailing `;` before EOF is allowed.
  private parseSequence(): Node {
    const first = this.parseExpression(0);
    let count = 1;
    const start = this.cur;
    while (this.is('Operator', ';')) {
      this.next();
      if (this.is('EOF')) break;
      this.parseExpression(0);
      count++;
    }
    if (count > 1) throw this.unsupported('sequence expression ;', start);
    return first;
  }

  private parseExpression(precedence: number): Node {
    if (precedence === 0 && this.is('Operator', 'let')) throw this.unsupported('variable declaration let');
    if (precedence === 0 && this.f.ifElseAndSequences && this.is('Operator', 'if')) {
      throw this.unsupported('if/else expression');
    }
    let left = this.parsePrimary();
    let prevOperator = '';
    let opToken = this.cur;
    while (opToken.kind === 'Operator') {
      let negate = false;
      let notToken = opToken;
      if (opToken.value === 'not') {
        if (this.f.legacyNot) {
          // ≤ v1.16.0: `not` is consumed whatever follows; when no operator that binds tightly enough follows,
          // the loop breaks with the `not` lost (so `true not` is `true`, `a == b not in c` is `(a == b) in c`).
          this.next();
          negate = true;
          notToken = this.cur;
          opToken = this.cur;
        } else {
          // v1.16.9: only a negatable operator may follow; when it binds too weakly the `not` is put back.
          const backup = this.pos;
          this.next();
          if (!NEGATABLE.has(this.cur.value)) throw this.error(`unexpected token ${formatToken(this.cur)}`);
          const p = BINARY[this.cur.value];
          if (!(p !== undefined && p >= precedence)) {
            this.pos = backup;
            this.cur = this.tokens[backup];
            break;
          }
          negate = true;
          notToken = this.cur;
          opToken = this.cur;
        }
      }
      const p = Object.hasOwn(BINARY, opToken.value) ? BINARY[opToken.value] : undefined;
      if (p === undefined || p < precedence) break;
      if (!SUBSET_BINARY.has(opToken.value)) {
        throw this.unsupported(
          DESCRIBE_OPERATOR[opToken.value] ?? `arithmetic operator ${opToken.value}`,
          opToken,
        );
      }
      this.next();
      if (prevOperator === '??' && opToken.value !== '??') {
        throw this.error(
          `Operator (${opToken.value}) and coalesce expressions (??) cannot be mixed. Wrap either by parentheses.`,
          opToken,
        );
      }
      // Every operator of the subset is left-associative: the right side binds one level tighter.
      const right = this.parseExpression(p + 1);
      left = this.made({ t: 'binary', op: opToken.value as BinaryOp, l: left, r: right, at: opToken.at });
      if (negate) left = this.made({ t: 'not', node: left, at: notToken.at });
      prevOperator = opToken.value;
      opToken = this.cur;
    }
    if (precedence === 0 && this.is('Operator', '?')) throw this.unsupported('conditional ?:');
    return left;
  }

  private parsePrimary(): Node {
    const token = this.cur;
    if (token.kind === 'Operator' && Object.hasOwn(UNARY, token.value)) {
      if (token.value === '-' || token.value === '+') throw this.unsupported(`unary ${token.value}`);
      this.next();
      const node = this.parseExpression(UNARY[token.value]);
      return this.parsePostfix(this.made({ t: 'not', node, at: token.at }));
    }
    if (this.is('Bracket', '(')) {
      this.next();
      const node = this.f.ifElseAndSequences ? this.parseSequence() : this.parseExpression(0);
      this.expect('Bracket', ')');
      return this.parsePostfix(node);
    }
    // Predicates are never entered, so `#` and `.` here are errors: ≤ v1.16.9 "cannot use pointer accessor
    // outside closure", v1.17 "unexpected token" from parseSecondary.
    if (this.is('Operator', '#') || this.is('Operator', '.')) {
      throw this.error(
        this.f.ifElseAndSequences
          ? `unexpected token ${formatToken(token)}`
          : 'cannot use pointer accessor outside closure',
      );
    }
    if (this.f.colonColonToken && this.is('Operator', '::')) throw this.unsupported('builtin reference ::');
    return this.parseSecondary();
  }

  private parseSecondary(): Node {
    const token = this.cur;
    switch (token.kind) {
      case 'Identifier': {
        this.next();
        if (token.value === 'true' || token.value === 'false') {
          return this.made({ t: 'bool', v: token.value === 'true', at: token.at });
        }
        if (token.value === 'nil') return this.made({ t: 'nil', at: token.at });
        if (this.is('Bracket', '(')) throw this.unsupported(`function call ${token.value}()`, token);
        return this.parsePostfix(this.made({ t: 'ident', name: token.value, at: token.at }));
      }
      case 'Number':
        this.next();
        return this.made(this.parseNumber(token));
      case 'String': {
        this.next();
        const node: Node = this.made({ t: 'str', v: token.value, at: token.at });
        // ≤ v1.16.0 returns string literals before postfix operators; v1.16.9 lets `'a'.b` through.
        return this.f.stringPostfix ? this.parsePostfix(node) : node;
      }
      case 'Bytes':
        throw this.unsupported('bytes literal');
      default:
        if (this.is('Bracket', '[')) return this.parsePostfix(this.parseArray());
        if (this.is('Bracket', '{')) throw this.unsupported('map literal {…}');
        throw this.error(`unexpected token ${formatToken(token)}`);
    }
  }

  // parseSecondary `case Number`: "_" removed, then ParseInt (base 10, int64) or ParseFloat for ".", "e".
  private parseNumber(token: Token): Node {
    const value = token.value.replaceAll('_', '');
    if (/^\.?0[xXoObB]/.test(value)) throw this.unsupported(`number literal ${token.value}`, token);
    if (!/[.eE]/.test(value)) {
      const n = BigInt(value);
      if (n > 9223372036854775807n) {
        throw this.error(
          `invalid integer literal: strconv.ParseInt: parsing ${JSON.stringify(value)}: value out of range`,
          token,
        );
      }
      return { t: 'int', v: n, at: token.at };
    }
    const m = /^(\d*)(?:\.(\d*))?(?:[eE][+-]?(\d*))?$/.exec(value);
    const valid = m !== null && `${m[1]}${m[2] ?? ''}` !== '' && (!/[eE]/.test(value) || (m[3] ?? '') !== '');
    if (!valid) {
      throw this.error(
        `invalid float literal: strconv.ParseFloat: parsing ${JSON.stringify(value)}: invalid syntax`,
        token,
      );
    }
    const v = Number(value);
    if (!Number.isFinite(v)) {
      throw this.error(
        `invalid float literal: strconv.ParseFloat: parsing ${JSON.stringify(value)}: value out of range`,
        token,
      );
    }
    return { t: 'float', v, at: token.at };
  }

  // parseArrayExpression: a trailing comma is allowed.
  private parseArray(): Node {
    const open = this.cur;
    this.expect('Bracket', '[');
    const items: Node[] = [];
    while (!this.is('Bracket', ']')) {
      if (items.length > 0) {
        this.expect('Operator', ',');
        if (this.is('Bracket', ']')) break;
      }
      items.push(this.parseExpression(0));
    }
    this.expect('Bracket', ']');
    return this.made({ t: 'array', items, at: open.at });
  }

  private parsePostfix(node: Node): Node {
    let postfix = this.cur;
    while (postfix.kind === 'Operator' || postfix.kind === 'Bracket') {
      if (postfix.value === '.' || postfix.value === '?.') {
        const optional = postfix.value === '?.';
        this.next();
        const property = this.cur;
        if (optional && this.is('Bracket', '[') && this.f.optionalIndex)
          throw this.unsupported('optional index ?.[…]');
        this.next();
        if (
          property.kind !== 'Identifier' &&
          !(property.kind === 'Operator' && isValidIdentifier(property.value))
        ) {
          throw this.error('expected name');
        }
        if (this.is('Bracket', '(')) throw this.unsupported(`method call .${property.value}()`, property);
        if (!(node.t === 'ident' && node.name === '$env')) {
          throw this.unsupported(`member access .${property.value} on anything but $env`, property);
        }
        // The property's StringNode, the MemberNode and, for `?.`, a ChainNode.
        this.made({ t: 'str', v: property.value, at: property.at });
        node = this.made({ t: 'member', prop: property.value, optional, at: property.at });
        if (optional) this.made(node);
      } else if (postfix.value === '[') {
        throw this.unsupported('index or slice […]', postfix);
      } else break;
      postfix = this.cur;
    }
    return node;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Go values as the VM sees them: claims arrive through encoding/json (numbers are float64, arrays []any,
// objects map[string]any); literals are int, float64, string, bool or nil.

type GoInt = bigint;
type GoValue = null | boolean | string | GoInt | number | readonly GoValue[] | GoMap;

class GoMap {
  constructor(readonly entries: ReadonlyMap<string, GoValue>) {}
}

function fromJson(value: Value): GoValue {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'string') return toWellFormed(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new Refusal('unsupported', 'a claim that is not a finite number has no JSON form');
    return value;
  }
  if (Array.isArray(value)) return (value as readonly Value[]).map(fromJson);
  return new GoMap(
    new Map(Object.entries(value as Record<string, Value>).map(([k, v]) => [toWellFormed(k), fromJson(v)])),
  );
}

/** The Go type name `%T` prints, for run-time error messages. */
function goType(v: GoValue): string {
  if (v === null) return '<nil>';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float64';
  if (v instanceof GoMap) return 'map[string]interface {}';
  return '[]interface {}';
}

/** `%s`/`%v`-like rendering for messages. */
function goFormat(v: GoValue): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof GoMap) return `map[${[...v.entries].map(([k, x]) => `${k}:${goFormat(x)}`).join(' ')}]`;
  return `[${v.map(goFormat).join(' ')}]`;
}

const isNumber = (v: GoValue): v is bigint | number => typeof v === 'bigint' || typeof v === 'number';

/**
 * vm/runtime Equal: numbers compare by value across int and float64 (`float64(x) == float64(y)`), strings
 * by bytes; from v1.16.9 two []any compare element by element with Equal (helpers[generated].go); both nil
 * is true; everything else is reflect.DeepEqual (so before v1.16.9 `[1] == [1.0]` is false).
 */
function goEqual(a: GoValue, b: GoValue, f: ExprFeatures): boolean {
  if (isNumber(a) && isNumber(b)) return typeof a === typeof b ? a === b : Number(a) === Number(b);
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  if (f.elementwiseArrayEqual && Array.isArray(a) && Array.isArray(b)) {
    const x = a as readonly GoValue[];
    const y = b as readonly GoValue[];
    return x.length === y.length && x.every((e, i) => goEqual(e, y[i], f));
  }
  if (a === null && b === null) return true;
  return deepEqual(a, b);
}

/** reflect.DeepEqual on JSON-shaped values: dynamic types must match exactly (int is not float64). */
function deepEqual(a: GoValue, b: GoValue): boolean {
  if (a === null || b === null) return a === b;
  if (a instanceof GoMap || b instanceof GoMap) {
    if (!(a instanceof GoMap && b instanceof GoMap) || a.entries.size !== b.entries.size) return false;
    for (const [k, v] of a.entries) {
      const w = b.entries.get(k);
      if (w === undefined || !deepEqual(v, w)) return false;
    }
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!(Array.isArray(a) && Array.isArray(b))) return false;
    const x = a as readonly GoValue[];
    const y = b as readonly GoValue[];
    return x.length === y.length && x.every((e, i) => deepEqual(e, y[i]));
  }
  return typeof a === typeof b && a === b;
}

// ---------------------------------------------------------------------------------------------------------
// Go regexp (RE2 syntax, regexp/syntax Perl flags) → JS RegExp, only where both mean the same. Go's parser is
// followed for validity (errors are errors in every Go release Argo is built with); constructs JS reads
// differently, or that some Go releases accept and others reject, are refused. A match exists in Go iff it
// exists in JS for the translated pattern: leftmost-first vs backtracking order does not change existence.
// Unlike RE2, V8 backtracks: a pathological pattern (`(a+)+$`) can be slow on a long claim; none is refused.

type RegexOutcome =
  | { readonly kind: 'ok'; readonly re: RegExp }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'unsupported'; readonly message: string };

const regexCache = new Map<string, RegexOutcome>();

function goRegexp(pattern: string): RegexOutcome {
  let found = regexCache.get(pattern);
  if (found === undefined) {
    found = translateRegexp(pattern);
    regexCache.set(pattern, found);
  }
  return found;
}

class RegexError extends Error {}

const PERL_CLASSES: Readonly<Record<string, readonly (readonly [number, number])[]>> = {
  // regexp/syntax/perl_groups.go: \d [0-9], \s [\t\n\f\r ], \w [0-9A-Za-z_] — ASCII only, unlike JS's \s.
  d: [[0x30, 0x39]],
  s: [
    [0x09, 0x0a],
    [0x0c, 0x0d],
    [0x20, 0x20],
  ],
  w: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x5f, 0x5f],
    [0x61, 0x7a],
  ],
};
// perl_groups.go posixGroup: [:name:] and [:^name:], ASCII only.
const POSIX_CLASSES: Readonly<Record<string, readonly (readonly [number, number])[]>> = {
  alnum: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  alpha: [
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  ascii: [[0x00, 0x7f]],
  blank: [
    [0x09, 0x09],
    [0x20, 0x20],
  ],
  cntrl: [
    [0x00, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ],
  space: [
    [0x09, 0x0d],
    [0x20, 0x20],
  ],
  upper: [[0x41, 0x5a]],
  word: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x5f, 0x5f],
    [0x61, 0x7a],
  ],
  xdigit: [
    [0x30, 0x39],
    [0x41, 0x46],
    [0x61, 0x66],
  ],
};

const jsChar = (c: number) =>
  /^[0-9A-Za-z]$/.test(String.fromCodePoint(c)) ? String.fromCodePoint(c) : `\\u{${c.toString(16)}}`;
const jsRanges = (ranges: readonly (readonly [number, number])[]) =>
  ranges.map(([lo, hi]) => (lo === hi ? jsChar(lo) : `${jsChar(lo)}-${jsChar(hi)}`)).join('');
function complement(ranges: readonly (readonly [number, number])[]): [number, number][] {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of ranges) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= 0x10ffff) out.push([next, 0x10ffff]);
  return out;
}

function translateRegexp(pattern: string): RegexOutcome {
  const s = [...pattern].map(cp);
  let i = 0;
  let foldCase = false;
  let dotNL = false;
  let refused: string | undefined;
  const refuse = (what: string) => {
    refused ??= what;
  };
  const fail = (what: string): never => {
    throw new RegexError(`error parsing regexp: ${what}`);
  };
  const text = (from: number, to = i) => String.fromCodePoint(...s.slice(from, to));
  // A named group inside […]; a negated one is emitted as its complement. Go folds case before negating
  // (parse.go appendGroup), JS after, so under (?i) they differ (JS lets `s` into the complement of \w via ſ).
  const groupItems = (ranges: readonly (readonly [number, number])[], negated: boolean, name: string) => {
    if (!negated) return jsRanges(ranges);
    if (foldCase) refuse(`negated class ${name} inside […] with (?i)`);
    return jsRanges(complement(ranges));
  };

  // A leading (?i), (?s) or (?is) applies to the whole pattern: the one flag form translated (JS flag i, `.`).
  const lead = /^\(\?([is]+)\)/.exec(pattern);
  if (lead) {
    foldCase = lead[1].includes('i');
    dotNL = lead[1].includes('s');
    i = lead[0].length;
  }

  /** What a repetition operator would apply to (regexp/syntax parse.go repeat: the top of the stack). */
  let last: 'none' | 'atom' | 'assertion' | 'repeated' = 'none';
  let lastWasRepeat = false;
  let out = '';

  // parse.go parseEscape: the escapes valid both in and out of classes; returns the rune.
  const parseEscape = (): number => {
    const start = i;
    i++;
    if (i >= s.length) fail('trailing backslash at end of expression: ``');
    const c = s[i++];
    const ch = String.fromCodePoint(c);
    if (c < 0x80 && !/[0-9A-Za-z]/.test(ch)) return c;
    const octal = (d: number | undefined) => d !== undefined && d >= 0x30 && d <= 0x37;
    if ((ch >= '1' && ch <= '7' && octal(s[i])) || ch === '0') {
      let r = c - 0x30;
      for (let k = 1; k < 3 && octal(s[i]); k++) r = r * 8 + s[i++] - 0x30;
      return r;
    }
    if (ch === 'x' && i < s.length) {
      if (s[i] === 0x7b) {
        i++;
        let r = 0;
        let n = 0;
        while (i < s.length && s[i] !== 0x7d) {
          const v = digitVal(s[i]);
          if (v >= 16) fail(`invalid escape sequence: \`${text(start)}\``);
          r = r * 16 + v;
          if (r > 0x10ffff) fail(`invalid escape sequence: \`${text(start)}\``);
          i++;
          n++;
        }
        if (i >= s.length || n === 0) fail(`invalid escape sequence: \`${text(start)}\``);
        i++;
        return r;
      }
      const x = digitVal(s[i] ?? EOF);
      const y = digitVal(s[i + 1] ?? EOF);
      i += 2;
      if (x < 16 && y < 16) return x * 16 + y;
    }
    const control: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
    if (ch in control) return control[ch];
    // \1–\9 (back-references), \k, \Z, \b inside classes and every other letter: Go rejects them.
    return fail(`invalid escape sequence: \`${text(start, Math.min(i, s.length))}\``);
  };

  // \p{…}/\pL: Go's Unicode tables and JS's property names differ; an unterminated brace is an error.
  const unicodeClass = (): void => {
    const start = i;
    i += 2;
    if (s[i] === 0x7b) {
      const close = s.indexOf(0x7d, i);
      if (close < 0) fail(`invalid character class range: \`${text(start, s.length)}\``);
      i = close + 1;
    } else i++;
    refuse(`Unicode class ${text(start)} in a regular expression`);
  };

  const parseClass = (): string => {
    const start = i;
    i++;
    let negated = false;
    if (s[i] === 0x5e) {
      negated = true;
      i++;
    }
    let items = '';
    let first = true;
    while (i >= s.length || s[i] !== 0x5d || first) {
      if (i >= s.length) fail(`missing closing ]: \`${text(start, s.length)}\``);
      first = false;
      // parse.go parseNamedClass: `[:name:]` when a `:]` follows; an unknown name is an error.
      if (s[i] === 0x5b && s[i + 1] === 0x3a) {
        let close = -1;
        for (let k = i + 2; k + 1 < s.length; k++) {
          if (s[k] === 0x3a && s[k + 1] === 0x5d) {
            close = k;
            break;
          }
        }
        if (close >= 0) {
          const name = text(i, close + 2);
          const negatedName = name.startsWith('[:^');
          const key = name.slice(negatedName ? 3 : 2, -2);
          if (!Object.hasOwn(POSIX_CLASSES, key)) fail(`invalid character class range: \`${name}\``);
          items += groupItems(POSIX_CLASSES[key], negatedName, name);
          i = close + 2;
          continue;
        }
      }
      if (s[i] === 0x5c && (s[i + 1] === 0x70 || s[i + 1] === 0x50)) {
        unicodeClass();
        continue;
      }
      const perl = s[i] === 0x5c && i + 1 < s.length ? String.fromCodePoint(s[i + 1]) : '';
      if ('dswDSW'.includes(perl) && perl !== '') {
        items += groupItems(PERL_CLASSES[perl.toLowerCase()], perl !== perl.toLowerCase(), `\\${perl}`);
        i += 2;
        continue;
      }
      const classChar = (): number => {
        if (i >= s.length) fail(`missing closing ]: \`${text(start, s.length)}\``);
        return s[i] === 0x5c ? parseEscape() : s[i++];
      };
      const rangeStart = i;
      const lo = classChar();
      let hi = lo;
      if (s.length - i >= 2 && s[i] === 0x2d && s[i + 1] !== 0x5d) {
        i++;
        hi = classChar();
        if (hi < lo) fail(`invalid character class range: \`${text(rangeStart)}\``);
      }
      items += lo === hi ? jsChar(lo) : `${jsChar(lo)}-${jsChar(hi)}`;
    }
    i++;
    return `[${negated ? '^' : ''}${items}]`;
  };

  // Where the item a repetition would apply to starts in `out`, and where the open groups start.
  let lastStart = 0;
  const groupStarts: number[] = [];
  const emit = (js: string, kind: 'atom' | 'assertion') => {
    lastStart = out.length;
    out += js;
    last = kind;
  };
  const openGroup = () => {
    groupStarts.push(out.length);
    out += '(?:';
    last = 'none';
  };

  const repeat = (op: string, from: number): void => {
    if (s[i] === 0x3f) {
      op += '?';
      i++;
    }
    if (lastWasRepeat) fail(`invalid nested repetition operator: \`${text(from)}\``);
    if (last === 'none') fail(`missing argument to repetition operator: \`${text(from)}\``);
    // Go repeats an assertion (`^*`) or, after `\Q\E`, a repetition (`a*\Q\E*`); JS needs a group around it.
    if (last === 'assertion' || last === 'repeated')
      out = `${out.slice(0, lastStart)}(?:${out.slice(lastStart)})`;
    last = 'repeated';
    out += op;
  };

  try {
    while (i < s.length) {
      const c = String.fromCodePoint(s[i]);
      let isRepeat = false;
      if (c === '(') {
        if (s[i + 1] === 0x3f && s[i + 2] !== 0x3a) {
          parsePerlGroup();
        } else {
          i += s[i + 1] === 0x3f ? 3 : 1;
          openGroup();
        }
      } else if (c === ')') {
        const groupStart = groupStarts.pop();
        if (groupStart === undefined) fail(`unexpected ): \`${pattern}\``);
        out += ')';
        last = 'atom';
        lastStart = groupStart ?? 0;
        i++;
      } else if (c === '|') {
        out += '|';
        last = 'none';
        i++;
      } else if (c === '^' || c === '$') {
        // Go's Perl flags include OneLine: ^ and $ are start and end of text, as in JS without the m flag.
        emit(c, 'assertion');
        i++;
      } else if (c === '.') {
        // Without (?s) Go's `.` excludes only \n; JS's also excludes \r, U+2028 and U+2029.
        emit(dotNL ? '[^]' : '[^\\n]', 'atom');
        i++;
      } else if (c === '[') {
        const from = out.length;
        out += parseClass();
        lastStart = from;
        last = 'atom';
      } else if (c === '*' || c === '+' || c === '?') {
        const from = i++;
        repeat(c, from);
        isRepeat = true;
      } else if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(String.fromCodePoint(...s.slice(i, i + 24)));
        // parse.go parseInt: no leading zeros, else `{` is a literal (JS would read {01} as a repeat).
        const lz = (d: string | undefined) => d !== undefined && d.length > 1 && d.startsWith('0');
        if (m === null || lz(m[1]) || lz(m[3])) {
          emit(jsChar(0x7b), 'atom');
          i++;
        } else {
          const from = i;
          i += [...m[0]].length;
          const min = Number(m[1]);
          const max = m[2] === undefined ? min : m[3] === '' ? -1 : Number(m[3]);
          if (min > 1000 || max > 1000 || (max >= 0 && min > max)) fail(`invalid repeat count: \`${m[0]}\``);
          repeat(m[2] === undefined ? `{${min}}` : max < 0 ? `{${min},}` : `{${min},${max}}`, from);
          isRepeat = true;
        }
      } else if (c === '\\') {
        escapeOutsideClass();
      } else {
        emit(jsChar(s[i++]), 'atom');
      }
      lastWasRepeat = isRepeat;
    }
    if (groupStarts.length > 0) fail(`missing closing ): \`${pattern}\``);
  } catch (e) {
    if (e instanceof RegexError) return { kind: 'error', message: e.message };
    throw e;
  }
  if (refused !== undefined) return { kind: 'unsupported', message: refused };
  try {
    return { kind: 'ok', re: new RegExp(out, foldCase ? 'iu' : 'u') };
  } catch {
    return {
      kind: 'unsupported',
      message: `regular expression ${JSON.stringify(pattern)} has no JS equivalent`,
    };
  }

  function escapeOutsideClass(): void {
    const d = i + 1 < s.length ? String.fromCodePoint(s[i + 1]) : '';
    if (d === 'A' || d === 'z') {
      emit(d === 'A' ? '^' : '$', 'assertion');
      i += 2;
    } else if (d === 'b' || d === 'B') {
      // Go's \b is ASCII-only even under (?i); JS's \b under the i and u flags also counts ſ and K (U+212A).
      if (foldCase) refuse(`\\${d} with (?i) in a regular expression`);
      emit(`\\${d}`, 'assertion');
      i += 2;
    } else if (d === 'C') {
      fail('invalid escape sequence: `\\C`');
    } else if (d === 'Q') {
      i += 2;
      while (i < s.length && !(s[i] === 0x5c && s[i + 1] === 0x45)) {
        emit(jsChar(s[i++]), 'atom');
      }
      if (i < s.length) i += 2;
    } else if (d === 'p' || d === 'P') {
      unicodeClass();
      last = 'atom';
    } else if (d !== '' && 'dswDSW'.includes(d)) {
      emit(`[${d === d.toLowerCase() ? '' : '^'}${jsRanges(PERL_CLASSES[d.toLowerCase()])}]`, 'atom');
      i += 2;
    } else {
      emit(jsChar(parseEscape()), 'atom');
    }
  }

  // parse.go parsePerlFlags: (?P<name>…), flags (?imsU-imsU) and (?flags:…). Only the leading flags are
  // translated; the rest is checked for Go's errors and refused. (?<name>…) is accepted from Go 1.22 only.
  function parsePerlGroup(): void {
    const start = i;
    const rest = String.fromCodePoint(...s.slice(i));
    if (rest.startsWith('(?P<') || rest.startsWith('(?<')) {
      const close = rest.indexOf('>');
      const name = close < 0 ? '' : rest.slice(rest.indexOf('<') + 1, close);
      if (close < 0 || !/^[0-9A-Za-z_]+$/.test(name)) {
        fail(`invalid named capture: \`${close < 0 ? rest : rest.slice(0, close + 1)}\``);
      }
      // (?P<name>…) is a group in every Go release (the name does not change what matches); (?<name>…) is
      // accepted from Go 1.22 only, so whether it compiles depends on the Go release Argo was built with.
      if (!rest.startsWith('(?P<')) refuse('named group (?<…>…), which only Go 1.22+ accepts,');
      i += [...rest.slice(0, close + 1)].length;
      openGroup();
      return;
    }
    i += 2;
    let negated = false;
    let sawFlag = false;
    while (i < s.length) {
      const c = String.fromCodePoint(s[i++]);
      if ('imsU'.includes(c)) {
        sawFlag = true;
      } else if (c === '-' && !negated) {
        negated = true;
        sawFlag = false;
      } else if ((c === ':' || c === ')') && !(negated && !sawFlag)) {
        refuse(`flags ${text(start)} in a regular expression (only a leading (?i) or (?s) is translated)`);
        if (c === ':') openGroup();
        return;
      } else break;
    }
    fail(`invalid or unsupported Perl syntax: \`${text(start, Math.min(i, s.length))}\``);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Type checker (checker/checker.go; v1.17 checker/nature). Types are those of the subset's values. `any` is
// expr's interface{} / unknown nature; `nil` is the untyped nil of a `nil` literal or a null claim.

type Ty =
  | { readonly k: 'any' }
  | { readonly k: 'nil' }
  | { readonly k: 'bool' }
  | { readonly k: 'int' }
  | { readonly k: 'float' }
  | { readonly k: 'string' }
  /** `elem`: v1.17 ArrayOf nature of an array literal; absent for []any of unknown elements. */
  | { readonly k: 'array'; readonly elem?: Ty }
  | { readonly k: 'map' };

const ANY: Ty = { k: 'any' };
const NIL: Ty = { k: 'nil' };
const BOOL: Ty = { k: 'bool' };
const STRING: Ty = { k: 'string' };
const ARRAY: Ty = { k: 'array' };
const MAP: Ty = { k: 'map' };

function typeOfValue(v: GoValue): Ty {
  if (v === null) return NIL;
  if (typeof v === 'boolean') return BOOL;
  if (typeof v === 'string') return STRING;
  if (typeof v === 'bigint') return { k: 'int' };
  if (typeof v === 'number') return { k: 'float' };
  return v instanceof GoMap ? MAP : ARRAY;
}

function typeName(t: Ty, nature: boolean): string {
  switch (t.k) {
    case 'any':
      return nature ? 'unknown' : 'interface {}';
    case 'nil':
      return nature ? 'nil' : '<nil>';
    case 'int':
      return 'int';
    case 'float':
      return 'float64';
    case 'array':
      return '[]interface {}';
    case 'map':
      return 'map[string]interface {}';
    default:
      return t.k;
  }
}

const isNumberType = (t: Ty) => t.k === 'int' || t.k === 'float';

/**
 * isComparable (types.go, nature ComparableTo): nil or unknown on either side, numbers with numbers, or the
 * same kind. The reflect and nature versions agree on every type the subset produces.
 */
const comparable = (l: Ty, r: Ty) =>
  l.k === 'any' ||
  r.k === 'any' ||
  l.k === 'nil' ||
  r.k === 'nil' ||
  (isNumberType(l) && isNumberType(r)) ||
  l.k === r.k;

/** `or(l, r, fns…)` (types.go) / MaybeCompatible (nature): unknown with unknown, or unknown with a match. */
const maybe = (l: Ty, r: Ty, ok: (t: Ty) => boolean) =>
  (l.k === 'any' && r.k === 'any') || (l.k === 'any' && ok(r)) || (r.k === 'any' && ok(l));

interface Checked {
  readonly ty: Ty;
  /** reflect checker info.elem: the common type of an array literal's elements (v1.15.3–v1.16.9). */
  readonly elem?: Ty;
}

class Checker {
  private readonly nature: boolean;

  constructor(
    private readonly f: ExprFeatures,
    private readonly semantics: ExprSemantics,
    /** The names and types the compile-time environment declares (strict mode only). */
    private readonly env: ReadonlyMap<string, Ty> | undefined,
    private readonly text: readonly number[],
  ) {
    this.nature = f.checker === 'nature';
  }

  private error(node: Node, message: string): Refusal {
    return new Refusal('error', `${message} ${position(this.text, node.at)}`);
  }

  visit(node: Node): Checked {
    switch (node.t) {
      case 'nil':
        return { ty: NIL };
      case 'bool':
        return { ty: BOOL };
      case 'int':
        return { ty: { k: 'int' } };
      case 'float':
        return { ty: { k: 'float' } };
      case 'str':
        return { ty: STRING };
      case 'strset':
        return { ty: MAP };
      case 'ident':
        return { ty: this.identifier(node) };
      case 'member':
        return { ty: this.member(node) };
      case 'not': {
        const t = this.visit(node.node).ty;
        // UnaryNode: `!`/`not` need a bool or an unknown operand.
        if (t.k === 'bool' || t.k === 'any') return { ty: BOOL };
        throw this.error(node, `invalid operation: not (mismatched type ${typeName(t, this.nature)})`);
      }
      case 'array':
        return this.array(node.items);
      case 'binary':
        return { ty: this.binary(node) };
    }
  }

  // IdentifierNode: `$env` is map[string]any up to v1.16 and of unknown nature from v1.17. Up to v1.15 the
  // builtins are looked up before the environment (v1.15.2 checker.go IdentifierNode), later after it
  // (v1.16.0 checker.go ident). A name that is neither is "unknown name" in strict mode, else interface{}.
  private identifier(node: Node & { t: 'ident' }): Ty {
    if (node.name === '$env') return this.nature ? ANY : MAP;
    const fromEnv = this.env?.get(node.name);
    const builtin = this.f.builtins.has(node.name);
    if (builtin && (this.f.checker === 'reflect-1.15' || fromEnv === undefined)) {
      throw new Refusal(
        'unsupported',
        `the builtin function ${node.name} used as a value at ${position(this.text, node.at).slice(1, -1)} is outside the expr subset argo-token evaluates`,
      );
    }
    if (fromEnv !== undefined) return fromEnv;
    if (this.semantics.strict) throw this.error(node, `unknown name ${node.name}`);
    return ANY;
  }

  // MemberNode on $env: the environment's type of the key; strict mode rejects an unknown key unless the
  // access is optional (v1.16.0 checker.go MemberNode: `if node.Optional { strict = false }`). v1.15 never
  // rejects (v1.15.2 checker.go MemberNode: "No error if no type found"); v1.15.5 looks builtins up first.
  private member(node: Node & { t: 'member' }): Ty {
    const fromEnv = this.env?.get(node.prop);
    if (this.f.checker === 'reflect-1.15') {
      if (this.f.builtins.has(node.prop)) {
        throw new Refusal(
          'unsupported',
          `$env.${node.prop} names a builtin function; outside the expr subset argo-token evaluates`,
        );
      }
      return fromEnv ?? ANY;
    }
    if (fromEnv !== undefined) return fromEnv;
    if (this.semantics.strict && !node.optional) throw this.error(node, `unknown name ${node.prop}`);
    return ANY;
  }

  // ArrayNode: v1.15.3+ records the elements' type when all share a kind (info.elem; a nil element breaks
  // it); v1.17 does the same as the array's ArrayOf nature, where nil and unknown share the kind Invalid.
  private array(items: readonly Node[]): Checked {
    const types = items.map((n) => this.visit(n).ty);
    if (this.nature) {
      const kind = (t: Ty) => (t.k === 'any' || t.k === 'nil' ? 'invalid' : t.k);
      const same = types.every((t) => kind(t) === kind(types[0]));
      return { ty: same ? { k: 'array', elem: types[types.length - 1] ?? ANY } : ARRAY };
    }
    const same = types.length > 0 && types.every((t) => t.k !== 'nil' && t.k === types[0].k);
    return { ty: ARRAY, elem: same ? types[types.length - 1] : undefined };
  }

  // BinaryNode: both sides first (their errors come first), then the operator's rule.
  private binary(node: Node & { t: 'binary' }): Ty {
    const left = this.visit(node.l);
    const right = this.visit(node.r);
    const l = left.ty;
    const r = right.ty;
    const mismatch = () =>
      this.error(
        node,
        `invalid operation: ${node.op} (mismatched types ${typeName(l, this.nature)} and ${typeName(r, this.nature)})`,
      );
    switch (node.op) {
      case '==':
      case '!=':
        if (comparable(l, r)) return BOOL;
        throw mismatch();
      case 'or':
      case '||':
      case 'and':
      case '&&':
        if ((l.k === 'bool' && r.k === 'bool') || maybe(l, r, (t) => t.k === 'bool')) return BOOL;
        throw mismatch();
      case 'in':
        return this.inOperator(node, l, r, right.elem, mismatch);
      case 'matches':
        // The checker compiles a literal pattern: an invalid one fails compilation (v1.15.2–v1.17.8
        // checker.go BinaryNode `case "matches"`: `regexp.Compile(s.Value)`).
        if (node.r.t === 'str') {
          const re = goRegexp(node.r.v);
          if (re.kind === 'error') throw this.error(node, re.message);
          if (re.kind === 'unsupported') {
            throw new Refusal(
              'unsupported',
              `${re.message} at ${position(this.text, node.r.at).slice(1, -1)} is outside what argo-token evaluates`,
            );
          }
        }
        if ((l.k === 'string' && r.k === 'string') || maybe(l, r, (t) => t.k === 'string')) return BOOL;
        throw mismatch();
      case 'contains':
      case 'startsWith':
      case 'endsWith':
        if ((l.k === 'string' && r.k === 'string') || maybe(l, r, (t) => t.k === 'string')) return BOOL;
        throw mismatch();
      case '??':
        return this.coalesce(l, r);
    }
  }

  // `case "in"`: a map needs a string key (reflect: nil passes; nature: nil fails), an array needs an
  // element comparable with the left side, and unknown types pass.
  private inOperator(node: Node, l: Ty, r: Ty, rightElem: Ty | undefined, mismatch: () => Refusal): Ty {
    const name = (t: Ty) => typeName(t, this.nature);
    if (r.k === 'map') {
      if (!this.nature && l.k === 'nil') return BOOL;
      if (l.k !== 'any' && l.k !== 'string')
        throw this.error(node, `cannot use ${name(l)} as type string in map key`);
      return BOOL;
    }
    if (r.k === 'array') {
      if (this.nature) {
        const elem = r.elem ?? ANY;
        if (!comparable(l, elem))
          throw this.error(node, `cannot use ${name(l)} as type ${name(elem)} in array`);
        return BOOL;
      }
      if (l.k === 'nil') return BOOL;
      if (this.f.arrayElemCheck && rightElem !== undefined && !comparable(l, rightElem)) {
        throw this.error(node, `cannot use ${name(l)} as type ${name(rightElem)} in array`);
      }
      return BOOL;
    }
    // (`isAny(l) && anyOf(r, isString, isArray, isMap)`: arrays and maps returned above.)
    if (l.k === 'any' && r.k === 'string') return BOOL;
    if (r.k === 'any') return BOOL;
    throw mismatch();
  }

  // `case "??"`: the non-nil side's type; the left side's when the right is assignable to it, else unknown.
  private coalesce(l: Ty, r: Ty): Ty {
    if (l.k === 'nil') return r;
    if (r.k === 'nil') return l;
    if (l.k === 'any') return ANY;
    return l.k === r.k ? l : ANY;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Optimizer passes that change results (optimizer/optimizer.go runs inArray, then fold to a fixed point).

// optimizer/in_array.go: `x in [string literals]` becomes a map[string]struct{} lookup, so a nil x finds ""
// (runtime.In: `v.MapIndex(reflect.Zero(v.Type().Key()))`) and a non-string x panics. All pinned tags.
function inArray(node: Node): Node {
  switch (node.t) {
    case 'not':
      return { ...node, node: inArray(node.node) };
    case 'array':
      return { ...node, items: node.items.map(inArray) };
    case 'binary': {
      const l = inArray(node.l);
      const r = inArray(node.r);
      if (node.op === 'in' && r.t === 'array' && r.items.length > 0 && r.items.every((n) => n.t === 'str')) {
        const values = new Set(r.items.map((n) => (n.t === 'str' ? n.v : '')));
        return { ...node, l, r: { t: 'strset', values, at: r.at } };
      }
      return { ...node, l, r };
    }
    default:
      return node;
  }
}

// optimizer/fold.go: `!`/`not` of a bool literal; `and`/`or` with a bool literal on either side (so
// `x and false` is false and `x or true` true without evaluating x: no run-time error from x, and no bool
// check on it); `==` of two int, string or bool literals. Children first, repeated until nothing changes.
function fold(node: Node): Node {
  switch (node.t) {
    case 'not': {
      const inner = fold(node.node);
      return inner.t === 'bool' ? { t: 'bool', v: !inner.v, at: node.at } : { ...node, node: inner };
    }
    case 'array':
      return { ...node, items: node.items.map(fold) };
    case 'binary': {
      const l = fold(node.l);
      const r = fold(node.r);
      const a = l.t === 'bool' ? l.v : undefined;
      const b = r.t === 'bool' ? r.v : undefined;
      if (node.op === 'and' || node.op === '&&') {
        if (a === true) return r;
        if (b === true) return l;
        if (a === false || b === false) return { t: 'bool', v: false, at: node.at };
      }
      if (node.op === 'or' || node.op === '||') {
        if (a === false) return r;
        if (b === false) return l;
        if (a === true || b === true) return { t: 'bool', v: true, at: node.at };
      }
      if (node.op === '==') {
        if (
          (l.t === 'int' && r.t === 'int') ||
          (l.t === 'str' && r.t === 'str') ||
          (l.t === 'bool' && r.t === 'bool')
        ) {
          return { t: 'bool', v: l.v === r.v, at: node.at };
        }
      }
      return { ...node, l, r };
    }
    default:
      return node;
  }
}

// ---------------------------------------------------------------------------------------------------------
// VM (vm/vm.go opcodes, vm/runtime/runtime.go). Go panics become run-time errors.

class Vm {
  constructor(
    private readonly f: ExprFeatures,
    private readonly semantics: ExprSemantics,
    private readonly env: GoMap,
  ) {}

  run(node: Node): GoValue {
    switch (node.t) {
      case 'nil':
        return null;
      case 'bool':
      case 'int':
      case 'float':
      case 'str':
        return node.v;
      case 'strset':
        throw new Refusal('unsupported', 'internal: a constant set outside `in`');
      case 'ident':
        // OpLoadConst/OpLoadFast: a missing key of a map env reads as nil (non-strict mode only gets here).
        return node.name === '$env' ? this.env : (this.env.entries.get(node.name) ?? null);
      case 'member':
        // OpLoadEnv + OpFetch (runtime.Fetch on a map: the zero interface{} when the key is missing).
        return this.env.entries.get(node.prop) ?? null;
      case 'not':
        return !this.bool(this.run(node.node));
      case 'array':
        return node.items.map((n) => this.run(n));
      case 'binary':
        return this.binary(node);
    }
  }

  /** `vm.pop().(bool)` / `vm.current().(bool)`: anything else panics. */
  private bool(v: GoValue): boolean {
    if (typeof v !== 'boolean')
      throw panicked(`interface conversion: interface {} is ${goType(v)}, not bool`);
    return v;
  }

  private str(v: GoValue): string {
    if (typeof v !== 'string')
      throw panicked(`interface conversion: interface {} is ${goType(v)}, not string`);
    return v;
  }

  private binary(node: Node & { t: 'binary' }): GoValue {
    switch (node.op) {
      // OpJumpIfFalse / OpJumpIfTrue check the left side only; the right side's value is the result as is.
      case 'and':
      case '&&':
        return this.bool(this.run(node.l)) ? this.run(node.r) : false;
      case 'or':
      case '||':
        return this.bool(this.run(node.l)) ? true : this.run(node.r);
      case '==':
        return goEqual(this.run(node.l), this.run(node.r), this.f);
      case '!=':
        return !goEqual(this.run(node.l), this.run(node.r), this.f);
      case '??': {
        // OpJumpIfNotNil.
        const l = this.run(node.l);
        return l !== null ? l : this.run(node.r);
      }
      case 'in': {
        const needle = this.run(node.l);
        if (node.r.t === 'strset') return this.inMap(needle, node.r.values, 'map[string]struct {}');
        return this.in(needle, this.run(node.r));
      }
      default:
        return this.stringOperator(node);
    }
  }

  // runtime.In: nil → false; arrays compare with Equal; maps look the key up; anything else panics.
  private in(needle: GoValue, haystack: GoValue): boolean {
    if (haystack === null) return false;
    if (Array.isArray(haystack))
      return (haystack as readonly GoValue[]).some((e) => goEqual(e, needle, this.f));
    if (haystack instanceof GoMap)
      return this.inMap(needle, new Set(haystack.entries.keys()), goType(haystack));
    throw panicked(`operator "in" not defined on ${goType(haystack)}`);
  }

  private inMap(needle: GoValue, keys: ReadonlySet<string>, mapType: string): boolean {
    if (needle === null) return keys.has('');
    if (typeof needle !== 'string') {
      throw panicked(
        `reflect.Value.MapIndex: value of type ${goType(needle)} is not assignable to type string (${mapType})`,
      );
    }
    return keys.has(needle);
  }

  // OpContains/OpStartsWith/OpEndsWith/OpMatches(Const): from v1.16.9 a nil operand gives false; then both
  // sides are asserted to be strings (`a.(string)`), which panics otherwise.
  private stringOperator(node: Node & { t: 'binary' }): boolean {
    const a = this.run(node.l);
    if (node.op === 'matches' && node.r.t === 'str') {
      // OpMatchesConst: the literal pattern was compiled (and checked) at compile time; only `a` is tested.
      if (this.semantics.nilSafeStringOps && a === null) return false;
      const re = goRegexp(node.r.v);
      if (re.kind !== 'ok') throw new Refusal('unsupported', re.message);
      return re.re.test(this.str(a));
    }
    const b = this.run(node.r);
    if (this.semantics.nilSafeStringOps && (a === null || b === null)) return false;
    if (node.op === 'matches') {
      const pattern = this.str(b);
      const subject = this.str(a);
      const re = goRegexp(pattern);
      if (re.kind === 'error') throw panicked(re.message);
      if (re.kind === 'unsupported')
        throw new Refusal('unsupported', `${re.message} (pattern from a claim)`, 'run');
      return re.re.test(subject);
    }
    const x = this.str(a);
    const y = this.str(b);
    if (node.op === 'contains') return x.includes(y);
    if (node.op === 'startsWith') return x.startsWith(y);
    return x.endsWith(y);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Entry points

function compile(
  rule: string,
  semantics: ExprSemantics,
  f: ExprFeatures,
  envTypes: ReadonlyMap<string, Ty> | undefined,
): Node {
  const { tokens, text } = lex(rule, semantics, f);
  const tree = new Parser(tokens, text, f).parse();
  new Checker(f, semantics, semantics.strict ? envTypes : undefined, text).visit(tree);
  // fold.go repeats its walk until nothing changes; since children fold before their parent and a rule only
  // looks at folded children, the first walk already reaches that point.
  return fold(inArray(tree));
}

function refusalOutcome(e: unknown, rule: string, semantics: ExprSemantics): RuleOutcome {
  // The parser, checker and VM here recurse per nesting level; Go's growable stacks do not run out first.
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return { kind: 'unsupported', message: 'the expression nests too deeply for argo-token to evaluate' };
  }
  if (!(e instanceof Refusal)) throw e;
  if (e.kind === 'unsupported') return { kind: 'unsupported', message: e.message };
  // argoexpr.EvalBool: v3.5.0–3.5.4 wrap every error ("unable to evaluate expression '%s': %s"); from 3.5.5
  // compile errors are returned as they are and run-time errors wrapped.
  const wrap = !semantics.strict || e.phase === 'run';
  return {
    kind: 'error',
    message: wrap ? `unable to evaluate expression '${rule}': ${e.message}` : e.message,
  };
}

function featuresFor(semantics: ExprSemantics): ExprFeatures | RuleOutcome {
  const f = featuresOf(semantics.exprVersion);
  if (f === undefined) {
    return {
      kind: 'unsupported',
      message: `expr ${semantics.exprVersion} is not a version Argo 3.5.0–4.1.2 pins; argo-token knows only those`,
    };
  }
  return f;
}

const isOutcome = (x: ExprFeatures | RuleOutcome): x is RuleOutcome => 'kind' in x;

/** Evaluates a rule against the claims environment exactly as Argo's argoexpr.EvalBool does at that version. */
export function evaluateRule(
  rule: string,
  env: Readonly<Record<string, Value>>,
  semantics: ExprSemantics,
): RuleOutcome {
  const f = featuresFor(semantics);
  if (isOutcome(f)) return f;
  const source = toWellFormed(rule);
  try {
    if (Object.hasOwn(env, '$env')) {
      // v1.16 conf/types_table.go CreateTypesTable panics on it; Argo's claims never have such a key.
      throw new Refusal('unsupported', 'a claim named $env');
    }
    const goEnv = fromJson(env as Value) as GoMap;
    const types = new Map([...goEnv.entries].map(([k, v]) => [k, typeOfValue(v)]));
    const program = compile(source, semantics, f, types);
    const result = new Vm(f, semantics, goEnv).run(program);
    if (typeof result !== 'boolean') {
      // argoexpr.EvalBool: `resultBool, ok := result.(bool)`; there is no expr.AsBool() at compile time.
      return { kind: 'error', message: `unable to cast expression result '${goFormat(result)}' to bool` };
    }
    return { kind: result ? 'true' : 'false' };
  } catch (e) {
    return refusalOutcome(e, source, semantics);
  }
}

/**
 * Parses only (for validating a raw rule in a clients file): undefined when it is in the subset and compiles,
 * else the message. In strict mode it compiles against an environment holding every claim Argo can set
 * (ARGO_CLAIM_NAMES, with their JSON types), so what it reports fails for every user: a misspelt claim name,
 * a type error, an invalid literal regular expression. A claim some users lack still fails for them at run
 * time; evaluateRule shows that per user.
 */
export function checkRule(
  rule: string,
  semantics: ExprSemantics,
): { kind: 'error' | 'unsupported'; message: string } | undefined {
  const f = featuresFor(semantics);
  if (isOutcome(f)) return f.kind === 'unsupported' ? { kind: f.kind, message: f.message } : undefined;
  const source = toWellFormed(rule);
  const types = new Map<string, Ty>(
    ARGO_CLAIM_NAMES.map((n) => [n, n === 'exp' ? { k: 'float' } : n === 'groups' ? ARRAY : STRING]),
  );
  try {
    compile(source, semantics, f, types);
    return undefined;
  } catch (e) {
    const outcome = refusalOutcome(e, source, semantics);
    return outcome.kind === 'error' || outcome.kind === 'unsupported'
      ? { kind: outcome.kind, message: outcome.message }
      : undefined;
  }
}

/**
 * Reads an expr string literal back with the given version's lexer: its value, or undefined when the text is
 * not exactly one string literal. (For checking quote() and generated rules.)
 */
export function readStringLiteral(literal: string, semantics: ExprSemantics): string | undefined {
  const f = featuresOf(semantics.exprVersion);
  if (f === undefined) return undefined;
  try {
    const { tokens } = lex(literal, semantics, f);
    return tokens.length === 2 && tokens[0].kind === 'String' && tokens[1].kind === 'EOF'
      ? tokens[0].value
      : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Generation

/**
 * An expr string literal for any string, valid and read back identically by every expr version Argo
 * 3.5.0–4.1.2 pins. Single quotes; `\\`, `\'`, `\n`, `\r`, `\t` and \u/\U escapes only (every pinned lexer
 * accepts them: lexer.go scanEscape); raw CR must be escaped anyway because unescape turns it into LF, and raw
 * LF ends the literal. Invisible and ambiguous characters (controls, format characters such as RTL marks,
 * separators other than the space, private-use and unassigned code points) are escaped so that the rule reads
 * unambiguously in a manifest. A string with a lone surrogate has no UTF-8 form, so no Go string equals it.
 */
export function quote(value: string): string {
  if (!isWellFormed(value)) throw new RangeError('a string with a lone UTF-16 surrogate has no expr literal');
  let out = "'";
  for (const ch of value) {
    const c = cp(ch);
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch !== ' ' && /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u.test(ch)) {
      out += c <= 0xffff ? `\\u${c.toString(16).padStart(4, '0')}` : `\\U${c.toString(16).padStart(8, '0')}`;
    } else out += ch;
  }
  return `${out}'`;
}

/**
 * A structured match as a rule: groups (any of), emails (any of), subjects (any of); fields present are AND-ed.
 * Only `$env?.claim` reaches a claim: optional member access on $env is exempt from strict mode (v1.16.0
 * checker.go MemberNode) and reads a missing claim as nil, on 3.5.0–3.5.4 too. With nil:
 *  - `'g' in $env?.groups` is false (runtime.In: `if array == nil { return false }`);
 *  - `$env?.email == 'e'` is false (runtime.Equal(nil, "e")). Not `$env?.email in ['a', 'b']`: the inArray
 *    optimizer makes that a map lookup in which nil finds the key "" (true for `in ['', …]`);
 *  - string operators are avoided: before expr v1.16.9 they panic on nil.
 * `everyone: true` is `true` (and the identity of AND: with other fields it adds nothing). An empty list
 * matches nobody (`false`). A match with no criterion at all is refused rather than read as everyone.
 */
export function buildRule(match: {
  groups?: readonly string[];
  emails?: readonly string[];
  subjects?: readonly string[];
  everyone?: boolean;
}): string {
  const anyOf = (values: readonly string[], one: (literal: string) => string) => {
    const parts = [...new Set(values)].map((v) => one(quote(v)));
    return parts.length === 0 ? ['false'] : parts;
  };
  const clauses: string[][] = [];
  if (match.groups !== undefined) clauses.push(anyOf(match.groups, (g) => `${g} in $env?.groups`));
  if (match.emails !== undefined) clauses.push(anyOf(match.emails, (e) => `$env?.email == ${e}`));
  if (match.subjects !== undefined) clauses.push(anyOf(match.subjects, (s) => `$env?.sub == ${s}`));
  if (clauses.length === 0) {
    if (match.everyone === true) return 'true';
    throw new Error('a match needs groups, emails, subjects or everyone: true');
  }
  // && binds tighter than || (operator.go: "and" 15, "or" 10): a clause of several alternatives needs parentheses.
  const rule =
    clauses.length === 1
      ? clauses[0].join(' || ')
      : clauses.map((c) => (c.length === 1 ? c[0] : `(${c.join(' || ')})`)).join(' && ');
  // Each alternative costs 7 AST nodes; from expr v1.17.0 (Argo 3.5.15, 3.6.6+, 3.7.x, 4.x) a rule of more than
  // 10000 fails to compile (conf.DefaultMaxNodes), which would deny everyone this account's rule reaches.
  const nodes = nodeCount(rule);
  if (nodes > LATEST_NODE_LIMIT) {
    throw new RangeError(
      `the rule would have ${nodes} expr AST nodes; expr v1.17.0+ (Argo 3.5.15, 3.6.6 and later) rejects more than ${LATEST_NODE_LIMIT}: list fewer values (about 1400 at most)`,
    );
  }
  return rule;
}

const LATEST_NODE_LIMIT = 10000;

function nodeCount(rule: string): number {
  const semantics = semanticsFor('4.1.2');
  const f = { ...(featuresOf(semantics.exprVersion) as ExprFeatures), maxNodes: undefined };
  const { tokens, text } = lex(rule, semantics, f);
  const parser = new Parser(tokens, text, f);
  parser.parse();
  return parser.nodeCount;
}
