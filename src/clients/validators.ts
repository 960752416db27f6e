// The compiled JSON Schema validators of the clients file. Compiling the schema costs about 0.2 s, so
// the compiled code (Ajv standalone) is cached under node_modules/.cache/argo-token/, keyed by the hash
// of the schema: a schema edit compiles anew at the next run, never a stale validator.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { clientsFileSchema } from './schema';

export interface SchemaValidators {
  /** The whole clients file. */
  readonly file: ValidateFunction;
  /** One entry of `clients`. */
  readonly client: ValidateFunction;
  /** One entry of `sso`. */
  readonly sso: ValidateFunction;
}

const OPTIONS = { allErrors: true, verbose: true, strict: true } as const;
const CACHE_DIR = path.resolve(__dirname, '..', '..', 'node_modules', '.cache', 'argo-token');
const REFS = {
  file: clientsFileSchema.$id,
  client: `${clientsFileSchema.$id}#/definitions/client`,
  sso: `${clientsFileSchema.$id}#/definitions/ssoAccount`,
};

let loaded: SchemaValidators | undefined;

/** The validators, compiled once per schema version (and loaded once per process). */
export function schemaValidators(): SchemaValidators {
  loaded ??= fromCache() ?? compileAndCache();
  return loaded;
}

function cacheFile(): string {
  const ajvVersion = (require('ajv/package.json') as { version: string }).version;
  const hash = createHash('sha256')
    .update(JSON.stringify({ schema: clientsFileSchema, options: OPTIONS, ajvVersion }))
    .digest('hex')
    .slice(0, 32);
  return path.join(CACHE_DIR, `clients-schema-${hash}.js`);
}

function fromCache(): SchemaValidators | undefined {
  try {
    return require(cacheFile()) as SchemaValidators;
  } catch {
    return undefined;
  }
}

function compileAndCache(): SchemaValidators {
  // Ajv itself (64 modules, ~50 ms to load) only when the cached validators are missing or stale.
  const Ajv = require('ajv').default as typeof import('ajv').default;
  const ajv = new Ajv({ ...OPTIONS, code: { source: true } });
  ajv.addSchema(clientsFileSchema);
  const validators = {
    file: ajv.getSchema(REFS.file)!,
    client: ajv.getSchema(REFS.client)!,
    sso: ajv.getSchema(REFS.sso)!,
  };
  try {
    const standaloneCode = require('ajv/dist/standalone')
      .default as typeof import('ajv/dist/standalone').default;
    const file = cacheFile();
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const temp = `${file}.${process.pid}`;
    fs.writeFileSync(temp, standaloneCode(ajv, REFS));
    fs.renameSync(temp, file);
  } catch {
    // a read-only node_modules: compile at every run instead
  }
  return validators;
}
