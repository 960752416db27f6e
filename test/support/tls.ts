// Throwaway TLS material for test servers: a CA, a server certificate it signs for 127.0.0.1,
// and an unrelated CA, made with the openssl CLI so no crypto dependency is needed.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TestTls {
  /** PEM of the CA that signed the server certificate. */
  readonly caPem: string;
  readonly caFile: string;
  readonly certPem: string;
  /** The server certificate's key (also in dir as server.key, mode 0600). */
  readonly keyPem: string;
  /** A server certificate signed by the CA for the same names (same key), expired yesterday. */
  readonly expiredCertPem: string;
  /** A CA that signed nothing here: trusting only it must fail the handshake. */
  readonly otherCaPem: string;
  readonly otherCaFile: string;
  readonly dir: string;
}

const PREFIX = 'argo-token-tls-';
const VALID_DAYS = 2;
let cached: TestTls | undefined;

/** The process's test TLS material, created on first use (jest: once per test file, ~50 ms). */
export function testTls(): TestTls {
  if (cached) return cached;
  pruneExpired();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), PREFIX));
  const openssl = (args: string) => execFileSync('openssl', args.split(' '), { cwd: dir, stdio: 'pipe' });
  // EC P-256 keys are quick to generate and accepted by Node's and Go's (kubectl's) TLS stacks.
  const newKey = (file: string) => {
    openssl(`genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ${file}`);
    fs.chmodSync(path.join(dir, file), 0o600);
  };
  const caConfig = (cn: string) => {
    const config = `${cn}.cnf`;
    fs.writeFileSync(
      path.join(dir, config),
      [
        '[req]',
        'distinguished_name = dn',
        'prompt = no',
        'x509_extensions = ca',
        '[dn]',
        `CN = argo-token ${cn}`,
        '[ca]',
        'basicConstraints = critical,CA:TRUE',
        'keyUsage = critical,keyCertSign,cRLSign',
        'subjectKeyIdentifier = hash',
        '',
      ].join('\n'),
    );
    return config;
  };
  const selfSignedCa = (name: string) => {
    newKey(`${name}.key`);
    openssl(
      `req -x509 -new -sha256 -days ${VALID_DAYS} -config ${caConfig(name)} -key ${name}.key -out ${name}.crt`,
    );
  };

  selfSignedCa('ca');
  selfSignedCa('other-ca');
  newKey('server.key');
  openssl('req -new -sha256 -key server.key -out server.csr -subj /CN=127.0.0.1');
  fs.writeFileSync(
    path.join(dir, 'server.ext'),
    [
      'basicConstraints = critical,CA:FALSE',
      'keyUsage = critical,digitalSignature',
      'extendedKeyUsage = serverAuth',
      // *.argo-token.test: names only a proxy resolves (tests of HTTPS_PROXY), as .test never resolves.
      'subjectAltName = IP:127.0.0.1,DNS:localhost,DNS:*.argo-token.test',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid',
      '',
    ].join('\n'),
  );
  openssl(
    `x509 -req -sha256 -days ${VALID_DAYS} -in server.csr -CA ca.crt -CAkey ca.key` +
      ` -set_serial 0x${Date.now().toString(16)} -extfile server.ext -out server.crt`,
  );
  // -days -1: notAfter lies before notBefore (now), so the certificate is expired from the start.
  openssl(
    `x509 -req -sha256 -days -1 -in server.csr -CA ca.crt -CAkey ca.key` +
      ` -set_serial 0x${(Date.now() + 1).toString(16)} -extfile server.ext -out expired.crt`,
  );
  // Nothing needs the CA keys again, and they would let anyone mint certificates these tests trust.
  for (const f of ['ca.key', 'other-ca.key', 'server.csr', 'server.ext', 'ca.cnf', 'other-ca.cnf']) {
    fs.rmSync(path.join(dir, f), { force: true });
  }

  const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
  cached = {
    caPem: read('ca.crt'),
    caFile: path.join(dir, 'ca.crt'),
    certPem: read('server.crt'),
    expiredCertPem: read('expired.crt'),
    keyPem: read('server.key'),
    otherCaPem: read('other-ca.crt'),
    otherCaFile: path.join(dir, 'other-ca.crt'),
    dir,
  };
  // Outside jest (benchmarks); under jest, test/support/cleanup.ts calls disposeTestTls() per test file.
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return cached;
}

/** Removes this process's TLS material, if any was made; the next testTls() makes new material. */
export function disposeTestTls(): void {
  if (!cached) return;
  fs.rmSync(cached.dir, { recursive: true, force: true });
  cached = undefined;
}

/** Removes the folders of earlier runs whose certificates have expired (so no test can still be using them). */
function pruneExpired(): void {
  const cutoff = Date.now() - VALID_DAYS * 24 * 3600 * 1000;
  for (const entry of fs.readdirSync(os.tmpdir())) {
    if (!entry.startsWith(PREFIX)) continue;
    const dir = path.join(os.tmpdir(), entry);
    try {
      if (fs.statSync(dir).mtimeMs < cutoff) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another process pruned it first.
    }
  }
}
