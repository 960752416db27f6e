// The JSON Schema of the clients file, built from the catalogue so that the enums never drift.
// `npm run docs` writes it to argo-clients.schema.json for editors (yaml-language-server).

import {
  CAPABILITIES,
  CAPABILITY_NAMES,
  NAME_OPTIONS,
  PRESET_NAMES,
  possibleOptions,
} from '../argo/capabilities';
import { ARGO_VERSION_VALUES, DEFAULT_ARGO_VERSION, RELEASE_LINES } from '../argo/versions';
import { ACKNOWLEDGEMENTS } from '../rbac/lint';
import { RESOURCE_VERBS } from '../rbac/verbs';
import { MAX_PRECEDENCE, MIN_PRECEDENCE, SSO_ACKNOWLEDGEMENTS } from '../sso/limits';

export const DNS_1123_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
/** An API group: "" (core) or a DNS-1123 subdomain. */
export const API_GROUP = '^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
/** A plural resource, optionally with `/subresource`. */
export const RESOURCE = '^[a-z][a-z0-9]*(/[a-z][a-z0-9]*)?$';
/** A Kubernetes object name (DNS-1123 subdomain), for resourceNames and ClusterRole names. */
export const OBJECT_NAME = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
/** ClusterRole names may also hold ':' (system:aggregate-to-view). */
export const ROLE_NAME = '^[a-z0-9]([-a-z0-9:.]*[a-z0-9])?$';

const label = (description: string) => ({
  type: 'string',
  pattern: DNS_1123_LABEL,
  maxLength: 63,
  description,
});
const list = (items: object, description: string) => ({
  type: 'array',
  items,
  uniqueItems: true,
  description,
});

export const CLIENT_FIELDS = [
  'name',
  'namespace',
  'namespaces',
  'argoVersion',
  'preset',
  'can',
  'rules',
  'bindClusterRoles',
  'acknowledge',
] as const;
export const RULE_FIELDS = ['apiGroup', 'resources', 'verbs', 'resourceNames'] as const;
export const FILE_FIELDS = ['clients', 'sso', 'ssoNamespace', 'strict'] as const;

/** The options each capability may take, as a schema per capability (those without options are left out). */
function capabilityOptionSchemas(): Record<string, object> {
  const out: Record<string, object> = {};
  for (const cap of CAPABILITIES) {
    const options = possibleOptions(cap);
    if (options.length === 0) continue;
    out[cap.name] = {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(
        options.map((o) => [
          o,
          NAME_OPTIONS.includes(o)
            ? {
                type: 'array',
                minItems: 1,
                uniqueItems: true,
                items: { type: 'string', pattern: OBJECT_NAME, maxLength: 253 },
                description: `Names of the ${o} this client needs.`,
              }
            : { type: 'boolean' },
        ]),
      ),
      description: cap.summary,
    };
  }
  return out;
}

/** The fields of a client entry. */
function clientFieldSchemas() {
  return {
    name: label('ServiceAccount, Role and RoleBinding name; the Secret is <name>.service-account-token.'),
    namespace: label('The namespace the ServiceAccount lives in and the client works in.'),
    namespaces: list(
      { type: 'string', pattern: DNS_1123_LABEL, maxLength: 63 },
      'Other namespaces the client also works in: a Role and RoleBinding in each. Default: none.',
    ),
    argoVersion: {
      type: 'string',
      enum: [...ARGO_VERSION_VALUES],
      description: `The Argo Workflows version the rules are computed for: a release line (${RELEASE_LINES.join(', ')}: its newest known patch) or an exact release (3.7.10). Default: ${DEFAULT_ARGO_VERSION}.`,
    },
    preset: {
      type: 'string',
      enum: [...PRESET_NAMES],
      description: 'A named set of capabilities or rules.',
    },
    can: list(
      {
        anyOf: [
          { type: 'string', enum: [...CAPABILITY_NAMES] },
          {
            type: 'object',
            minProperties: 1,
            maxProperties: 1,
            additionalProperties: false,
            properties: capabilityOptionSchemas(),
          },
        ],
      },
      'Capabilities: Argo operations the client needs; `{capability: {option: …}}` where it takes options.',
    ),
    rules: { type: 'array', items: { $ref: '#/definitions/rule' }, description: 'Explicit RBAC rules.' },
    bindClusterRoles: list(
      { type: 'string', pattern: ROLE_NAME, maxLength: 253 },
      'Existing ClusterRoles (argo-aggregate-to-view, say) to bind in each of the client’s namespaces.',
    ),
    acknowledge: list(
      { type: 'string', enum: [...ACKNOWLEDGEMENTS] },
      'Security-lint findings the client accepts on purpose (read-secrets is needed by read-artifacts).',
    ),
  };
}

const names = (what: string) => ({
  type: 'array',
  minItems: 1,
  uniqueItems: true,
  items: { type: 'string' },
  description: what,
});

/** An `sso:` entry: a client's fields (namespace optional) plus match, rule and precedence. */
function ssoAccountSchema() {
  // The client's own fields, by reference (one definition: the schema stays small and cannot drift), in
  // the client's order; namespace (optional here) and acknowledge (more findings) are the account's own.
  const own: Record<string, object> = {
    namespace: label(
      'The ServiceAccount’s namespace: the SSO namespace (ssoNamespace) for a login account, a team’s namespace for a delegated one (SSO_DELEGATE_RBAC_TO_NAMESPACE=true). Default: ssoNamespace.',
    ),
    acknowledge: list(
      { type: 'string', enum: [...ACKNOWLEDGEMENTS, ...SSO_ACKNOWLEDGEMENTS] },
      'Lint findings the account accepts on purpose: the security lint’s, and the SSO lint’s shadowed, cannot-delegate, no-login-account.',
    ),
  };
  const clientProperties = Object.fromEntries(
    Object.keys(clientFieldSchemas()).map((k) => [
      k,
      own[k] ?? { $ref: `#/definitions/client/properties/${k}` },
    ]),
  );
  return {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      ...clientProperties,
      match: {
        type: 'object',
        additionalProperties: false,
        description:
          'Who the account is for: any of the values within a field, and every field given (groups AND emails AND subjects).',
        properties: {
          groups: names('People in any of these groups (the groups claim).'),
          emails: names('People whose email claim is one of these (exact).'),
          subjects: names('People whose sub claim is one of these.'),
          everyone: { type: 'boolean', enum: [true], description: 'Everybody who signs in (the catch-all).' },
        },
      },
      rule: {
        type: 'string',
        description:
          'A raw expr-lang rule instead of match (in, ==, !=, &&, ||, !, startsWith, endsWith, contains, matches).',
      },
      precedence: {
        type: 'integer',
        minimum: MIN_PRECEDENCE,
        maximum: MAX_PRECEDENCE,
        description:
          'workflows.argoproj.io/rbac-rule-precedence: highest first. Default: computed from the file order (delegated accounts above login accounts, the catch-all last).',
      },
    },
  };
}

export const clientsFileSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'argo-clients.schema.json',
  title: 'argo-token clients file',
  description:
    'Automation clients of the Argo Workflows server API: one ServiceAccount, Role, RoleBinding and token Secret each.',
  type: 'object',
  additionalProperties: false,
  properties: {
    strict: {
      type: 'boolean',
      description: 'Refuse the synth on security-lint warnings too. Default: false.',
    },
    clients: {
      type: 'array',
      minItems: 1,
      description: 'One entry per client (Jenkins, a GitHub Actions workflow, a webhook…).',
      items: { $ref: '#/definitions/client' },
    },
    ssoNamespace: label(
      'The namespace Argo Server runs in (its SSO namespace): SSO accounts there are login accounts, looked up for every signed-in person. Default: argo.',
    ),
    sso: {
      type: 'array',
      minItems: 1,
      description:
        "People who sign in to Argo's UI or CLI through SSO: one ServiceAccount each, with the rule Argo's SSO RBAC maps people to it by.",
      items: { $ref: '#/definitions/ssoAccount' },
    },
  },
  definitions: {
    client: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'namespace'],
      properties: clientFieldSchemas(),
    },
    ssoAccount: ssoAccountSchema(),
    rule: {
      type: 'object',
      additionalProperties: false,
      required: ['resources', 'verbs'],
      properties: {
        apiGroup: {
          type: 'string',
          pattern: API_GROUP,
          maxLength: 253,
          description: 'API group; "" is core (pods/log). Default: argoproj.io.',
        },
        resources: {
          type: 'array',
          minItems: 1,
          uniqueItems: true,
          items: { type: 'string', pattern: RESOURCE },
          description: 'Plural resources, with /subresource where needed: workflows, pods/log.',
        },
        verbs: {
          type: 'array',
          minItems: 1,
          uniqueItems: true,
          items: { type: 'string', enum: [...RESOURCE_VERBS] },
          description: 'Kubernetes verbs.',
        },
        resourceNames: {
          type: 'array',
          minItems: 1,
          uniqueItems: true,
          items: { type: 'string', pattern: OBJECT_NAME, maxLength: 253 },
          description:
            'Narrow the rule to these objects (not allowed on argoproj.io: Argo checks access without names).',
        },
      },
    },
  },
} as const;
