export * from './argo-api-client';
export * from './argo-api-clients';
