// A webhook receiver in a process of its own, as a vendor would run one: it
// verifies every request with the `standardwebhooks` package and counts
// what it got. Controlled over HTTP by the tests (webhooks.ts starts it).
//
//   POST /hook                 a delivery: verified with the current secret
//   POST /control/secret       { secret }: the secret it verifies with
//   POST /control/plan         { statuses: [500, 500, 500], hang?: n }: the answers to the next
//                              verified deliveries (then 200); `hang` holds the next n unanswered
//   GET  /control/received     { verified: [{ id, type, body, signature }], rejected, requests }
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

let secret = process.env.RECEIVER_SECRET ?? '';
let plan: number[] = [];
let hang = 0;
let requests = 0;
let rejected = 0;
const verified: Array<{ id: string; type: string; body: unknown; signature: string }> = [];

const readBody = (req: IncomingMessage) =>
  new Promise<string>((done) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => done(text));
  });

const server = createServer(async (req, res) => {
  const body = await readBody(req);
  const json = (status: number, value: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(value));
  };
  if (req.method === 'POST' && req.url === '/hook') {
    requests += 1;
    if (hang > 0) {
      hang -= 1;
      return; // never answered: the sender times out or dies waiting
    }
    try {
      const headers = {
        'webhook-id': String(req.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
      };
      const payload = new Webhook(secret).verify(body, headers) as { id: string; type: string };
      const status = plan.shift() ?? 200;
      if (status >= 200 && status < 300) {
        verified.push({
          id: payload.id,
          type: payload.type,
          body: payload,
          signature: headers['webhook-signature'],
        });
      }
      return json(status, { received: status < 300 });
    } catch {
      rejected += 1;
      return json(400, { error: 'bad signature' });
    }
  }
  if (req.method === 'POST' && req.url === '/control/secret') {
    secret = (JSON.parse(body) as { secret: string }).secret;
    return json(200, {});
  }
  if (req.method === 'POST' && req.url === '/control/plan') {
    const next = JSON.parse(body) as { statuses?: number[]; hang?: number };
    plan = next.statuses ?? [];
    hang = next.hang ?? 0;
    return json(200, {});
  }
  if (req.method === 'GET' && req.url === '/control/received') {
    return json(200, { verified, rejected, requests });
  }
  json(404, {});
});

server.listen(0, '127.0.0.1', () => {
  console.log(`Receiver on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
