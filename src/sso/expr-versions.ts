// Which expr-lang/expr release each Argo Workflows release evaluates SSO RBAC rules with, and what that
// release's lexer, parser, checker, optimizer and VM do differently. Read from Argo's go.mod at every tag
// (argoproj/argo-workflows `go.mod`) and from expr's source at each pinned tag (expr-lang/expr).

import { compareVersions, KNOWN_VERSIONS } from '../argo/versions';

/**
 * The expr release Argo pins, by the first Argo release that pins it (ranges are contiguous inside a release
 * line; 3.5.15 pins a newer expr than 3.6.0–3.6.5 do, so the table is per release line, not global order).
 * 3.5.0 pins the pseudo-version v0.0.0-20230912141041-709c5dd55aa7 through a `replace`; that commit is the
 * v1.15.2 tag itself (`git rev-parse v1.15.2^{commit}` = 709c5dd55aa7…), so it is named v1.15.2 here.
 */
const PINS: readonly { readonly line: string; readonly since: string; readonly expr: string }[] = [
  { line: '3.5', since: '3.5.0', expr: 'v1.15.2' }, // v3.5.0 go.mod: replace antonmedv/expr => expr-lang/expr 709c5dd55aa7
  { line: '3.5', since: '3.5.1', expr: 'v1.15.3' }, // v3.5.1 go.mod: github.com/antonmedv/expr v1.15.3
  { line: '3.5', since: '3.5.3', expr: 'v1.15.5' }, // v3.5.3 go.mod: github.com/antonmedv/expr v1.15.5
  { line: '3.5', since: '3.5.5', expr: 'v1.16.0' }, // v3.5.5 go.mod: github.com/expr-lang/expr v1.16.0
  { line: '3.5', since: '3.5.14', expr: 'v1.16.9' },
  { line: '3.5', since: '3.5.15', expr: 'v1.17.5' },
  { line: '3.6', since: '3.6.0', expr: 'v1.16.9' },
  { line: '3.6', since: '3.6.6', expr: 'v1.17.0' },
  { line: '3.6', since: '3.6.16', expr: 'v1.17.7' },
  { line: '3.7', since: '3.7.0', expr: 'v1.17.5' },
  { line: '3.7', since: '3.7.7', expr: 'v1.17.7' },
  { line: '4.0', since: '4.0.0', expr: 'v1.17.7' },
  { line: '4.1', since: '4.1.0', expr: 'v1.17.8' },
];

/** The expr releases Argo 3.5.0–4.1.2 pin, oldest first. */
export const PINNED_EXPR_VERSIONS = [
  'v1.15.2',
  'v1.15.3',
  'v1.15.5',
  'v1.16.0',
  'v1.16.9',
  'v1.17.0',
  'v1.17.5',
  'v1.17.7',
  'v1.17.8',
] as const;
export type PinnedExprVersion = (typeof PINNED_EXPR_VERSIONS)[number];

/** The expr release an exact Argo release pins, or undefined for a release the catalogue does not know. */
export function exprVersionOf(argoRelease: string): PinnedExprVersion | undefined {
  if (!(KNOWN_VERSIONS as readonly string[]).includes(argoRelease)) return undefined;
  const line = argoRelease.split('.').slice(0, 2).join('.');
  let found: string | undefined;
  for (const pin of PINS) {
    if (pin.line === line && compareVersions(argoRelease, pin.since) >= 0) found = pin.expr;
  }
  return found as PinnedExprVersion | undefined;
}

/** How the checker types values: the three designs the pinned releases span. */
export type CheckerDesign =
  /** v1.15.x: reflect types; `$env` is a map; builtin names shadow env keys. */
  | 'reflect-1.15'
  /** v1.16.x: reflect types; `$env` is a map; env keys shadow builtins. */
  | 'reflect-1.16'
  /** v1.17.x: checker/nature; `$env` is of unknown nature; array literals carry their element nature. */
  | 'nature';

/** Per-release behaviour beyond the four flags Argo callers see in ExprSemantics (all read from expr source). */
export interface ExprFeatures {
  readonly checker: CheckerDesign;
  /**
   * Parser `not` handling before v1.16.9 (parser/parser.go parseExpression): `not` is consumed first and
   * lost when the next operator binds weaker (`a == b not in c` parses as `(a == b) in c`), any binary
   * operator may follow it (`a not == b`), and a trailing `not` is dropped (`true not` is `true`).
   */
  readonly legacyNot: boolean;
  /** v1.15.3+ checker: `x in [literals]` compares x with the literals' common type (checker.go ArrayNode/elem). */
  readonly arrayElemCheck: boolean;
  /** v1.16.0+ lexer: `::` is one token (state.go root `case r == ':'`); before, two `:` operators. */
  readonly colonColonToken: boolean;
  /** v1.16.9+ parser: string literals take postfix `.x`/`[i]` (parseSecondary `case String` falls through). */
  readonly stringPostfix: boolean;
  /** v1.16.9+ parser: `?.[` is optional indexing (parsePostfixExpression `goto parseToken`). */
  readonly optionalIndex: boolean;
  /** v1.16.9+ runtime: Equal compares []any element by element (helpers[generated].go `case []any`). */
  readonly elementwiseArrayEqual: boolean;
  /** v1.17.0+: `if`/`else` are keywords (lexer/state.go identifier) and `;` sequences parse (parser.go). */
  readonly ifElseAndSequences: boolean;
  /**
   * v1.17.0+ parser: more than 10000 AST nodes fail compilation (conf/config.go DefaultMaxNodes, counted in
   * parser.go createNode; Argo sets no other MaxNodes). Undefined: no limit.
   */
  readonly maxNodes: number | undefined;
  /** v1.17.7+ lexer: a doubled backquote inside a raw string is one backquote (lexer.go scanRawString). */
  readonly rawStringQuoteDoubling: boolean;
  /** v1.17.8+ lexer: `b'…'`/`b"…"` are bytes literals (state.go root `case (r == 'b' || r == 'B')`). */
  readonly bytesLiterals: boolean;
  /** Builtin function names (builtin/builtin.go): an identifier naming one is a function, not a claim. */
  readonly builtins: ReadonlySet<string>;
}

// builtin.Builtins names, printed from each tag's package; later releases only add names.
const BUILTINS_1_15_2 = [
  ...['abs', 'all', 'any', 'count', 'date', 'duration', 'filter', 'find', 'findIndex', 'findLast'],
  ...['findLastIndex', 'first', 'float', 'fromBase64', 'fromJSON', 'fromPairs', 'get', 'groupBy'],
  ...['hasPrefix', 'hasSuffix', 'indexOf', 'int', 'join', 'keys', 'last', 'lastIndexOf', 'len', 'lower'],
  ...['map', 'max', 'mean', 'median', 'min', 'none', 'now', 'one', 'reduce', 'repeat', 'replace', 'sort'],
  ...['sortBy', 'split', 'splitAfter', 'string', 'sum', 'take', 'toBase64', 'toJSON', 'toPairs', 'trim'],
  ...['trimPrefix', 'trimSuffix', 'type', 'upper', 'values'],
];
const BUILTINS_ADDED: readonly { readonly since: string; readonly names: readonly string[] }[] = [
  { since: 'v1.15.5', names: ['ceil', 'floor', 'round'] },
  {
    since: 'v1.16.0',
    names: ['bitand', 'bitnand', 'bitnot', 'bitor', 'bitshl', 'bitshr', 'bitushr', 'bitxor'],
  },
  { since: 'v1.16.9', names: ['concat', 'reverse', 'timezone'] },
  { since: 'v1.17.0', names: ['flatten', 'uniq'] },
];

const atLeast = (version: string, since: string) => compareVersions(version.slice(1), since.slice(1)) >= 0;

/** The behaviour of a pinned expr release, or undefined for any other string. */
export function featuresOf(exprVersion: string): ExprFeatures | undefined {
  if (!(PINNED_EXPR_VERSIONS as readonly string[]).includes(exprVersion)) return undefined;
  const v = (since: string) => atLeast(exprVersion, since);
  const builtins = new Set(BUILTINS_1_15_2);
  for (const added of BUILTINS_ADDED) if (v(added.since)) for (const name of added.names) builtins.add(name);
  return {
    checker: v('v1.17.0') ? 'nature' : v('v1.16.0') ? 'reflect-1.16' : 'reflect-1.15',
    legacyNot: !v('v1.16.9'),
    arrayElemCheck: v('v1.15.3'),
    colonColonToken: v('v1.16.0'),
    stringPostfix: v('v1.16.9'),
    optionalIndex: v('v1.16.9'),
    elementwiseArrayEqual: v('v1.16.9'),
    ifElseAndSequences: v('v1.17.0'),
    maxNodes: v('v1.17.0') ? 10000 : undefined,
    rawStringQuoteDoubling: v('v1.17.7'),
    bytesLiterals: v('v1.17.8'),
    builtins,
  };
}

/** Whether an expr release is at least a given one (both `vX.Y.Z`). */
export function exprAtLeast(exprVersion: string, since: string): boolean {
  return atLeast(exprVersion, since);
}
