// A forward proxy for tests of HTTPS_PROXY / HTTP_PROXY: CONNECT tunnels (https) and absolute-URL
// requests (http), on 127.0.0.1. Host names under .argo-token.test (which never resolve) are sent
// to 127.0.0.1, so a client that reaches the test servers by such a name must have used the proxy;
// any other host is refused (502): tests never send traffic off this machine.

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';

export const PROXIED_DOMAIN = 'argo-token.test';

function target(host: string): string | undefined {
  const h = host.toLowerCase();
  return h === '127.0.0.1' || h.endsWith(`.${PROXIED_DOMAIN}`) ? '127.0.0.1' : undefined;
}

export class TestProxy {
  public static async start(options: { refuseConnect?: number } = {}): Promise<TestProxy> {
    const proxy = new TestProxy(options);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** host:port of every CONNECT. */
  public readonly connects: string[] = [];
  /** Every absolute URL requested through it (plain http). */
  public readonly forwarded: string[] = [];
  private readonly server = http.createServer();
  private readonly sockets = new Set<net.Socket>();

  private constructor(options: { refuseConnect?: number }) {
    this.server.on('connection', (s: net.Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      const hostPort = req.url ?? '';
      this.connects.push(hostPort);
      const m = /^(.+):(\d+)$/.exec(hostPort);
      const to = m ? target(m[1].replace(/^\[|\]$/g, '')) : undefined;
      if (!m || !to || options.refuseConnect) {
        const status = options.refuseConnect ?? 502;
        client.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Refused'}\r\n\r\n`);
        return;
      }
      const upstream = net.connect(Number(m[2]), to, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length > 0) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      this.sockets.add(upstream);
      upstream.on('close', () => this.sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    this.server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      let url: URL;
      try {
        url = new URL(req.url ?? '');
      } catch {
        res.writeHead(400).end();
        return;
      }
      this.forwarded.push(url.href);
      const to = target(url.hostname);
      if (!to || url.protocol !== 'http:') {
        res.writeHead(502).end();
        return;
      }
      const upstream = http.request(
        {
          host: to,
          port: url.port || 80,
          path: `${url.pathname}${url.search}`,
          method: req.method,
          headers: req.headers,
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
  }

  public get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  public stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A TCP server that accepts connections and never says anything (a TLS handshake to it hangs). */
export class Blackhole {
  public static async start(): Promise<Blackhole> {
    const hole = new Blackhole();
    await new Promise<void>((resolve) => hole.server.listen(0, '127.0.0.1', resolve));
    return hole;
  }

  public connections = 0;
  private readonly sockets = new Set<net.Socket>();
  private readonly server = net.createServer((s) => {
    this.connections++;
    this.sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => this.sockets.delete(s));
  });

  public get url(): string {
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  public stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
