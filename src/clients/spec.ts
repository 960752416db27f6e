// One client as the clients file and the ArgoApiClient construct describe it: its validation
// (JSON Schema, then the checks a schema cannot express, then the security lint) and its rules.

import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import {
  type Acknowledgement,
  ARGO_GROUP,
  ARGO_RESOURCES,
  type ArgoVersion,
  CORE_GROUP,
  CORE_RESOURCES,
  knownResources,
  REFUSED_VERBS,
} from '../argo/catalogue';
import { type Finding, LINT_RULES, lintClient } from '../rbac/lint';
import { mergeRules, type PolicyRule, type RuleInput, requestedRules, resolveRules } from '../rbac/rules';
import { didYouMean, shown } from './messages';
import { API_GROUP, clientsFileSchema, DNS_1123_LABEL, OBJECT_NAME, RESOURCE, ROLE_NAME } from './schema';

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
   * Argo Workflows release line the capability rules are computed for.
   * @default - the current release line (DEFAULT_ARGO_VERSION)
   */
  readonly argoVersion?: ArgoVersion;
  /**
   * A named set of capabilities or rules: viewer, ci-submitter, webhook, seed-example.
   * @default - no preset
   */
  readonly preset?: string;
  /**
   * Capabilities (Argo operations) the client needs, turned into the minimal rules.
   * @default - none
   */
  readonly can?: readonly string[];
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
      const article = want === 'array' ? 'a list' : want === 'object' ? 'a mapping' : `a ${want}`;
      const value = typeof e.data === 'string' || typeof e.data === 'number' ? ` ${quote(e.data)}` : '';
      return {
        severity: 'error',
        path,
        message: `${field(path)} must be ${article}, got ${typeName(e.data)}${value}`,
      };
    }
    case 'minItems':
      return { severity: 'error', path, message: `${field(path)} must not be empty` };
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

let compiled: { file: ValidateFunction; client: ValidateFunction } | undefined;

/** The compiled JSON Schema validators (whole file, one client), compiled once per process. */
export function schemaValidators(): { file: ValidateFunction; client: ValidateFunction } {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
    ajv.addSchema(clientsFileSchema);
    compiled = {
      file: ajv.getSchema(clientsFileSchema.$id)!,
      client: ajv.getSchema(`${clientsFileSchema.$id}#/definitions/client`)!,
    };
  }
  return compiled;
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
      error(
        ['rules', r, 'resourceNames'],
        `'${formatPath(['rules', r, 'resourceNames'])}' is not allowed on argoproj.io rules: Argo Server checks access without the object name, so a rule narrowed by name never matches`,
      );
    }
  });

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
    ...ctx,
  })) {
    add(f.rule === 'admin-binding' ? ['bindClusterRoles'] : [], f);
  }
  return issues;
}

/**
 * Validates one client completely: schema, semantics, and (when those pass) the security lint.
 * Warnings come back with severity 'warning'; strict turns lint warnings into errors.
 */
export function validateClient(spec: unknown, strict = false): Issue[] {
  const validators = schemaValidators();
  const refused = withoutShadowed(findWildcards(spec), findRefusedVerbs(spec));
  validators.client(spec);
  const schemaIssues = (validators.client.errors ?? []).map((e) =>
    issueFromSchemaError(e, [], 'the client entry'),
  );
  const structural = withoutShadowed(refused, schemaIssues);
  const semantic = spec && typeof spec === 'object' ? checkSemantics(spec as Record<string, unknown>) : [];
  const issues = withoutShadowed(structural, semantic);
  if (issues.length > 0) return issues;
  return lintIssues(spec as ClientSpec, strict);
}
