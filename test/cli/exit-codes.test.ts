import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { startReference } from '../../harness/reference/server.js';
import { cli, closedPort, serve } from './helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'imc-cli-'));

describe('exit codes and one-line errors', () => {
  it('--version exits 0 and prints name and version', async () => {
    const r = await cli('--version');
    expect(r.code).toBe(EXIT.ok);
    expect(r.out.join('\n')).toMatch(/^iam-mfa-conformance \d+\.\d+\.\d+$/);
  });

  it.each([
    [['run', '--bogus']],
    [['run', '--num-runs', 'many']],
    [['run', '--num-runs', '0']],
    [['run', '--endpoint-url', 'not a url']],
    [['run', '--endpoint-url', 'ftp://127.0.0.1:1']],
    [['run', '--include', 'Z9']],
    [['frobnicate']],
    [['replay']],
    [['cleanup', '--endpoint-url', 'http://127.0.0.1:1', '--prefix', 'x']],
  ])('bad usage %j exits 2 with one line on stderr', async (argv) => {
    const r = await cli(...argv);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/^iam-mfa-conformance: /);
    expect(r.err[0]).not.toMatch(/\n\s+at /);
  });

  it('an unreachable endpoint exits 3 with one line and writes no report', async () => {
    const dir = tmp();
    const port = await closedPort();
    const r = await cli('run', '--endpoint-url', `http://127.0.0.1:${port}`, '--report-dir', dir, '--cli-connect-timeout', '2');
    expect(r.code).toBe(EXIT.endpoint);
    expect(r.err).toEqual([expect.stringMatching(/cannot reach http:\/\/127\.0\.0\.1:\d+: connection failed \(ECONNREFUSED\)/)]);
    expect(existsSync(join(dir, 'report.json'))).toBe(false);
  });

  it('a port that serves HTML 404 pages exits 3: not awsQuery', async () => {
    const dir = tmp();
    const s = await serve((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>404 Not Found</title><h1>Not Found</h1>');
    });
    try {
      const r = await cli('run', '--endpoint-url', s.url, '--report-dir', dir);
      expect(r.code).toBe(EXIT.endpoint);
      expect(r.err).toEqual([expect.stringMatching(/does not speak the IAM awsQuery protocol \(HTTP 404/)]);
      expect(existsSync(join(dir, 'report.json'))).toBe(false);
    } finally {
      await s.close();
    }
  });

  it('refused credentials exit 3 naming the error code', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(403, { 'content-type': 'text/xml' });
      res.end('<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>1</RequestId></ErrorResponse>');
    });
    try {
      const r = await cli('run', '--endpoint-url', s.url, '--report-dir', tmp());
      expect(r.code).toBe(EXIT.endpoint);
      expect(r.err).toEqual([expect.stringMatching(/refused the credentials \(InvalidClientTokenId\)/)]);
    } finally {
      await s.close();
    }
  });

  it('an endpoint that dies mid-run exits 3 and writes no report blaming it', async () => {
    const ref = await startReference();
    let served = 0;
    const proxy = await serve((req, res) => {
      if (++served > 60) {
        req.socket.destroy(); // the endpoint is gone: connection reset, not an answer
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void fetch(`${ref.url}${req.url ?? '/'}`, { method: req.method ?? 'POST', headers: { 'content-type': String(req.headers['content-type'] ?? '') }, ...(req.method === 'POST' ? { body: Buffer.concat(chunks) } : {}) }).then(async (r) => {
          res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'text/xml', date: r.headers.get('date') ?? new Date().toUTCString() });
          res.end(Buffer.from(await r.arrayBuffer()));
        });
      });
    });
    const dir = tmp();
    try {
      const r = await cli('run', '--endpoint-url', proxy.url, '--report-dir', dir, '--seed', '1');
      expect(r.code).toBe(EXIT.endpoint);
      expect(r.err).toEqual([expect.stringMatching(/^iam-mfa-conformance: cannot reach http:\/\/127\.0\.0\.1:\d+: connection failed/)]);
      expect(existsSync(join(dir, 'report.json'))).toBe(false);
    } finally {
      await proxy.close();
      await ref.close();
    }
  });

  it('an endpoint that times out exits 3', async () => {
    const s = await serve(() => undefined); // accepts, never answers
    try {
      const r = await cli('run', '--endpoint-url', s.url, '--report-dir', tmp(), '--cli-read-timeout', '1');
      expect(r.code).toBe(EXIT.endpoint);
      expect(r.err[0]).toMatch(/timed out/);
    } finally {
      await s.close();
    }
  });

  it('the default run is a self-check of the embedded reference: exit 0, report.json with the documented fields', async () => {
    const dir = tmp();
    const r = await cli('run', '--seed', '7', '--num-runs', '3', '--report-dir', dir);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out.join('\n')).toMatch(/SELF-CHECK/);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.tool).toEqual({ name: 'iam-mfa-conformance', version: expect.any(String) });
    expect(report).toMatchObject({ contractVersion: expect.any(String), schemaVersion: expect.any(Number), seed: 7, target: { selfCheck: true } });
    expect(report.target.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(report.summary).toMatchObject({ divergences: 0 });
    expect(report.summary.cases).toBeGreaterThan(20);
    expect(report.summary.requests).toBeGreaterThan(100);
    expect(report.divergences).toEqual([]);
  });

  it('warns in CI when no endpoint was given', async () => {
    const prev = process.env['CI'];
    process.env['CI'] = 'true';
    try {
      const r = await cli('run', '--seed', '1', '--num-runs', '1', '--report-dir', tmp(), '--include', 'E4');
      expect(r.out.join('\n')).toMatch(/nothing external was tested/);
    } finally {
      if (prev === undefined) delete process.env['CI'];
      else process.env['CI'] = prev;
    }
  });
});
