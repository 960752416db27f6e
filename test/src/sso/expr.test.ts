import fc from 'fast-check';
import { KNOWN_VERSIONS } from '../../../src/argo/versions';
import {
  ARGO_CLAIM_NAMES,
  buildRule,
  checkRule,
  type ExprSemantics,
  evaluateRule,
  quote,
  type RuleOutcome,
  readStringLiteral,
  semanticsFor,
  type Value,
} from '../../../src/sso/expr';
import { PINNED_EXPR_VERSIONS } from '../../../src/sso/expr-versions';

// One Argo release per expr release it pins, in PINNED_EXPR_VERSIONS order. The tables below have one letter per
// column (T true, F false, E error, U unsupported: argo-token refuses, whatever expr answers there). They were
// read from expr's source at each tag, and every T/F/E was also confirmed by running the real library (the expr
// module at that tag, built with Go and called the way argoexpr.EvalBool calls it).
const REPRESENTATIVES = [
  '3.5.0',
  '3.5.1',
  '3.5.3',
  '3.5.5',
  '3.5.14',
  '3.6.6',
  '3.7.0',
  '3.7.7',
  '4.1.0',
] as const;
const SEMANTICS = REPRESENTATIVES.map(semanticsFor);
const LETTER: Record<RuleOutcome['kind'], string> = { true: 'T', false: 'F', error: 'E', unsupported: 'U' };
const code = (rule: string, env: Readonly<Record<string, Value>>) =>
  SEMANTICS.map((s) => LETTER[evaluateRule(rule, env, s).kind]).join('');

const FULL = {
  iss: 'argo-server',
  sub: 's1',
  groups: ['a', 'b'],
  email: 'a@x.io',
  exp: 1700000000,
  name: 'N',
};
const BARE = { iss: 'argo-server', sub: 's1' };

describe('semanticsFor', () => {
  it('pins the expr release of every Argo release from go.mod, with the flags that follow from it', () => {
    expect(REPRESENTATIVES.map((r) => semanticsFor(r).exprVersion)).toEqual([...PINNED_EXPR_VERSIONS]);
    const table = Object.fromEntries(KNOWN_VERSIONS.map((v) => [v, semanticsFor(v).exprVersion]));
    // Argo's go.mod at each tag (3.5.15 pins a newer expr than 3.6.0–3.6.5 do).
    expect(table).toMatchObject({
      '3.5.0': 'v1.15.2', // replace => expr-lang/expr 709c5dd55aa7, the v1.15.2 tag commit
      '3.5.2': 'v1.15.3',
      '3.5.4': 'v1.15.5',
      '3.5.5': 'v1.16.0',
      '3.5.13': 'v1.16.0',
      '3.5.14': 'v1.16.9',
      '3.5.15': 'v1.17.5',
      '3.6.0': 'v1.16.9',
      '3.6.5': 'v1.16.9',
      '3.6.6': 'v1.17.0',
      '3.6.15': 'v1.17.0',
      '3.6.16': 'v1.17.7',
      '3.7.0': 'v1.17.5',
      '3.7.6': 'v1.17.5',
      '3.7.7': 'v1.17.7',
      '4.0.0': 'v1.17.7',
      '4.0.10': 'v1.17.7',
      '4.1.0': 'v1.17.8',
      '4.1.2': 'v1.17.8',
    });
    expect(semanticsFor('3.5.4')).toEqual({
      exprVersion: 'v1.15.5',
      strict: false,
      nilSafeStringOps: false,
      rawStrings: false,
      unicodeBraceEscapes: false,
    });
    expect(semanticsFor('3.5.5')).toMatchObject({ strict: true, nilSafeStringOps: false, rawStrings: true });
    expect(semanticsFor('3.6.0')).toMatchObject({
      strict: true,
      nilSafeStringOps: true,
      unicodeBraceEscapes: false,
    });
    expect(semanticsFor('3.6.16')).toMatchObject({ unicodeBraceEscapes: true });
  });

  it('refuses releases that do not exist or are out of range', () => {
    for (const bad of ['3.6.1', '3.4.9', '4.2.0', '4.1', 'v4.1.2', ''])
      expect(() => semanticsFor(bad)).toThrow(RangeError);
  });

  it('answers unsupported for an expr release no Argo release pins', () => {
    const custom: ExprSemantics = { ...semanticsFor('4.1.2'), exprVersion: 'v1.18.0' };
    expect(evaluateRule('true', {}, custom).kind).toBe('unsupported');
    expect(checkRule('true', custom)?.kind).toBe('unsupported');
  });
});

describe('evaluateRule per expr release (columns: v1.15.2 v1.15.3 v1.15.5 v1.16.0 v1.16.9 v1.17.0 v1.17.5 v1.17.7 v1.17.8)', () => {
  const rows: [string, string, Readonly<Record<string, Value>>, string][] = [
    // Argo util/expr/argoexpr/eval.go: expr.Eval (3.5.0–3.5.4) vs expr.Compile(rule, expr.Env(claims)) (3.5.5+).
    ['a claim present', "'a' in groups", FULL, 'TTTTTTTTT'],
    [
      'strict from v1.16.0 (conf WithEnv): a missing claim is "unknown name"',
      "'a' in groups",
      BARE,
      'FFFEEEEEE',
    ],
    [
      'v1.16.0 checker.go MemberNode: $env?.x is exempt from strict mode',
      "'a' in $env?.groups",
      BARE,
      'FFFFFFFFF',
    ],
    ['checker.go MemberNode: non-optional $env.x is strict', '$env.groups == nil', BARE, 'TTTEEEEEE'],
    ['optional $env?.x reads nil', '$env?.groups == nil', BARE, 'TTTTTTTTT'],
    ['`in` on a map looks keys up', "'groups' in $env", BARE, 'FFFFFFFFF'],
    ['an unknown name is nil before v1.16.0', 'foo == nil', BARE, 'TTTEEEEEE'],
    [
      'the check is at compile time: || true does not help in strict mode',
      "'a' in groups || true",
      BARE,
      'TTTEEEEEE',
    ],
    [
      'email_verified exists only in 3.5.0–3.5.4 claims (json:"-" from 3.5.5)',
      'email_verified == true',
      BARE,
      'FFFEEEEEE',
    ],
    ['== with a missing claim', "$env?.email == 'a@x.io'", BARE, 'FFFFFFFFF'],
    ['== with the claim', "$env?.email == 'a@x.io'", FULL, 'TTTTTTTTT'],
    // vm/vm.go OpContains/OpStartsWith/OpEndsWith/OpMatches: nil guard from v1.16.9, a.(string) panic before.
    ['v1.16.9 vm.go: contains on nil', "$env?.email contains 'a'", BARE, 'EEEEFFFFF'],
    ['v1.16.9 vm.go: startsWith on nil', "$env?.email startsWith 'a'", BARE, 'EEEEFFFFF'],
    ['v1.16.9 vm.go: endsWith on nil', "$env?.email endsWith 'a'", BARE, 'EEEEFFFFF'],
    ['v1.16.9 vm.go: matches (constant pattern) on nil', "$env?.email matches 'a'", BARE, 'EEEEFFFFF'],
    ['v1.16.9 vm.go: not contains on nil is true', "$env?.email not contains 'a'", BARE, 'EEEETTTTT'],
    [
      '?? gives string operators a string in every release',
      "($env?.email ?? '') endsWith '@x.io'",
      BARE,
      'FFFFFFFFF',
    ],
    // optimizer/in_array.go + runtime.In: a nil needle looks up "" in the map the optimizer makes.
    [
      'optimizer in_array.go: nil in [string literals] finds ""',
      "$env?.email in ['', 'x']",
      BARE,
      'TTTTTTTTT',
    ],
    ['optimizer in_array.go: nil literal too', "nil in ['', 'a']", BARE, 'TTTTTTTTT'],
    [
      'runtime.In: in nil is false, but a nil literal on the right is a type error',
      "'a' in nil",
      BARE,
      'EEEEEEEEE',
    ],
    // optimizer/fold.go: `x and false` / `x or true` fold without evaluating x.
    ['optimizer fold.go: x and false', '$env?.x and false', BARE, 'FFFFFFFFF'],
    ['optimizer fold.go: x or true', '$env?.x or true', BARE, 'TTTTTTTTT'],
    ['vm.go OpJumpIfFalse: a nil left side of && panics', '$env?.x && true', BARE, 'EEEEEEEEE'],
    // parser/parser.go parseExpression `not` handling, changed in v1.16.9.
    ['parser.go ≤ v1.16.0 drops a trailing not', 'true not', BARE, 'TTTTEEEEE'],
    [
      'parser.go ≤ v1.16.0 loses the not of a weaker operator',
      "email == 'a@x.io' not in groups",
      FULL,
      'FFFFTTTTT',
    ],
    ['parser.go ≤ v1.16.0 negates any operator', "'a' not == 'b'", BARE, 'TTTTEEEEE'],
    ['parser.go looks the negated operator up by value', "'a' not 'in' groups", FULL, 'FFFFFFFFF'],
    ['operator.go: unary not binds tighter than in', "not 'a' in groups", FULL, 'EEEEEEEEE'],
    ['parenthesised not', "not ('a' in groups)", FULL, 'FFFFFFFFF'],
    [
      'parser.go: ?? cannot be mixed with other operators',
      "$env?.email ?? '' endsWith 'x'",
      BARE,
      'EEEEEEEEE',
    ],
    ['?? binds tighter than in', "'a' in $env?.groups ?? []", BARE, 'FFFFFFFFF'],
    ['v1.17.0 parser.go parseSequenceExpression: a trailing ;', 'true;', BARE, 'EEEEETTTT'],
    ['v1.17.0 lexer state.go: if is a keyword', 'if == nil', BARE, 'TTTEEUUUU'],
    ['v1.17.0 lexer state.go: else is a keyword', 'else == nil', BARE, 'TTTEEEEEE'],
    // parser/lexer (lexer.go scanEscape, scanRawString; utils.go unescape; state.go root).
    ['lexer.go scanEscape: only the opening quote may be escaped', `"\\'" == "'"`, BARE, 'EEEEEEEEE'],
    ['v1.17.7 lexer.go scanEscape: \\u{…}', "'\\u{41}' == 'A'", BARE, 'EEEEEEETT'],
    ['v1.16.0 state.go: raw strings', "`a` == 'a'", BARE, 'EEETTTTTT'],
    ['v1.17.7 lexer.go scanRawString: doubled backquote', "`a``b` == 'a`b'", BARE, 'EEEEEEETT'],
    ['v1.17.8 state.go: bytes literals', "b'a' == b'a'", BARE, 'EEEEEEEEU'],
    ['utils.go unescape: a raw CR reads as LF', "'a\rb' == 'a\\nb'", BARE, 'TTTTTTTTT'],
    ['utils.go unescape: a surrogate escape is U+FFFD', "'\\uD800' == '\\uFFFD'", BARE, 'TTTTTTTTT'],
    ['utils.go unescape: octal above \\377', "'\\400' == 'x'", BARE, 'EEEEEEEEE'],
    ['identifiers are Unicode letters', 'é == nil', BARE, 'TTTEEEEEE'],
    ['comments', '/* c */ true // d', BARE, 'TTTTTTTTT'],
    // checker/checker.go and checker/nature types.
    ['v1.15.3 checker.go ArrayNode: literal element types', "1 in ['a']", BARE, 'EEEEEEEEE'],
    ['v1.15.3 checker.go ArrayNode elem check', "'x' in [['x']]", BARE, 'FEEEEEEEE'],
    ['strict mode types claims', "exp == 'a'", FULL, 'FFFEEEEEE'],
    ['v1.16.9 helpers[generated].go Equal: []any element by element', '[1] == [1.0]', BARE, 'FFFFTTTTT'],
    ['v1.17.0 nature: ?? keeps the array literal element nature', "'a' in (nil ?? [1])", BARE, 'FFFFFEEEE'],
    ['v1.17.0 nature AssignableTo: nil is no map key', 'nil in name', { name: { '': 1 } }, 'TTTTTEEEE'],
    ['a number against a string map', "exp in ['a']", FULL, 'EEEEEEEEE'],
    ['in is not a substring test', "'a' in 'abc'", BARE, 'EEEEEEEEE'],
    ['not needs a bool', "not 'a'", BARE, 'EEEEEEEEE'],
    ['eval.go: a non-bool result is an error', 'email', FULL, 'EEEEEEEEE'],
    ['an empty rule (an annotation without a value) fails to compile', '', BARE, 'EEEEEEEEE'],
    ['$env keys are strings', '1 in $env', BARE, 'EEEEEEEEE'],
    ['numbers: int literal against a float64 claim', 'exp == 1700000000', FULL, 'TTTTTTTTT'],
    // matches: checker.go compiles a literal pattern (Go regexp), the VM a claim's.
    ['checker.go: an invalid literal regexp fails compilation', "email matches '[z-a]'", FULL, 'EEEEEEEEE'],
    ['Go regexp has no lookahead', "email matches '(?=a)'", FULL, 'EEEEEEEEE'],
    ['(?i) prefix', "email matches '(?i)^A@X'", FULL, 'TTTTTTTTT'],
    [
      'vm.go OpMatches: an invalid pattern from a claim panics',
      '$env?.email matches $env?.name',
      { email: 'abc', name: '(' },
      'EEEEEEEEE',
    ],
    ['builtin.go: concat is a builtin from v1.16.9', "'a' in concat", BARE, 'FFFEUUUUU'],
  ];
  it.each(rows)('%s: %s', (_why, rule, env, expected) => {
    expect(code(rule, env)).toBe(expected);
  });

  it('v1.17.0 conf/config.go DefaultMaxNodes: more than 10000 AST nodes fail compilation', () => {
    const list = (n: number) => `[${Array(n).fill('1').join(',')}] == nil`; // n + 3 nodes
    expect(code(list(9997), BARE)).toBe('FFFFFFFFF');
    expect(code(list(9998), BARE)).toBe('FFFFFEEEE');
    expect(evaluateRule(list(9998), BARE, semanticsFor('4.1.2'))).toMatchObject({
      message: expect.stringContaining('compilation failed: expression exceeds maximum allowed nodes'),
    });
  });

  it('agrees on every Argo release of a pinned expr release', () => {
    const rule = "$env?.email contains 'a'";
    for (const v of KNOWN_VERSIONS) {
      const expected = semanticsFor(v).nilSafeStringOps ? 'false' : 'error';
      expect([v, evaluateRule(rule, BARE, semanticsFor(v)).kind]).toEqual([v, expected]);
    }
  });
});

describe('evaluateRule messages', () => {
  const at = (v: string) => semanticsFor(v);
  it('reports compile errors as expr does from 3.5.5, wrapped like Argo before', () => {
    expect(evaluateRule("'a' in groups", BARE, at('4.1.2'))).toEqual({
      kind: 'error',
      message: 'unknown name groups (1:8)',
    });
    expect(evaluateRule("'a' in 'b'", BARE, at('3.5.0'))).toEqual({
      kind: 'error',
      message:
        "unable to evaluate expression ''a' in 'b'': invalid operation: in (mismatched types string and string) (1:5)",
    });
    expect(evaluateRule("$env?.email contains 'a'", BARE, at('3.5.5'))).toMatchObject({
      message: expect.stringContaining('unable to evaluate expression'),
    });
    expect(evaluateRule('email', FULL, at('4.1.2'))).toEqual({
      kind: 'error',
      message: "unable to cast expression result 'a@x.io' to bool",
    });
    expect(evaluateRule("'a' in\n  foo", BARE, at('4.1.2'))).toMatchObject({
      message: 'unknown name foo (2:3)',
    });
  });
});

describe('the subset: everything else is unsupported, naming the construct and where it is', () => {
  const rows: [string, string, RegExp][] = [
    ['function call', 'len(groups) > 0', /function call len\(\) at 1:1/],
    ['method call', "$env.email.startsWith('a')", /method call \.startsWith\(\) at 1:12/],
    ['arithmetic', "'a' + 'b' == 'ab'", /arithmetic operator \+ at 1:5/],
    ['comparison', 'exp < 2', /comparison < at 1:5/],
    ['ternary', 'true ? true : false', /conditional \?: at 1:6/],
    ['pipe', 'groups | len', /pipe operator \| at 1:8/],
    ['index', "groups[0] == 'a'", /index or slice \[…\] at 1:7/],
    ['slice', "groups[0:1] == ['a']", /index or slice/],
    ['map literal', '{a: 1} == nil', /map literal/],
    ['unary minus', '-1 == exp', /unary - at 1:1/],
    ['let', 'let x = 1; x == 1', /variable declaration let at 1:1/],
    ['range', '1..3 == [1, 2, 3]', /range operator \.\. at 1:2/],
    ['member access off $env', "$env?.email.x == 'a'", /member access \.x on anything but \$env at 1:13/],
    ['optional chaining off $env', '$env?.x?.y == nil', /member access \.y/],
    ['hex number', '0x10 == 16', /number literal 0x10/],
    ['builtin as a value', "'a' in len", /builtin function len used as a value at 1:8/],
    [
      'regexp Unicode class',
      "$env?.email matches '\\\\pL'",
      /Unicode class \\pL in a regular expression at 1:21/,
    ],
    ['regexp mid-pattern flags', "$env?.email matches 'a(?i)b'", /flags \(\?i\)/],
    ['regexp (?m)', "$env?.email matches '(?m)^a'", /flags \(\?m\)/],
    ['regexp (?<name>…)', "$env?.email matches '(?<n>a)'", /Go 1\.22\+/],
    ['regexp \\b under (?i)', "$env?.email matches '(?i)\\\\ba'", /\\b with \(\?i\)/],
  ];
  it.each(rows)('%s', (_what, rule, message) => {
    for (const s of SEMANTICS) {
      const outcome = evaluateRule(rule, FULL, s);
      expect(outcome).toMatchObject({ kind: 'unsupported', message: expect.stringMatching(message) });
    }
  });

  it('refuses version-specific constructs where expr parses them', () => {
    expect(code('true; false', BARE)).toBe('EEEEEUUUU'); // v1.17.0 sequences
    expect(code('::len', BARE)).toBe('EEEUUUUUU'); // v1.16.0 `::` token
    expect(code("'abc'.x == nil", BARE)).toBe('EEEEUUUUU'); // v1.16.9 postfix on string literals
    expect(code('$env?.["x"] == nil', BARE)).toBe('EEEEUUUUU'); // v1.16.9 ?.[
  });

  it('refuses claims Go could never hold', () => {
    expect(evaluateRule('true', { exp: Number.NaN }, semanticsFor('4.1.2')).kind).toBe('unsupported');
    expect(evaluateRule('true', { $env: 'x' }, semanticsFor('4.1.2')).kind).toBe('unsupported');
  });

  it('reads claims as encoding/json does: a lone surrogate is U+FFFD', () => {
    expect(evaluateRule("name == '\\uFFFD'", { name: '\ud800' }, semanticsFor('4.1.2')).kind).toBe('true');
  });
});

describe('robustness', () => {
  const fragment = fc.constantFrom(
    ...[
      "'",
      '"',
      '`',
      '\\',
      'a',
      '1',
      '.',
      '..',
      '?.',
      '??',
      '(',
      ')',
      '[',
      ']',
      '{',
      ',',
      ';',
      '::',
      '#',
      '!',
    ],
    ...[
      'not',
      'in',
      'matches',
      ' ',
      '\n',
      '$env',
      'groups',
      'nil',
      '==',
      '&&',
      '||',
      '+',
      'é',
      '\ud800',
      'b',
    ],
    ...['0x', 'e', '/*', '//', 'if', 'let', '\\u{', '\\x'],
  );
  it('answers every input with an outcome, never an exception', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 24 }),
          fc.array(fragment, { maxLength: 16 }).map((a) => a.join('')),
        ),
        (rule) => {
          for (const s of SEMANTICS) {
            expect(['true', 'false', 'error', 'unsupported']).toContain(evaluateRule(rule, FULL, s).kind);
            checkRule(rule, s);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses, rather than crashes on, nesting deeper than its stack', () => {
    const deep = `${'('.repeat(50000)}true${')'.repeat(50000)}`;
    expect(evaluateRule(deep, {}, semanticsFor('3.6.0'))).toMatchObject({ kind: 'unsupported' });
  });
});

describe('matches: Go RE2 translated to JS only where both mean the same', () => {
  // [pattern, subject, expected]: T/F the match, E Go rejects the pattern (compile error), U refused.
  const rows: [string, string, 'T' | 'F' | 'E' | 'U'][] = [
    ['^a', 'ab', 'T'],
    ['b', 'ab', 'T'], // unanchored
    ['^b', 'ab', 'F'],
    ['a.b', 'a\nb', 'F'], // `.` excludes \n
    ['a.b', 'a\rb', 'T'], // …but not \r (JS's `.` would)
    ['(?s)a.b', 'a\nb', 'T'],
    ['a$', 'a\n', 'F'], // $ is end of text
    ['(?i)^ADM$', 'adm', 'T'],
    ['(?i)k', '\u212a', 'T'], // Kelvin sign folds to k in both
    ['\\s', '\v', 'F'], // Go's \s has no \v; JS's has
    ['\\s', '\u00a0', 'F'],
    ['\\w', 'é', 'F'],
    ['\\d', '٣', 'F'],
    ['[[:alpha:]]+$', 'ab', 'T'],
    ['[[:^digit:]]', '1', 'F'],
    ['[\\d-z]', '-', 'T'],
    ['[]a]', ']', 'T'],
    ['a{,2}', 'a{,2}', 'T'], // not a repeat in Go: literal
    ['x{01}', 'x{01}', 'T'],
    ['\\Qa.b\\E', 'axb', 'F'],
    ['\\x{41}\\101', 'AA', 'T'],
    ['(?P<n>a)b', 'ab', 'T'],
    ['^*a', 'a', 'T'],
    ['[z-a]', 'a', 'E'],
    ['(?=a)', 'a', 'E'],
    ['(?<=a)b', 'ab', 'E'],
    ['(a)\\1', 'aa', 'E'],
    ['a**', 'a', 'E'],
    ['*a', 'a', 'E'],
    ['x{1001}', 'x', 'E'],
    ['x{2,1}', 'x', 'E'],
    ['(a', 'a', 'E'],
    ['a)', 'a', 'E'],
    ['[a', 'a', 'E'],
    ['\\q', 'q', 'E'],
    ['\\C', 'a', 'E'],
    ['[[:foo:]]', 'a', 'E'],
    ['\\pL', 'a', 'U'],
    ['(?m)^a', 'a', 'U'],
    ['(?<n>a)', 'a', 'U'],
    ['(?i)[\\W]', 's', 'U'],
  ];
  it.each(rows)('%j on %j: %s', (pattern, subject, expected) => {
    const rule = `s matches ${quote(pattern)}`;
    for (const s of [semanticsFor('3.5.0'), semanticsFor('4.1.2')]) {
      expect(LETTER[evaluateRule(rule, { s: subject }, s).kind]).toBe(expected);
    }
  });
});

describe('checkRule', () => {
  const all = SEMANTICS;
  it('accepts rules in the subset that compile, for an environment with every claim', () => {
    for (const rule of [
      "'a' in groups",
      "'a' in $env?.groups && $env?.email endsWith '@x.io'",
      "sub == 's' || preferred_username == 'p'",
      "email matches '^[a-z]+@corp\\\\.com$'",
    ]) {
      for (const s of all) expect(checkRule(rule, s)).toBeUndefined();
    }
  });

  it('reports what fails for every user: misspelt claims (strict releases), types, literal regexps', () => {
    expect(all.map((s) => checkRule("'a' in grups", s)?.kind ?? '-').join(' ')).toBe(
      '- - - error error error error error error',
    );
    expect(all.map((s) => checkRule('email_verified', s)?.kind ?? '-').join(' ')).toBe(
      '- - - error error error error error error',
    );
    expect(checkRule('email contains 1', semanticsFor('4.1.2'))).toMatchObject({ kind: 'error' });
    expect(checkRule("email matches '('", semanticsFor('3.5.0'))?.message).toMatch(/missing closing \)/);
    expect(checkRule('len(groups)', semanticsFor('4.1.2'))).toMatchObject({ kind: 'unsupported' });
    expect(checkRule("'a' in", semanticsFor('4.1.2'))).toMatchObject({ kind: 'error' });
  });

  it('knows the claim names Argo sets', () => {
    expect(ARGO_CLAIM_NAMES).toContain('groups');
    expect(ARGO_CLAIM_NAMES).not.toContain('email_verified');
  });
});

// Hostile strings: every quote, backslashes, escapes that look like expr's, newlines, unicode (astral, RTL and
// format marks, separators), empty strings, and fragments of expr syntax.
const HOSTILE_PIECES = [
  "'",
  '"',
  '`',
  '``',
  '\\',
  "\\'",
  '\\u{41}',
  '\\x41',
  '\n',
  '\r',
  '\r\n',
  '\t',
  '\0',
  '\u2028',
  '\u200f',
  '\u202e',
  '\ufeff',
  '😀',
  '𝔘',
  'é',
  ' ',
  '',
  "' || true || '",
  "') || ('",
  '$env',
  'nil',
  ' in ',
  '//',
  '/*',
];
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.array(fc.constantFrom(...HOSTILE_PIECES), { maxLength: 4 }).map((p) => p.join('')),
);

describe('quote', () => {
  it('escapes what must be and what is invisible', () => {
    expect(quote('')).toBe("''");
    expect(quote("it's")).toBe("'it\\'s'");
    expect(quote('a\\b')).toBe("'a\\\\b'");
    expect(quote('a"b`c')).toBe("'a\"b`c'");
    expect(quote('l1\nl2\r\t')).toBe("'l1\\nl2\\r\\t'");
    expect(quote('\u200f\u00a0\u0000')).toBe("'\\u200f\\u00a0\\u0000'");
    expect(quote('\u{e0001}')).toBe("'\\U000e0001'");
    expect(quote('é😀 ')).toBe("'é😀 '");
    expect(() => quote('\ud800')).toThrow(RangeError);
  });

  it('reads back identically with the lexer of every pinned expr release', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const literal = quote(s);
        for (const sem of SEMANTICS) expect(readStringLiteral(literal, sem)).toBe(s);
      }),
      { numRuns: 200 },
    );
  });
});

describe('buildRule', () => {
  it('writes $env?. forms, == for emails and subjects, parentheses where && meets ||', () => {
    expect(buildRule({ groups: ['admins'] })).toBe("'admins' in $env?.groups");
    expect(buildRule({ groups: ['a', "b'c"] })).toBe("'a' in $env?.groups || 'b\\'c' in $env?.groups");
    expect(buildRule({ groups: ['a', 'b'], emails: ['x@y.z'] })).toBe(
      "('a' in $env?.groups || 'b' in $env?.groups) && $env?.email == 'x@y.z'",
    );
    expect(buildRule({ subjects: ['s1', 's1'] })).toBe("$env?.sub == 's1'");
    expect(buildRule({ everyone: true })).toBe('true');
    expect(buildRule({ everyone: true, groups: ['a'] })).toBe("'a' in $env?.groups");
    expect(buildRule({ groups: [] })).toBe('false');
    expect(() => buildRule({})).toThrow(/needs groups, emails, subjects or everyone/);
    expect(() => buildRule({ everyone: false })).toThrow();
  });

  it('refuses a rule expr v1.17 would reject for its size (7 nodes per value)', () => {
    const groups = (n: number) => Array.from({ length: n }, (_, i) => `g${i}`);
    const fits = buildRule({ groups: groups(1428) });
    expect(evaluateRule(fits, { groups: ['g1427'] }, semanticsFor('4.1.2')).kind).toBe('true');
    expect(() => buildRule({ groups: groups(1429) })).toThrow(/10002 expr AST nodes/);
  });

  it('does not match a user without email for an empty listed email (the in_array trap)', () => {
    const rule = buildRule({ emails: ['', 'x@y.z'] });
    for (const s of SEMANTICS) expect(evaluateRule(rule, BARE, s).kind).toBe('false');
    expect(evaluateRule("$env?.email in ['', 'x@y.z']", BARE, semanticsFor('4.1.2')).kind).toBe('true');
  });

  const matchArb = fc.record(
    {
      groups: fc.array(hostile, { maxLength: 4 }),
      emails: fc.array(hostile, { maxLength: 3 }),
      subjects: fc.array(hostile, { maxLength: 3 }),
    },
    { requiredKeys: [] },
  );

  it('compiles in every release and evaluates as intended, with claims present or absent', () => {
    fc.assert(
      fc.property(
        matchArb.filter((m) => Object.keys(m).length > 0),
        fc.array(hostile, { maxLength: 3 }),
        fc.option(hostile, { nil: undefined }),
        fc.option(hostile, { nil: undefined }),
        fc.nat(),
        (match, otherGroups, otherEmail, otherSub, pickSeed) => {
          // Claims drawn partly from the listed values, so that matches happen; as Argo's JSON: absent when empty.
          const fromList = (list: readonly string[] | undefined, k: number) =>
            list && list.length > 0 ? list[(pickSeed + k) % list.length] : undefined;
          const groups = [...otherGroups, ...(pickSeed % 2 === 0 ? [fromList(match.groups, 1) ?? ''] : [])];
          const email = pickSeed % 3 === 0 ? fromList(match.emails, 2) : otherEmail;
          const sub = pickSeed % 5 === 0 ? fromList(match.subjects, 3) : otherSub;
          const env: Record<string, Value> = { iss: 'argo-server' };
          if (groups.length > 0) env.groups = groups;
          if (email) env.email = email;
          if (sub) env.sub = sub;

          const expected =
            (match.groups === undefined || match.groups.some((g) => groups.includes(g))) &&
            (match.emails === undefined || match.emails.some((e) => e === env.email)) &&
            (match.subjects === undefined || match.subjects.some((s) => s === env.sub));
          const rule = buildRule(match);
          for (const s of SEMANTICS) {
            expect(checkRule(rule, s)).toBeUndefined();
            expect(evaluateRule(rule, env, s)).toEqual({ kind: expected ? 'true' : 'false' });
            expect(evaluateRule(rule, { iss: 'argo-server' }, s)).toEqual({ kind: 'false' });
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
