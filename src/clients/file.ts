// Reads the clients file (argo-clients.yaml): bounded in size, UTF-8 only, YAML with positions and
// bounded aliases and nesting, then every check of every client, reported together as
// `file:line:col: clients[i] "name": field …` lines.

import * as fs from 'node:fs';
import { isAlias, isMap, isPair, isScalar, LineCounter, type Node, parseDocument, visit } from 'yaml';
import {
  DEFAULT_SSO_NAMESPACE,
  planSso,
  type SsoAccountSpec,
  type SsoPlan,
  validateSsoAccount,
} from '../sso/accounts';
import { shown, shownPath } from './messages';
import {
  type ClientSpec,
  type Issue,
  issueFromSchemaError,
  type Path,
  schemaValidators,
  validateClient,
} from './spec';

export const DEFAULT_CLIENTS_FILE = 'argo-clients.yaml';

/** The largest clients file read (bytes): about 60,000 clients; an endless input stops here. */
export const MAX_CLIENTS_FILE_BYTES = 16 * 1024 * 1024;
/** Alias expansions allowed: any legitimate reuse of anchors, but not an exponential alias bomb. */
export const MAX_ALIAS_COUNT = 200_000;
/** Nesting allowed in the file (a clients file is 5 levels deep). */
export const MAX_DEPTH = 64;

export interface ClientsFile {
  readonly clients: ClientSpec[];
  /** The `sso:` accounts, planned (rule and precedence of each); absent when the file has none. */
  readonly sso?: SsoPlan;
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
  const read = readClientsText(path);
  if ('error' in read) return { errors: [read.error], warnings: [] };
  return parseClientsFile(read.text, path, options);
}

const MIB = 1024 * 1024;
const size = (bytes: number) => `${(bytes / MIB).toFixed(1)} MiB`;

/**
 * The text of the clients file, or one line saying why it cannot be read: missing, a folder, larger
 * than MAX_CLIENTS_FILE_BYTES (read in chunks, so an endless file such as /dev/zero stops there), or
 * not UTF-8 (which encoding it looks like).
 */
export function readClientsText(path: string): { text: string } | { error: string } {
  const where = shownPath(path);
  const from = `(the path comes from --clients, ARGO_TOKEN_CLIENTS_FILE, or defaults to ${DEFAULT_CLIENTS_FILE})`;
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a folder'
            : `${(err as Error).message}`;
    return { error: `${where}: cannot read the clients file: ${why} ${from}` };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory())
      return { error: `${where}: cannot read the clients file: it is a folder ${from}` };
    const tooBig = () => ({
      error: `${where}: the clients file is larger than ${size(MAX_CLIENTS_FILE_BYTES)}${stat.isFile() ? ` (${size(stat.size)})` : ''}, the limit; split it or check the path ${from}`,
    });
    if (stat.isFile() && stat.size > MAX_CLIENTS_FILE_BYTES) return tooBig();
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 * MIB, MAX_CLIENTS_FILE_BYTES + 1 - total));
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > MAX_CLIENTS_FILE_BYTES) return tooBig();
    }
    return decode(Buffer.concat(chunks, total), where);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      error: `${where}: cannot read the clients file: ${code === 'EISDIR' ? 'it is a folder' : (err as Error).message} ${from}`,
    };
  } finally {
    fs.closeSync(fd);
  }
}

/** Byte-order marks of the encodings a YAML file may be in, longest first. */
const BOMS: [number[], string][] = [
  [[0x00, 0x00, 0xfe, 0xff], 'UTF-32 BE'],
  [[0xff, 0xfe, 0x00, 0x00], 'UTF-32 LE'],
  [[0xef, 0xbb, 0xbf], 'UTF-8'],
  [[0xfe, 0xff], 'UTF-16 BE'],
  [[0xff, 0xfe], 'UTF-16 LE'],
];

const SAVE_AS_UTF8 = 'save it as UTF-8 (Kubernetes tools read YAML as UTF-8)';

/** UTF-8 text (a BOM is dropped), or which encoding the bytes look like instead. */
function decode(bytes: Buffer, where: string): { text: string } | { error: string } {
  for (const [bom, name] of BOMS) {
    if (bytes.length >= bom.length && bom.every((b, i) => bytes[i] === b)) {
      if (name === 'UTF-8') return decode(bytes.subarray(3), where);
      return {
        error: `${where}: the clients file is ${name} (it starts with a byte-order mark); ${SAVE_AS_UTF8}`,
      };
    }
  }
  // Without a BOM, UTF-16 shows as a NUL byte beside every ASCII character.
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const evenNuls = bytes.length >= 2 && bytes[0] !== 0 && bytes[1] === 0;
    const oddNuls = bytes.length >= 2 && bytes[0] === 0 && bytes[1] !== 0;
    if (evenNuls || oddNuls) {
      return {
        error: `${where}: the clients file looks like UTF-16 ${evenNuls ? 'LE' : 'BE'} without a byte-order mark; ${SAVE_AS_UTF8}`,
      };
    }
    const { line, col } = position(bytes, nul);
    return { error: `${where}:${line}:${col}: the clients file holds a NUL byte: it is not a text file` };
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad < 0) return { text: bytes.toString('utf8') };
  const { line, col } = position(bytes, bad);
  const hex = bytes[bad].toString(16).toUpperCase().padStart(2, '0');
  return {
    error: `${where}:${line}:${col}: the clients file is not UTF-8: byte 0x${hex} cannot start or continue a UTF-8 character; it looks like Latin-1 (ISO-8859-1) or Windows-1252; ${SAVE_AS_UTF8}`,
  };
}

function position(bytes: Buffer, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = bytes.indexOf(10); i >= 0 && i < offset; i = bytes.indexOf(10, i + 1)) {
    line += 1;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i += 1;
      continue;
    }
    // Lead byte → sequence length and the allowed range of the second byte (no overlongs, no surrogates).
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 2;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 3;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 4;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    if (i + n > b.length) return i;
    if (b[i + 1] < lo || b[i + 1] > hi) return i;
    for (let k = 2; k < n; k++) if (b[i + k] < 0x80 || b[i + k] > 0xbf) return i;
    i += n;
  }
  return -1;
}

/**
 * The depth of the deepest value, or 'cycle' when an alias refers to a node that contains it (YAML
 * allows it; the result is a value that contains itself). Iterative and memoized: aliases share objects,
 * and a hostile file must not overflow the stack here.
 */
function depthOf(root: unknown, limit: number): number | 'cycle' {
  const height = new Map<object, number>(); // finished: the height below each object
  const open = new Set<object>(); // on the current path
  const stack: { value: object; children: unknown[]; next: number; depth: number }[] = [];
  const enter = (value: unknown, depth: number): number | 'cycle' | undefined => {
    if (value === null || typeof value !== 'object') return 1;
    if (open.has(value)) return 'cycle';
    const known = height.get(value);
    if (known !== undefined) return known;
    if (depth > limit) return depth;
    open.add(value);
    stack.push({ value, children: Object.values(value), next: 0, depth });
    return undefined;
  };
  const first = enter(root, 1);
  if (first !== undefined) return first;
  let result = 1;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.next < frame.children.length) {
      const child = frame.children[frame.next++];
      const h = enter(child, frame.depth + 1);
      if (h === 'cycle') return h;
      if (h !== undefined && frame.depth + h > limit) return frame.depth + h;
      continue;
    }
    stack.pop();
    open.delete(frame.value);
    const below = Math.max(
      0,
      ...frame.children.map((c) => (c !== null && typeof c === 'object' ? (height.get(c) ?? 0) : 1)),
    );
    height.set(frame.value, below + 1);
    result = Math.max(result, frame.depth + below);
  }
  return result;
}

/** Validates the text of a clients file; `source` names it in messages. */
export function parseClientsFile(text: string, source: string, options: LoadOptions = {}): LoadResult {
  const lines = new LineCounter();
  // merge: `<<: *defaults` merge keys, a common way to reuse settings in YAML written for Kubernetes.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: true });
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return `${source}:${line}:${col}`;
  };
  // The parser's warnings (an unknown tag such as !foo, silently dropped) are mistakes in a clients file.
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    return {
      errors: problems.map((e) =>
        e.code === 'RESOURCE_EXHAUSTION'
          ? `${at(e.pos[0])}: invalid YAML: nested too deeply to read (a clients file is about 5 levels deep)`
          : `${at(e.pos[0])}: invalid YAML: ${e.message.split('\n')[0]}`,
      ),
      warnings: [],
    };
  }
  // One pass in document order: an alias must follow its anchor (the library resolves each alias by
  // walking the whole document, which is quadratic, so it is not asked to).
  const unresolved: string[] = [];
  const anchors = new Set<string>();
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        if (!anchors.has(node.source)) {
          unresolved.push(
            `${at(node.range?.[0] ?? 0)}: invalid YAML: alias *${node.source} refers to no anchor &${node.source} defined before it`,
          );
        }
      } else if (node.anchor) anchors.add(node.anchor);
    },
  });
  if (unresolved.length > 0) return { errors: unresolved, warnings: [] };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const message = (err as Error).message;
    const why = /Excessive alias count/.test(message)
      ? `its aliases expand to more than ${MAX_ALIAS_COUNT.toLocaleString('en')} values (an alias bomb?); write the values out or use fewer nested aliases`
      : message.split('\n')[0];
    return { errors: [`${source}: invalid YAML: ${why}`], warnings: [] };
  }
  const depth = depthOf(data, MAX_DEPTH);
  if (depth === 'cycle') {
    return {
      errors: [
        `${source}: invalid YAML: an alias refers to a node that contains it (a value that contains itself)`,
      ],
      warnings: [],
    };
  }
  if (depth > MAX_DEPTH) {
    return {
      errors: [
        `${source}: the file is nested more than ${MAX_DEPTH} levels deep (a clients file is about 5)`,
      ],
      warnings: [],
    };
  }
  if (data === null || data === undefined) {
    return {
      errors: [
        `${source}: the file is empty; expected a mapping with a 'clients' list (see argo-clients.schema.json)`,
      ],
      warnings: [],
    };
  }

  const located: { path: Path; issue: Issue }[] = [];
  const record = data as Record<string, unknown>;
  if (
    record &&
    typeof record === 'object' &&
    !Array.isArray(record) &&
    !('clients' in record) &&
    !('sso' in record)
  ) {
    located.push({
      path: ['clients'],
      issue: { severity: 'error', path: ['clients'], message: "'clients' is required" },
    });
  }
  const validators = schemaValidators();
  validators.file(data);
  for (const e of validators.file.errors ?? []) {
    if (/^\/(clients|sso)\/\d+/.test(e.instancePath)) continue; // reported per entry below, with its name
    const issue = issueFromSchemaError(e);
    located.push({ path: issue.path, issue });
  }
  const strict = options.strict === true || record.strict === true;
  const clients = Array.isArray(record.clients) ? record.clients : [];
  const ssoEntries = Array.isArray(record.sso) ? record.sso : [];
  const ssoNamespace = typeof record.ssoNamespace === 'string' ? record.ssoNamespace : DEFAULT_SSO_NAMESPACE;
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

  let ssoValid = true;
  ssoEntries.forEach((entry, i) => {
    for (const issue of validateSsoAccount(entry, ssoNamespace, strict)) {
      if (issue.severity === 'error') ssoValid = false;
      located.push({ path: ['sso', i, ...issue.path], issue });
    }
    const { name, namespace = ssoNamespace } = (entry ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || typeof namespace !== 'string') return;
    const key = `${namespace}/${name}`;
    const first = homes.get(key);
    if (first === undefined) {
      homes.set(key, -1 - i);
      return;
    }
    ssoValid = false;
    located.push({
      path: ['sso', i, 'name'],
      issue: {
        severity: 'error',
        path: ['name'],
        message: `duplicate ServiceAccount: namespace "${namespace}" already has "${name}" (${first >= 0 ? `clients[${first}]` : `sso[${-1 - first}]`}); a name must be unique in its namespace`,
      },
    });
  });
  let sso: SsoPlan | undefined;
  if (ssoEntries.length > 0 && ssoValid) {
    sso = planSso(ssoEntries as SsoAccountSpec[], ssoNamespace, strict);
    for (const issue of sso.issues) located.push({ path: ['sso', issue.index, ...issue.path], issue });
  }

  const format = ({ path, issue }: { path: Path; issue: Issue }) => {
    const where = at(offsetOf(doc.contents, path));
    if ((path[0] === 'clients' || path[0] === 'sso') && typeof path[1] === 'number') {
      const list = path[0] === 'clients' ? clients : ssoEntries;
      const name = (list[path[1]] as { name?: unknown } | undefined)?.name;
      const who = typeof name === 'string' ? ` ${shown(name)}` : '';
      return `${where}: ${path[0]}[${path[1]}]${who}: ${issue.message}`;
    }
    return `${where}: ${issue.message}`;
  };
  const errors = located.filter((l) => l.issue.severity === 'error').map(format);
  const warnings = located.filter((l) => l.issue.severity === 'warning').map(format);
  if (errors.length > 0) return { errors, warnings };
  return { file: { clients: clients as ClientSpec[], ...(sso ? { sso } : {}), strict }, errors, warnings };
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
