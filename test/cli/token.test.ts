import { CliError } from '../../cli/errors';
import { parseDuration } from '../../cli/get';
import { argoServerEnv, bareJwt, formatToken, jwtClaims, jwtExpiry } from '../../cli/token';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const JWT = `${b64({ alg: 'RS256' })}.${b64({ sub: 'system:serviceaccount:argo:ci', exp: 1900000000 })}.c2lnbmF0dXJl`;

describe('token handling', () => {
  test('GIVEN a JWT THEN its claims and expiry are read', () => {
    expect(jwtClaims(JWT)).toEqual({ sub: 'system:serviceaccount:argo:ci', exp: 1900000000 });
    expect(jwtExpiry(JWT)).toBe('2030-03-17T17:46:40.000Z');
  });

  test('GIVEN one or two `Bearer ` prefixes and whitespace THEN the bare JWT comes back', () => {
    expect(bareJwt(`Bearer ${JWT}\n`, 'x')).toBe(JWT);
    expect(bareJwt(`Bearer Bearer ${JWT}`, 'x')).toBe(JWT);
    expect(bareJwt(`  ${JWT}  `, 'x')).toBe(JWT);
  });

  test.each(['', 'hello', 'a.b', 'a.b.c.d', `${JWT}!`, 'bm90.anNvbg.x'])(
    'fails on %j as not a JWT, without echoing it',
    (value) => {
      expect(() => bareJwt(value, 'data.token')).toThrow(CliError);
      try {
        bareJwt(value, 'data.token');
      } catch (err) {
        expect((err as CliError).code).toBe(8);
        if (value.length > 3) expect((err as Error).message).not.toContain(value);
      }
    },
  );

  test('GIVEN --server with or without a scheme THEN ARGO_SERVER is host:port and ARGO_SECURE follows the scheme', () => {
    expect(argoServerEnv('https://argo.example.com:2746')).toEqual({
      host: 'argo.example.com:2746',
      secure: true,
    });
    expect(argoServerEnv('http://argo:2746/')).toEqual({ host: 'argo:2746', secure: false });
    expect(argoServerEnv('argo:443')).toEqual({ host: 'argo:443', secure: true });
  });

  test('GIVEN docker-env with --insecure THEN the env file skips verification and quotes nothing', () => {
    const out = formatToken({ token: JWT, namespace: 'sandbox', serviceAccount: 'ci' }, 'docker-env', {
      server: 'argo:443',
      insecure: true,
    });
    expect(out).toContain('ARGO_INSECURE_SKIP_VERIFY=true\n');
    expect(out).not.toContain("'");
    expect(out).not.toContain('"');
  });

  test('GIVEN durations THEN seconds; fails on anything else as a usage error', () => {
    expect(parseDuration('90s', '--timeout')).toBe(90);
    expect(parseDuration('1h30m', '--timeout')).toBe(5400);
    expect(parseDuration('2d', '--timeout')).toBe(172800);
    for (const bad of ['', '10', '1x', '1h 30m', '-5s'])
      expect(() => parseDuration(bad, '--timeout')).toThrow('--timeout must be a duration');
  });
});
