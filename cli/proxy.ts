// Which proxy a request goes through, as kubectl (Go's net/http ProxyFromEnvironment) decides:
// HTTPS_PROXY for https URLs, HTTP_PROXY for http URLs (upper case first, then lower case),
// NO_PROXY with host names (which also cover their subdomains), `.domain` and `*.domain` (only
// subdomains), IP addresses, CIDR ranges, optional `:port`, and `*`; localhost and loopback
// addresses are never proxied; a proxy without a scheme is http://. ALL_PROXY is not read (Go does
// not). A kubeconfig cluster's proxy-url wins over the environment, as in kubectl.
// The tunnelling itself is done by well-kept agents (https-proxy-agent, http-proxy-agent,
// socks-proxy-agent), loaded only when a proxy is in use.

import type * as http from 'node:http';
import * as net from 'node:net';
import { CliError, EXIT } from './errors';

export interface ProxyChoice {
  readonly url: URL;
  /** Where it came from, for messages: HTTPS_PROXY, http_proxy, the kubeconfig's proxy-url… */
  readonly source: string;
}

type Env = Record<string, string | undefined>;

function envAny(env: Env, ...names: string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (value) return { name, value };
  }
  return undefined;
}

const PROXY_SCHEMES = new Set(['http:', 'https:', 'socks5:', 'socks5h:']);

/** A proxy setting as Go parses it: without a scheme it is http://. Throws a usage error when unusable. */
export function parseProxyUrl(value: string, source: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
    if (!url.host) url = undefined;
  } catch {
    url = undefined;
  }
  if (!url || !/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    try {
      url = new URL(`http://${value}`);
    } catch {
      url = undefined;
    }
  }
  if (!url?.hostname || !PROXY_SCHEMES.has(url.protocol)) {
    throw new CliError(
      EXIT.USAGE,
      `${source} is not a usable proxy URL (http://, https:// or socks5:// with a host)`,
      `fix or unset ${source}`,
    );
  }
  return url;
}

interface NoProxy {
  all: boolean;
  cidrs: net.BlockList;
  ips: { ip: string; port: string }[];
  domains: { suffix: string; port: string; matchHost: boolean }[];
}

function parseNoProxy(value: string): NoProxy {
  const out: NoProxy = { all: false, cidrs: new net.BlockList(), ips: [], domains: [] };
  for (const raw of value.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return { ...out, all: true };
    const cidr = /^(.+)\/(\d{1,3})$/.exec(entry);
    if (cidr && net.isIP(cidr[1])) {
      try {
        out.cidrs.addSubnet(normalizeIp(cidr[1]), Number(cidr[2]), familyOf(normalizeIp(cidr[1])));
      } catch {
        // an impossible prefix length: Go ignores such an entry too (it does not parse)
      }
      continue;
    }
    let host = entry;
    let port = '';
    const hostPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
    if (hostPort) {
      host = hostPort[1].replace(/^\[|\]$/g, '');
      port = hostPort[2];
    } else if (entry.startsWith('[') && entry.endsWith(']')) {
      host = entry.slice(1, -1);
    }
    if (!host) continue;
    if (net.isIP(host)) {
      out.ips.push({ ip: normalizeIp(host), port });
      continue;
    }
    if (host.startsWith('*.')) host = host.slice(1);
    const matchHost = !host.startsWith('.');
    out.domains.push({ suffix: matchHost ? `.${host}` : host, port, matchHost });
  }
  return out;
}

function normalizeIp(ip: string): string {
  // ::ffff:10.0.0.1 and 10.0.0.1 are the same address to Go's ip.Equal.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return (mapped ? mapped[1] : ip).toLowerCase();
}

const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

const familyOf = (ip: string) => (net.isIPv6(ip) ? 'ipv6' : 'ipv4');

/** The proxy kubectl would use for url (undefined: connect directly). */
export function proxyFor(url: URL, env: Env = process.env): ProxyChoice | undefined {
  const https = url.protocol === 'https:';
  const setting = https ? envAny(env, 'HTTPS_PROXY', 'https_proxy') : envAny(env, 'HTTP_PROXY', 'http_proxy');
  if (!setting) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (https ? '443' : '80');
  if (host === 'localhost') return undefined;
  const ip = net.isIP(host) ? normalizeIp(host) : undefined;
  if (ip && LOOPBACK.check(ip, familyOf(ip))) return undefined;
  const noProxy = envAny(env, 'NO_PROXY', 'no_proxy');
  if (noProxy) {
    const rules = parseNoProxy(noProxy.value);
    if (rules.all) return undefined;
    if (ip) {
      if (rules.cidrs.check(ip, familyOf(ip))) return undefined;
      if (rules.ips.some((r) => r.ip === ip && (r.port === '' || r.port === port))) return undefined;
    }
    const matched = rules.domains.some(
      (d) =>
        (host.endsWith(d.suffix) || (d.matchHost && host === d.suffix.slice(1))) &&
        (d.port === '' || d.port === port),
    );
    if (matched) return undefined;
  }
  return { url: parseProxyUrl(setting.value, setting.name), source: setting.name };
}

/** Without credentials, for messages: `http://proxy:3128 (from HTTPS_PROXY)`. */
export function describeProxy(proxy: ProxyChoice): string {
  return `${proxy.url.protocol}//${proxy.url.host} (from ${proxy.source})`;
}

/** An agent that tunnels through the proxy; TLS options for the target go on each request. */
export async function proxyAgent(proxy: ProxyChoice, target: URL): Promise<http.Agent> {
  if (proxy.url.protocol === 'socks5:' || proxy.url.protocol === 'socks5h:') {
    const { SocksProxyAgent } = await import('socks-proxy-agent');
    return new SocksProxyAgent(proxy.url);
  }
  if (target.protocol === 'https:') {
    const { HttpsProxyAgent } = await import('https-proxy-agent');
    return new HttpsProxyAgent(proxy.url);
  }
  const { HttpProxyAgent } = await import('http-proxy-agent');
  return new HttpProxyAgent(proxy.url);
}
