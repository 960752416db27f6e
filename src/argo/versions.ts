// The Argo Workflows versions the catalogue knows, patch by patch (checks change inside a release line:
// security fixes land in patch releases), and version ranges over them.

/** Every release from 3.5.0 to the newest the catalogue was checked against (there is no 3.6.1). */
export const KNOWN_VERSIONS = [
  ...['3.5.0', '3.5.1', '3.5.2', '3.5.3', '3.5.4', '3.5.5', '3.5.6', '3.5.7', '3.5.8', '3.5.9', '3.5.10'],
  ...['3.5.11', '3.5.12', '3.5.13', '3.5.14', '3.5.15'],
  ...['3.6.0', '3.6.2', '3.6.3', '3.6.4', '3.6.5', '3.6.6', '3.6.7', '3.6.8', '3.6.9', '3.6.10', '3.6.11'],
  ...['3.6.12', '3.6.13', '3.6.14', '3.6.15', '3.6.16', '3.6.17', '3.6.18', '3.6.19'],
  ...['3.7.0', '3.7.1', '3.7.2', '3.7.3', '3.7.4', '3.7.5', '3.7.6', '3.7.7', '3.7.8', '3.7.9', '3.7.10'],
  ...['3.7.11', '3.7.12', '3.7.13', '3.7.14', '3.7.15', '3.7.16', '3.7.17', '3.7.18'],
  ...['4.0.0', '4.0.1', '4.0.2', '4.0.3', '4.0.4', '4.0.5', '4.0.6', '4.0.7', '4.0.8', '4.0.9', '4.0.10'],
  ...['4.1.0', '4.1.1', '4.1.2'],
] as const;

/** Release lines, oldest first: `argoVersion: "4.1"` means the newest known patch of 4.1. */
export const RELEASE_LINES = ['3.5', '3.6', '3.7', '4.0', '4.1'] as const;
export type ReleaseLine = (typeof RELEASE_LINES)[number];

/** What a client gets without `argoVersion`: the current release line. */
export const DEFAULT_ARGO_VERSION: ReleaseLine = '4.1';

/** `argoVersion` as written: a release line ("4.1") or an exact release ("3.7.10"). */
export type ArgoVersion = string;

/** A part of the catalogue that holds only for some versions: since inclusive, before exclusive. */
export interface VersionRange {
  readonly since?: string;
  readonly before?: string;
}

const parts = (v: string) => v.split('.').map(Number);

/** Semver order of two x.y.z (or x.y) versions. */
export function compareVersions(a: string, b: string): number {
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The newest known patch of a release line. */
export function latestPatch(line: string): string | undefined {
  const found = KNOWN_VERSIONS.filter((v) => v.startsWith(`${line}.`));
  return found[found.length - 1];
}

/** The exact release an `argoVersion` stands for, or undefined when the catalogue does not know it. */
export function resolveVersion(version: ArgoVersion): string | undefined {
  if ((RELEASE_LINES as readonly string[]).includes(version)) return latestPatch(version);
  return (KNOWN_VERSIONS as readonly string[]).includes(version) ? version : undefined;
}

/** Every value `argoVersion` accepts: the release lines, then every known release. */
export const ARGO_VERSION_VALUES: readonly string[] = [...RELEASE_LINES, ...KNOWN_VERSIONS];

/** Whether an exact release lies in any of the ranges (no ranges: always). */
export function inRanges(version: string, ranges: readonly VersionRange[] | undefined): boolean {
  if (ranges === undefined) return true;
  return ranges.some(
    (r) =>
      (r.since === undefined || compareVersions(version, r.since) >= 0) &&
      (r.before === undefined || compareVersions(version, r.before) < 0),
  );
}

/** `3.5.7–3.5.12`, `≥ 4.1.0`, `< 3.7.0` over the known releases, for tables. */
export function describeRanges(ranges: readonly VersionRange[] | undefined): string {
  if (ranges === undefined) return 'all';
  return ranges
    .map((r) => {
      const inside = KNOWN_VERSIONS.filter((v) => inRanges(v, [r]));
      if (inside.length === 0) return 'none';
      const [first, last] = [inside[0], inside[inside.length - 1]];
      if (r.before === undefined) return `${first}+`;
      return first === last ? first : `${first}–${last}`;
    })
    .join(', ');
}

/**
 * The releases a fact can differ at: the first release of each range bound, plus the newest of each line.
 * Tests run every capability at each of these.
 */
export function boundaryVersions(ranges: readonly (readonly VersionRange[] | undefined)[]): string[] {
  const points = new Set<string>(RELEASE_LINES.map((l) => latestPatch(l)!));
  for (const list of ranges) {
    for (const r of list ?? []) {
      for (const bound of [r.since, r.before]) {
        if (bound === undefined) continue;
        const at = KNOWN_VERSIONS.find((v) => compareVersions(v, bound) >= 0);
        if (at) points.add(at);
        const before = [...KNOWN_VERSIONS].reverse().find((v) => compareVersions(v, bound) < 0);
        if (before) points.add(before);
      }
    }
  }
  return [...points].sort(compareVersions);
}
