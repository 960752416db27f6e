// One client as the clients file and the ArgoApiClient construct describe it: its validation
// (JSON Schema, then the checks a schema cannot express, then the security lint) and its rules.

import type { ErrorObject } from 'ajv';
import {
  CAPABILITY_NAMES,
  capability,
  capabilitySince,
  NAME_OPTIONS,
  type OptionName,
  possibleOptions,
  relevantOptions,
} from '../argo/capabilities';
import { OPERATIONS, requiredChecks } from '../argo/catalogue';
import { ARGO_GROUP, ARGO_RESOURCES, CORE_GROUP, CORE_RESOURCES, knownResources } from '../argo/resources';
import { type ArgoVersion, compareVersions } from '../argo/versions';
import { type Acknowledgement, type Finding, LINT_RULES, lintClient } from '../rbac/lint';
import {
  type CapabilityRef,
  exactVersion,
  mergeRules,
  type PolicyRule,
  type RuleInput,
  requestedRules,
  resolveRules,
} from '../rbac/rules';
import { REFUSED_VERBS } from '../rbac/verbs';
import { didYouMean, shown } from './messages';
import { API_GROUP, DNS_1123_LABEL, OBJECT_NAME, RESOURCE, ROLE_NAME } from './schema';
import { schemaValidators } from './validators';

export { schemaValidators } from './validators';

/** A client, as one entry of the clients file declares it (and the ArgoApiClient construct takes it). */
export interface ClientSpec {
  /** Name of the ServiceAccount, Role and RoleBinding (a DNS-1123 label). */
  readonly name: string;
  /** Namespace of the ServiceAccount, and the first namespace the client works in. */
  readonly namespace: string;
  /**
   * Other namespaces the client also works in: a Role and RoleBinding in each, bound to the
   * ServiceAccount in its home namespace.
   * @default - none
   */
  readonly namespaces?: readonly string[];
  /**
   * The Argo Workflows version the capability rules are computed for: a release line ("4.1": its
   * newest known patch) or an exact release ("3.7.10").
   * @default - the current release line (DEFAULT_ARGO_VERSION)
   */
  readonly argoVersion?: ArgoVersion;
  /**
   * A named set of capabilities or rules: viewer, ci-submitter, webhook, seed-example.
   * @default - no preset
   */
  readonly preset?: string;
  /**
   * Capabilities (Argo operations) the client needs, turned into the minimal rules: a name, or
   * `{name: options}` for a capability that takes options.
   * @default - none
   */
  readonly can?: readonly CapabilityRef[];
  /**
   * Explicit RBAC rules; a rule's apiGroup defaults to argoproj.io.
   * @default - none
   */
  readonly rules?: readonly RuleInput[];
  /**
   * Existing ClusterRoles to bind (with a RoleBinding) in each of the client's namespaces.
   * @default - none
   */
  readonly bindClusterRoles?: readonly string[];
  /**
   * Security-lint findings accepted on purpose (`read-secrets` is required by read-artifacts).
   * @default - none
   */
  readonly acknowledge?: readonly Acknowledgement[];
}

export type Path = readonly (string | number)[];

/** One problem with a client, at a path inside it (`['rules', 0, 'verbs', 1]`). */
export interface Issue {
  readonly severity: 'error' | 'warning';
  readonly path: Path;
  /** Says what was given and what is allowed; the caller adds where. */
  readonly message: string;
}

/** `rules[0].verbs[1]` */
export function formatPath(path: Path): string {
  // A key someone typed can be anything: shown escaped and shortened unless it is a plain word.
  const key = (p: string) => (/^[A-Za-z0-9_-]{1,64}$/.test(p) ? p : shown(p));
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? key(p) : `.${key(p)}`)).join('');
}

const PATTERN_MEANING: Record<string, string> = {
  [DNS_1123_LABEL]:
    "must be a DNS-1123 label (a-z, 0-9, '-'; starting and ending with a letter or digit; at most 63 characters)",
  [API_GROUP]: 'must be an API group: "" for core, or a DNS subdomain such as argoproj.io',
  [RESOURCE]: 'must be a plural resource in lowercase, with /subresource where needed (workflows, pods/log)',
  [OBJECT_NAME]: 'must be a Kubernetes object name (a DNS-1123 subdomain)',
  [ROLE_NAME]: 'must be a ClusterRole name (a-z, 0-9, "-", ".", ":")',
};

const quote = shown;

const typeName = (value: unknown) =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'a list'
      : typeof value === 'object'
        ? 'a mapping'
        : typeof value;

/**
 * Turns one JSON Schema error into an Issue; `base` is the path of the validated value, `whole` names
 * the value itself (the file, or one client entry).
 */
export function issueFromSchemaError(e: ErrorObject, base: Path = [], whole = 'the file'): Issue {
  const path: (string | number)[] = [
    ...base,
    ...e.instancePath
      .split('/')
      .slice(1)
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
  ];
  const field = (p: Path) => (p.length === 0 ? whole : `'${formatPath(p)}'`);
  const allowed = (schema: unknown) => Object.keys((schema as { properties?: object })?.properties ?? {});
  switch (e.keyword) {
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return {
        severity: 'error',
        path: [...path, missing],
        message: `'${formatPath([...path, missing])}' is required`,
      };
    }
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const known = allowed(e.parentSchema);
      return {
        severity: 'error',
        path: [...path, key],
        message: `unknown field '${formatPath([...path, key])}'${didYouMean(key, known)}; allowed: ${known.join(', ')}`,
      };
    }
    case 'enum': {
      const values = (e.params as { allowedValues: string[] }).allowedValues;
      const got = typeof e.data === 'string' ? didYouMean(e.data, values) : '';
      return {
        severity: 'error',
        path,
        message: `${field(path)} must be one of ${values.join(', ')}; got ${quote(e.data)}${got}`,
      };
    }
    case 'pattern':
    case 'maxLength': {
      const pattern = (e.parentSchema as { pattern?: string })?.pattern ?? '';
      const meaning = PATTERN_MEANING[pattern] ?? `must match ${pattern}`;
      return { severity: 'error', path, message: `${field(path)} ${meaning}, got ${quote(e.data)}` };
    }
    case 'type': {
      const want = (e.params as { type: string }).type;
      const article =
        want === 'array'
          ? 'a list'
          : want === 'object'
            ? 'a mapping'
            : want === 'integer'
              ? 'an integer'
              : `a ${want}`;
      const value = typeof e.data === 'string' || typeof e.data === 'number' ? ` ${quote(e.data)}` : '';
      return {
        severity: 'error',
        path,
        message: `${field(path)} must be ${article}, got ${typeName(e.data)}${value}`,
      };
    }
    case 'minItems':
      return { severity: 'error', path, message: `${field(path)} must not be empty` };
    case 'maximum':
    case 'minimum': {
      const { limit } = e.params as { limit: number };
      const bound = e.keyword === 'maximum' ? 'at most' : 'at least';
      return {
        severity: 'error',
        path,
        message: `${field(path)} must be ${bound} ${limit}, got ${quote(e.data)}`,
      };
    }
    case 'uniqueItems': {
      const { i } = e.params as { i: number };
      return {
        severity: 'error',
        path,
        message: `${field(path)} lists ${quote((e.data as unknown[])[i])} more than once`,
      };
    }
    default:
      return { severity: 'error', path, message: `${field(path)} ${e.message ?? 'is invalid'}` };
  }
}

/** Every string containing '*' in a value, with its path: refused before anything else looks at it. */
export function findWildcards(value: unknown, path: Path = []): Issue[] {
  if (typeof value === 'string') {
    return value.includes('*')
      ? [
          {
            severity: 'error',
            path,
            message: `'${formatPath(path)}' is ${quote(value)}: wildcards are not allowed; name each value explicitly (least privilege)`,
          },
        ]
      : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => findWildcards(v, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => findWildcards(v, [...path, k]));
  }
  return [];
}

/** Drops issues at or under a path that already has an issue (a wildcard hides its enum error). */
export function withoutShadowed(first: readonly Issue[], rest: readonly Issue[]): Issue[] {
  const taken = first.map((i) => formatPath(i.path));
  const shadowed = (i: Issue) => {
    const p = formatPath(i.path);
    return taken.some((t) => p === t || p.startsWith(`${t}.`) || p.startsWith(`${t}[`));
  };
  const out: Issue[] = [...first];
  const seen = new Set(taken);
  for (const issue of rest) {
    const p = formatPath(issue.path);
    if (shadowed(issue) || seen.has(p)) continue;
    seen.add(p);
    out.push(issue);
  }
  return out;
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** escalate, bind and impersonate: not in the schema's verb list, refused with the lint's reason. */
export function findRefusedVerbs(spec: unknown): Issue[] {
  const rules = asArray((spec as { rules?: unknown } | null)?.rules);
  return rules.flatMap((rule, r) =>
    asArray((rule as { verbs?: unknown } | null)?.verbs).flatMap((verb, v) => {
      if (typeof verb !== 'string' || !REFUSED_VERBS.includes(verb)) return [];
      const reason = LINT_RULES.find((l) => l.id === 'escalation-verb')?.reason;
      const path = ['rules', r, 'verbs', v];
      return [
        {
          severity: 'error' as const,
          path,
          message: `'${formatPath(path)}' is ${quote(verb)}: [escalation-verb] ${reason}`,
        },
      ];
    }),
  );
}

const ARGO_KINDS = new Map(ARGO_RESOURCES.map((r) => [r.kind?.toLowerCase(), r.resource]));
const CORE_NAMES = CORE_RESOURCES.map((r) => r.resource);

/** Checks no schema can express. Defensive: runs on clients that failed the schema too. */
export function checkSemantics(spec: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  const error = (path: Path, message: string) => issues.push({ severity: 'error', path, message });

  asArray(spec.rules).forEach((rule, r) => {
    if (!rule || typeof rule !== 'object') return;
    const { apiGroup = ARGO_GROUP, resources, resourceNames } = rule as Record<string, unknown>;
    if (typeof apiGroup !== 'string') return;
    const known = knownResources(apiGroup);
    asArray(resources).forEach((res, i) => {
      if (typeof res !== 'string' || res.includes('*') || known === undefined || known.includes(res)) return;
      const at = `'${formatPath(['rules', r, 'resources', i])}'`;
      const groupName = apiGroup === CORE_GROUP ? 'the core ("") group' : `group ${apiGroup}`;
      const listed =
        apiGroup === ARGO_GROUP
          ? `${ARGO_RESOURCES.map((a) => a.resource).join(', ')} (each also with /finalizers)`
          : known.join(', ');
      let hint = didYouMean(res, known);
      const plural = ARGO_KINDS.get(res.toLowerCase());
      if (apiGroup === ARGO_GROUP && plural)
        hint = ` ("${res}" is a kind; rules name the plural resource "${plural}")`;
      if (apiGroup === ARGO_GROUP && CORE_NAMES.includes(res)) {
        hint = ` ("${res}" is a core resource: set apiGroup: "" on this rule; apiGroup defaults to argoproj.io)`;
      }
      error(
        ['rules', r, 'resources', i],
        `${at} ${quote(res)} is not a resource of ${groupName}${hint}; allowed: ${listed}`,
      );
    });
    if (apiGroup === ARGO_GROUP && Array.isArray(resourceNames) && resourceNames.length > 0) {
      const version = versionOf(spec.argoVersion);
      const blind = version
        ? OPERATIONS.filter((op) =>
            requiredChecks(op, version).some(
              (c) =>
                c.mechanism === 'ssar' &&
                asArray(resources).includes(c.resource) &&
                asArray((rule as Record<string, unknown>).verbs).includes(c.verb),
            ),
          ).map((op) => op.id)
        : [];
      if (blind.length > 0) {
        issues.push({
          severity: 'warning',
          path: ['rules', r, 'resourceNames'],
          message: `'${formatPath(['rules', r, 'resourceNames'])}' narrows an argoproj.io rule by name, but Argo ${version} checks ${blind.slice(0, 4).join(', ')}${blind.length > 4 ? ` and ${blind.length - 4} more` : ''} with access reviews that carry no name: a named rule never satisfies them (argo-token matrix shows what the client can call)`,
        });
      }
    }
  });

  issues.push(...checkCapabilities(spec));

  if (typeof spec.argoVersion === 'number') {
    error(
      ['argoVersion'],
      `'argoVersion' must be a string: write it in quotes (argoVersion: "${spec.argoVersion}"); YAML reads ${spec.argoVersion} unquoted as a number (and 4.10 as 4.1)`,
    );
  }

  asArray(spec.namespaces).forEach((ns, i) => {
    if (ns === spec.namespace) {
      error(
        ['namespaces', i],
        `'${formatPath(['namespaces', i])}' repeats the client's own namespace ${quote(ns)}`,
      );
    }
  });

  const grants = ['preset', 'can', 'rules', 'bindClusterRoles'].some((k) =>
    Array.isArray(spec[k]) ? (spec[k] as unknown[]).length > 0 : spec[k] !== undefined,
  );
  if (!grants) {
    error([], 'grants nothing: give it a preset, capabilities (can), rules or bindClusterRoles');
  }
  return issues;
}

/** The exact release of a valid argoVersion (the default when absent); undefined when invalid. */
function versionOf(argoVersion: unknown): string | undefined {
  if (argoVersion !== undefined && typeof argoVersion !== 'string') return undefined;
  try {
    return exactVersion(argoVersion);
  } catch {
    return undefined;
  }
}

/**
 * The `can` list: each entry a capability name or `{name: {option: …}}`; the capability must exist at
 * the client's Argo version, and its options must mean something there.
 */
function checkCapabilities(spec: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  const error = (path: Path, message: string) => issues.push({ severity: 'error', path, message });
  const version = versionOf(spec.argoVersion);
  const seen = new Map<string, number>();
  asArray(spec.can).forEach((entry, i) => {
    const at = ['can', i];
    let name: unknown = entry;
    let options: unknown;
    if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
      const keys = Object.keys(entry);
      if (keys.length !== 1) {
        error(
          at,
          `'${formatPath(at)}' must name one capability with its options ({read-artifacts: {secrets: [s3-credentials]}}), got ${keys.length} keys`,
        );
        return;
      }
      name = keys[0];
      options = (entry as Record<string, unknown>)[keys[0]];
    } else if (typeof entry !== 'string') {
      error(
        at,
        `'${formatPath(at)}' must be a capability name or {capability: {options}}, got ${typeName(entry)}`,
      );
      return;
    }
    if (typeof name !== 'string' || name.includes('*')) return;
    if (!CAPABILITY_NAMES.includes(name)) {
      error(
        at,
        `'${formatPath(at)}' must be one of ${CAPABILITY_NAMES.join(', ')}; got ${quote(name)}${didYouMean(name, CAPABILITY_NAMES)}`,
      );
      return;
    }
    const first = seen.get(name);
    if (first !== undefined)
      error(at, `'${formatPath(at)}' repeats capability ${quote(name)} (can[${first}])`);
    seen.set(name, i);
    const cap = capability(name);
    const since = capabilitySince(cap);
    if (version && since && compareVersions(version, since) < 0) {
      error(
        at,
        `'${formatPath(at)}' ${quote(name)} needs Argo ${since} or later; the client's argoVersion is ${version}`,
      );
    }
    if (options === undefined) return;
    const optionsAt = [...at, name];
    if (!options || typeof options !== 'object' || Array.isArray(options)) {
      error(optionsAt, `'${formatPath(optionsAt)}' must be a mapping of options, got ${typeName(options)}`);
      return;
    }
    const allowed = possibleOptions(cap);
    const relevant = version ? relevantOptions(cap, version) : allowed;
    for (const [key, value] of Object.entries(options)) {
      const path = [...optionsAt, key];
      if (!allowed.includes(key as OptionName)) {
        error(
          path,
          allowed.length === 0
            ? `'${formatPath(path)}': capability ${quote(name)} takes no options`
            : `unknown option '${formatPath(path)}'${didYouMean(key, allowed)}; ${quote(name)} takes ${allowed.join(', ')}`,
        );
        continue;
      }
      if (NAME_OPTIONS.includes(key as OptionName)) {
        const names = asArray(value);
        if (!Array.isArray(value) || names.length === 0) {
          error(
            path,
            `'${formatPath(path)}' must be a non-empty list of object names, got ${typeName(value)}`,
          );
          continue;
        }
        names.forEach((n, j) => {
          if (typeof n !== 'string' || !new RegExp(OBJECT_NAME).test(n) || n.length > 253) {
            error(
              [...path, j],
              `'${formatPath([...path, j])}' ${PATTERN_MEANING[OBJECT_NAME]}, got ${quote(n)}`,
            );
          }
        });
      } else if (typeof value !== 'boolean') {
        error(path, `'${formatPath(path)}' must be true or false, got ${typeName(value)}`);
        continue;
      }
      if (!relevant.includes(key as OptionName)) {
        issues.push({
          severity: 'warning',
          path,
          message: `'${formatPath(path)}' changes nothing on Argo ${version}: no check of ${quote(name)}'s operations depends on it there`,
        });
      }
    }
  });
  return issues;
}

/** Security lint findings, attributed to the part of the client that asked for the grant. */
export function lintIssues(spec: ClientSpec, strict: boolean): Issue[] {
  const version = spec.argoVersion;
  const ctx = { acknowledge: spec.acknowledge ?? [], strict };
  const sources: { path: Path; rules: PolicyRule[] }[] = [
    ...(spec.preset !== undefined ? [{ path: ['preset'], request: { preset: spec.preset } }] : []),
    ...(spec.can ?? []).map((name, i) => ({ path: ['can', i], request: { can: [name] } })),
    ...(spec.rules ?? []).map((rule, i) => ({ path: ['rules', i], request: { rules: [rule] } })),
  ].map(({ path, request }) => ({
    path,
    rules: mergeRules(requestedRules({ ...request, argoVersion: version })),
  }));

  const issues: Issue[] = [];
  const seen = new Set<string>();
  const add = (path: Path, f: Finding) => {
    const key = `${f.rule}:${f.subject}`;
    if (seen.has(key)) return;
    seen.add(key);
    const where = path.length > 0 ? `'${formatPath(path)}' ` : '';
    issues.push({ severity: f.severity, path, message: `${where}${f.message}` });
  };
  for (const source of sources) {
    for (const f of lintClient({ rules: source.rules, ...ctx })) add(source.path, f);
  }
  const all = resolveRules(spec);
  for (const f of lintClient({
    rules: [...all.namespaced, ...all.cluster],
    bindClusterRoles: spec.bindClusterRoles,
    namespaces: [spec.namespace, ...(spec.namespaces ?? [])],
    ...ctx,
  })) {
    add(
      f.rule === 'admin-binding' ? ['bindClusterRoles'] : f.rule === 'system-namespace' ? ['namespace'] : [],
      f,
    );
  }
  return issues;
}

/**
 * Validates one client completely: schema, semantics, and (when those pass) the security lint.
 * Warnings come back with severity 'warning'; strict turns lint warnings into errors.
 */
export function validateClient(spec: unknown, strict = false): Issue[] {
  // The same client is validated by the file loader and again by its construct; thousands of clients
  // of a file often share one shape: remember the answers.
  const key = `${strict}\u0000${JSON.stringify(spec) ?? 'undefined'}`;
  const known = validated.get(key);
  if (known) return known;
  const issues = validateUncached(spec, strict);
  if (validated.size > 10_000) validated.clear();
  validated.set(key, issues);
  return issues;
}

const validated = new Map<string, Issue[]>();

function validateUncached(spec: unknown, strict: boolean): Issue[] {
  const validators = schemaValidators();
  const refused = withoutShadowed(findWildcards(spec), findRefusedVerbs(spec));
  validators.client(spec);
  const schemaIssues = (validators.client.errors ?? []).map((e) =>
    issueFromSchemaError(e, [], 'the client entry'),
  );
  // `can` entries and argoVersion get their own, more precise messages below (anyOf errors say little).
  const precise = (i: Issue) =>
    i.path[0] === 'can' ||
    (i.path[0] === 'argoVersion' && typeof (spec as { argoVersion?: unknown })?.argoVersion === 'number');
  const structural = withoutShadowed(
    refused,
    schemaIssues.filter((i) => !precise(i)),
  );
  const semantic = spec && typeof spec === 'object' ? checkSemantics(spec as Record<string, unknown>) : [];
  const issues = withoutShadowed(structural, semantic);
  if (issues.some((i) => i.severity === 'error')) return issues;
  return [...issues, ...lintIssues(spec as ClientSpec, strict)];
}
