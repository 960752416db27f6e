// Reads the clients file (argo-clients.yaml): YAML with positions, then every check of every
// client, reported together as `file:line:col: clients[i] "name": field …` lines.

import * as fs from 'node:fs';
import { isMap, isPair, isScalar, LineCounter, type Node, parseDocument } from 'yaml';
import {
  type ClientSpec,
  type Issue,
  issueFromSchemaError,
  type Path,
  schemaValidators,
  validateClient,
} from './spec';

export const DEFAULT_CLIENTS_FILE = 'argo-clients.yaml';

export interface ClientsFile {
  readonly clients: ClientSpec[];
  /** Security-lint warnings are errors. */
  readonly strict: boolean;
}

export interface LoadResult {
  /** Present only when there are no errors. */
  readonly file?: ClientsFile;
  readonly errors: string[];
  readonly warnings: string[];
}

export interface LoadOptions {
  /** Turn security-lint warnings into errors (as the file's own `strict: true` does). */
  readonly strict?: boolean;
}

/** Reads and validates a clients file. Never throws for a problem with the file itself. */
export function loadClientsFile(path: string, options: LoadOptions = {}): LoadResult {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(err);
    return {
      errors: [
        `${path}: cannot read the clients file: ${why} (the path comes from --clients, ARGO_TOKEN_CLIENTS_FILE, or defaults to ${DEFAULT_CLIENTS_FILE})`,
      ],
      warnings: [],
    };
  }
  return parseClientsFile(text, path, options);
}

/** Validates the text of a clients file; `source` names it in messages. */
export function parseClientsFile(text: string, source: string, options: LoadOptions = {}): LoadResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return `${source}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    return {
      errors: doc.errors.map((e) => `${at(e.pos[0])}: invalid YAML: ${e.message.split('\n')[0]}`),
      warnings: [],
    };
  }
  const data = doc.toJS() as unknown;
  if (data === null || data === undefined) {
    return {
      errors: [
        `${source}: the file is empty; expected a mapping with a 'clients' list (see argo-clients.schema.json)`,
      ],
      warnings: [],
    };
  }

  const located: { path: Path; issue: Issue }[] = [];
  const validators = schemaValidators();
  validators.file(data);
  for (const e of validators.file.errors ?? []) {
    if (/^\/clients\/\d+/.test(e.instancePath)) continue; // reported per client below, with its name
    const issue = issueFromSchemaError(e);
    located.push({ path: issue.path, issue });
  }

  const record = data as Record<string, unknown>;
  const strict = options.strict === true || record.strict === true;
  const clients = Array.isArray(record.clients) ? record.clients : [];
  const homes = new Map<string, number>();
  clients.forEach((client, i) => {
    for (const issue of validateClient(client, strict))
      located.push({ path: ['clients', i, ...issue.path], issue });
    const { name, namespace } = (client ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || typeof namespace !== 'string') return;
    const key = `${namespace}/${name}`;
    const first = homes.get(key);
    if (first === undefined) {
      homes.set(key, i);
      return;
    }
    located.push({
      path: ['clients', i, 'name'],
      issue: {
        severity: 'error',
        path: ['name'],
        message: `duplicate client: namespace "${namespace}" already has a client "${name}" (clients[${first}]); a name must be unique in its namespace`,
      },
    });
  });

  const format = ({ path, issue }: { path: Path; issue: Issue }) => {
    const where = at(offsetOf(doc.contents, path));
    if (path[0] === 'clients' && typeof path[1] === 'number') {
      const name = (clients[path[1]] as { name?: unknown } | undefined)?.name;
      const who = typeof name === 'string' ? ` ${JSON.stringify(name)}` : '';
      return `${where}: clients[${path[1]}]${who}: ${issue.message}`;
    }
    return `${where}: ${issue.message}`;
  };
  const errors = located.filter((l) => l.issue.severity === 'error').map(format);
  const warnings = located.filter((l) => l.issue.severity === 'warning').map(format);
  if (errors.length > 0) return { errors, warnings };
  return { file: { clients: clients as ClientSpec[], strict }, errors, warnings };
}

/** Offset of the deepest node on the path (a missing key points at its parent, an unknown key at itself). */
function offsetOf(root: Node | null, path: Path): number {
  let node: unknown = root;
  let offset = (root as Node | null)?.range?.[0] ?? 0;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      if (key === path[path.length - 1] && !isScalar(pair.value)) break;
      node = pair.value;
      offset = (pair.value as Node | null)?.range?.[0] ?? offset;
    } else if (node && typeof node === 'object' && 'items' in node && typeof key === 'number') {
      const item = (node as { items: Node[] }).items[key];
      if (!item) break;
      node = item;
      offset = item.range?.[0] ?? offset;
    } else {
      break;
    }
  }
  return offset;
}
