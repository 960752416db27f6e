// Words for messages about what a person typed: "did you mean …?", and values shown safely — escaped,
// invisible characters made visible, long values shortened — so a message is always one readable line.

/** Longest value shown in a message, in characters; longer ones are cut with their length noted. */
export const SHOWN_MAX = 80;

/**
 * Invisible, control and direction-changing characters: shown as \u{…} so that a name that looks right
 * but is not (a zero-width space, a right-to-left override) is told apart in a message.
 */
const INVISIBLE =
  /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\u00a0\u2000-\u200a\u202f\u205f\u3000\u115f\u1160\u3164\uffa0]/gu;

/** A file path for a message: as it is when plain printable ASCII, else quoted and escaped like a value. */
export function shownPath(p: string): string {
  return /^[\x21-\x7e]{1,200}$/.test(p) ? p : shown(p);
}

/** A value as a quoted, escaped, shortened string for a one-line message. */
export function shown(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value !== 'string') return String(value);
  const chars = [...value];
  const cut = chars.length > SHOWN_MAX;
  const text = cut ? chars.slice(0, SHOWN_MAX - 20).join('') : value;
  const escaped = JSON.stringify(text)
    .slice(1, -1)
    .replace(INVISIBLE, (c) => `\\u{${c.codePointAt(0)!.toString(16).padStart(4, '0')}}`);
  return `"${escaped}${cut ? `…" (${chars.length} characters)` : '"'}`;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The known name closest to `word`, when it is close enough to be a typo (or a case/plural slip). */
export function closest(word: string, known: readonly string[]): string | undefined {
  if (word.length > 100) return undefined; // not a typo, and the distance is quadratic
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(lower.length / 3));
  return best !== undefined && bestDistance <= limit ? best : undefined;
}

/** ` (did you mean "x"?)`, or nothing. */
export function didYouMean(word: string, known: readonly string[]): string {
  const guess = closest(word, known);
  return guess === undefined ? '' : ` (did you mean "${guess}"?)`;
}
