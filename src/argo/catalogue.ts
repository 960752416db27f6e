// Reads the facts: which checks an operation makes at a version under given conditions, how a denial
// shows, and whether the endpoint exists. The facts themselves live in operations/ (one file per area).

import { type Check, CONDITIONS, type ConditionId, type DenialStatus, type Operation } from './facts';
import { OPERATIONS } from './operations';
import { inRanges } from './versions';

export { OPERATIONS } from './operations';

const byId = new Map(OPERATIONS.map((o) => [o.id, o]));

export function operation(id: string): Operation {
  const found = byId.get(id);
  if (!found) throw new Error(`unknown operation "${id}"`);
  return found;
}

export const OPERATION_IDS: readonly string[] = OPERATIONS.map((o) => o.id);

/** Whether the endpoint exists at an exact release. */
export const existsAt = (op: Operation, version: string) => inRanges(version, op.argo);

export type Conditions = Readonly<Partial<Record<ConditionId, boolean>>>;

/** Every condition's value for a request: the defaults, the variant's own, then `extra`. */
export function conditionsFor(op: Operation, extra: Conditions = {}): Record<ConditionId, boolean> {
  const values = Object.fromEntries(
    Object.entries(CONDITIONS).map(([id, c]) => [id, c.default as boolean]),
  ) as Record<ConditionId, boolean>;
  return Object.assign(values, op.given ?? {}, extra);
}

/** The checks an operation can make at a version, whatever the conditions. */
export function checksAt(op: Operation, version: string): Check[] {
  return existsAt(op, version) ? op.checks.filter((c) => inRanges(version, c.argo)) : [];
}

const holds = (check: Check, values: Record<ConditionId, boolean>) =>
  (check.when ?? []).every((c) => values[c]);

/** The checks made for a request with these conditions (the typical request by default). */
export function requiredChecks(op: Operation, version: string, extra: Conditions = {}): Check[] {
  const values = conditionsFor(op, extra);
  return checksAt(op, version).filter((c) => holds(c, values));
}

/** The checks made only under other conditions than these (`when` names them). */
export function conditionalChecks(op: Operation, version: string, extra: Conditions = {}): Check[] {
  const values = conditionsFor(op, extra);
  return checksAt(op, version).filter((c) => !holds(c, values));
}

/** What a caller lacking a permission gets at a version. */
export function denialAt(op: Operation, version: string): DenialStatus {
  return op.denials.find((d) => inRanges(version, d.argo))?.status ?? '403';
}

/** An endpoint that checks nothing at a version: a call to it proves nothing about a token. */
export const checksNothing = (op: Operation, version: string) => checksAt(op, version).length === 0;
