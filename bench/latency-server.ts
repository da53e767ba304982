/**
 * The reference endpoint in a process of its own, answering every request after a fixed
 * delay: a stand-in for a real emulator, so that the harness's CPU time can be measured apart
 * from the endpoint's and its throughput compared with a plain loop on equal terms.
 *
 *   tsx bench/latency-server.ts DELAY_MS     (started by bench/run.ts with fork; sends {url} over IPC)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ReferenceService, requestParams, signerOf } from '../harness/reference/server.js';

const delayMs = Number(process.argv[2] ?? '5');
const service = new ReferenceService();

const server = createServer((req, res) => {
  const started = Date.now();
  void (async () => {
    const answer = await service.handle(await requestParams(req), signerOf(req));
    // The delay counts from arrival, as a network or an emulator's own work would.
    setTimeout(() => {
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    }, Math.max(0, delayMs - (Date.now() - started)));
  })().catch((e: unknown) => {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(String(e));
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ url: `http://127.0.0.1:${port}` });
});
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
