// Every Argo Server endpoint the catalogue knows, by area. One file per area holds the facts with
// their evidence; catalogue.ts holds the logic that reads them.

import type { Operation } from '../facts';
import { ARCHIVED_WORKFLOWS_OPERATIONS } from './archived-workflows';
import { ARTIFACTS_OPERATIONS } from './artifacts';
import { CLUSTER_WORKFLOW_TEMPLATES_OPERATIONS } from './cluster-workflow-templates';
import { CRON_WORKFLOWS_OPERATIONS } from './cron-workflows';
import { EVENT_SOURCES_OPERATIONS } from './event-sources';
import { EVENTS_OPERATIONS } from './events';
import { INFO_OPERATIONS } from './info';
import { SENSORS_OPERATIONS } from './sensors';
import { SYNC_LIMITS_OPERATIONS } from './sync-limits';
import { WORKFLOW_TEMPLATES_OPERATIONS } from './workflow-templates';
import { WORKFLOWS_OPERATIONS } from './workflows';

export const OPERATIONS: readonly Operation[] = [
  ...WORKFLOWS_OPERATIONS,
  ...ARCHIVED_WORKFLOWS_OPERATIONS,
  ...WORKFLOW_TEMPLATES_OPERATIONS,
  ...CLUSTER_WORKFLOW_TEMPLATES_OPERATIONS,
  ...CRON_WORKFLOWS_OPERATIONS,
  ...EVENTS_OPERATIONS,
  ...EVENT_SOURCES_OPERATIONS,
  ...SENSORS_OPERATIONS,
  ...SYNC_LIMITS_OPERATIONS,
  ...ARTIFACTS_OPERATIONS,
  ...INFO_OPERATIONS,
];
