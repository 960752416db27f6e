// Names and bounds of SSO accounts, shared by the schema, the planner and the CLI (no imports: no cycles,
// and cheap to load).

/** Precedences argo-token accepts: Argo parses them with strconv.Atoi; kept inside 32 bits for any reader. */
export const MAX_PRECEDENCE = 2_147_483_647;
export const MIN_PRECEDENCE = -2_147_483_648;

/** The namespace Argo Server runs in (ssoNamespace) unless the file says otherwise: Argo's quick-start install. */
export const DEFAULT_SSO_NAMESPACE = 'argo';

/** The ServiceAccount annotation Argo reads the rule from (workflow/common/common.go AnnotationKeyRBACRule). */
export const RBAC_RULE_ANNOTATION = 'workflows.argoproj.io/rbac-rule';
/** The precedence annotation (common.go AnnotationKeyRBACRulePrecedence): an integer, highest first. */
export const RBAC_PRECEDENCE_ANNOTATION = 'workflows.argoproj.io/rbac-rule-precedence';
/** argo-token's record of the login namespace the accounts were planned for (Argo ignores it). */
export const SSO_NAMESPACE_ANNOTATION = 'argo-token/sso-namespace';

/** Findings of the SSO lint an account may acknowledge (keep it as it is, without a warning, under strict too). */
export const SSO_ACKNOWLEDGEMENTS = ['shadowed', 'cannot-delegate', 'no-login-account'] as const;
export type SsoAcknowledgement = (typeof SSO_ACKNOWLEDGEMENTS)[number];
