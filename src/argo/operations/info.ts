// What Argo Server checks for its info endpoints, per version, with the evidence in Argo's source.
// Read each cited function at its tag: git show <tag>:<file> in a clone of argoproj/argo-workflows.

import { ev, type Operation } from '../facts';

export const INFO_OPERATIONS: readonly Operation[] = [
  {
    id: 'get-info',
    area: 'info',
    rpc: 'InfoService.GetInfo',
    method: 'GET',
    path: '/api/v1/info',
    summary: 'get server info (links, modals, columns)',
    checks: [],
    denials: [{ status: 'none' }],
    evidence: [
      ev('v3.5.15', 'server/info/info_server.go', '(*infoServer).GetInfo', 'return &infopkg.InfoResponse{'),
    ],
    note: "Returns managedNamespace, links, columns, modals (env vars), navColor from server config; no Kubernetes call. The gatekeeper still requires an Authorization header that selects a mode (in client mode any 'Bearer <anything>' works: the token is not verified because no Kubernetes call is made).",
  },
  {
    id: 'get-version',
    area: 'info',
    rpc: 'InfoService.GetVersion',
    method: 'GET',
    path: '/api/v1/version',
    summary: "get Argo's version",
    checks: [],
    denials: [{ status: 'none' }],
    evidence: [
      ev('v3.5.15', 'server/info/info_server.go', '(*infoServer).GetVersion', 'version := argo.GetVersion()'),
    ],
    note: 'Returns the compiled-in version; no Kubernetes call; token not verified.',
  },
  {
    id: 'get-user-info',
    area: 'info',
    rpc: 'InfoService.GetUserInfo',
    method: 'GET',
    path: '/api/v1/userinfo',
    summary: 'get the caller as Argo sees it',
    checks: [],
    denials: [{ status: 'none' }],
    evidence: [
      ev(
        'v3.5.15',
        'server/auth/serviceaccount/claims.go',
        'ClaimSetFor',
        'claims.ServiceAccountName = parts[3]',
      ),
      ev(
        'v4.1.2',
        'server/auth/serviceaccount/claims.go',
        'ClaimSetWithBearerToken',
        'claims.ServiceAccountName = parts[3]',
      ),
      ev(
        'v3.5.15',
        'server/auth/gatekeeper.go',
        '(gatekeeper).getClients',
        'claims, _ := serviceaccount.ClaimSetFor(restConfig)',
      ),
    ],
    note: "No Kubernetes call. Claims come from serviceaccount.ClaimSetFor(restConfig) in the gatekeeper, which base64-decodes the bearer JWT payload WITHOUT verifying the signature. For a ServiceAccount token the response holds subject ('system:serviceaccount:<ns>:<name>'), issuer (the token's iss), empty groups/name/email, emailVerified false; from 3.5.9 (fix 861ec70cf4, #13347) serviceAccountNamespace and serviceAccountName are derived by splitting the subject on ':' (4 parts). Forged/unsigned JWTs are echoed back as-is.",
  },
  {
    id: 'collect-event',
    area: 'info',
    rpc: 'InfoService.CollectEvent',
    method: 'POST',
    path: '/api/v1/tracking/event',
    summary: 'send a UI tracking event',
    checks: [],
    denials: [{ status: 'none' }],
    evidence: [
      ev(
        'v3.5.15',
        'server/info/info_server.go',
        '(*infoServer).CollectEvent',
        'logFields["name"] = req.Name',
      ),
    ],
    note: "Only logs 'tracking UI usage' with the claims' subject/email and the event name; no Kubernetes call.",
  },
];
