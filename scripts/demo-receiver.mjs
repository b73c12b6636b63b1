// The demo vendor's webhook receiver: what a vendor runs to hear from the
// Order API. `npm start` starts it on loopback and registers it as one
// endpoint for every event. Each delivery is verified with the
// `standardwebhooks` package on the raw body, as the server README shows;
// what arrived is kept in memory (the newest 200) and served as JSON to the
// vendor's /admin page.
//
//   POST /webhooks   a delivery: 204 when its signature verifies (once per
//                    event id: a retry of one already received is answered
//                    204 and not kept twice), 400 when it does not
//   GET  /events     { events: [...] } newest first, each { id, type,
//                    timestamp, receivedAt, verified, reason?, data? };
//                    only with the admin key (Authorization: Bearer …), and
//                    to the origins given (CORS)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

/** How many deliveries are kept (the oldest go first). */
export const KEPT = 200;
/** A body larger than this is not read: no event of the Order API comes near it. */
const MAX_BODY = 1_000_000;

/**
 * Starts the receiver on `host:port` (port 0 picks a free one). `secrets`
 * verify deliveries (`setSecrets` replaces them once the endpoint is
 * registered); `adminKey` is what GET /events asks for; `origins` may read
 * it from a browser.
 *
 * @param {{ port?: number, host?: string, adminKey: string, origins?: string[] }} options
 */
export async function startReceiver({ port = 0, host = '127.0.0.1', adminKey, origins = [] }) {
  /** @type {Webhook[]} */
  let verifiers = [];
  /** @type {Array<Record<string, unknown>>} */
  const events = [];

  const server = createServer((req, res) => {
    const origin = req.headers.origin;
    if (origin && origins.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
    }
    const path = new URL(req.url ?? '/', 'http://receiver').pathname;
    if (req.method === 'OPTIONS' && path === '/events') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET',
        'Access-Control-Allow-Headers': 'authorization',
        'Access-Control-Max-Age': '600',
      });
      return res.end();
    }
    if (req.method === 'GET' && path === '/events') {
      if (req.headers.authorization !== `Bearer ${adminKey}`) {
        return json(res, 401, { error: 'The admin key is needed to read the deliveries.' });
      }
      return json(res, 200, { events: [...events].reverse() });
    }
    if (req.method === 'POST' && path === '/webhooks') {
      return readBody(req).then(
        (body) => res.writeHead(receive(body, req.headers)).end(),
        () => res.destroy(),
      );
    }
    json(res, 404, { error: 'Not found.' });
  });

  /** Verifies and keeps one delivery; answers its HTTP status. */
  function receive(body, headers) {
    const signed = {
      'webhook-id': String(headers['webhook-id'] ?? ''),
      'webhook-timestamp': String(headers['webhook-timestamp'] ?? ''),
      'webhook-signature': String(headers['webhook-signature'] ?? ''),
    };
    let payload;
    let reason = 'no secret to verify with yet';
    for (const verifier of verifiers) {
      try {
        payload = verifier.verify(body, signed);
        break;
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error);
      }
    }
    const receivedAt = new Date().toISOString();
    if (payload === undefined) {
      let type = null;
      try {
        type = JSON.parse(body).type ?? null;
      } catch {
        // Not JSON: kept as unverified with no type.
      }
      keep({ id: signed['webhook-id'] || null, type, receivedAt, verified: false, reason });
      return 400;
    }
    if (events.some((event) => event.verified && event.id === payload.id)) return 204;
    keep({
      id: payload.id,
      type: payload.type,
      timestamp: payload.timestamp,
      receivedAt,
      verified: true,
      data: payload.data,
    });
    return 204;
  }

  function keep(event) {
    events.push(event);
    if (events.length > KEPT) events.splice(0, events.length - KEPT);
  }

  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, done);
  });
  const url = `http://${host}:${server.address().port}`;
  return {
    /** Where deliveries go: `<url>/webhooks`. */
    url,
    /** The endpoint's signing secrets (`whsec_…`): a delivery verified by any of them is accepted. */
    setSecrets(secrets) {
      verifiers = secrets.map((secret) => new Webhook(secret));
    },
    /** What was received, oldest first. */
    events: () => [...events],
    close: () =>
      new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

function json(res, status, value) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(value));
}

function readBody(req) {
  return new Promise((done, fail) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      text += chunk;
      if (text.length > MAX_BODY) {
        fail(new Error('too large'));
        req.destroy();
      }
    });
    req.on('end', () => done(text));
    req.on('error', fail);
  });
}

/**
 * Registers `url` as one endpoint for `events` on the Order API with the
 * admin key, once per data directory: the endpoint and its secret are kept
 * in `file` (readable by this user only) and reused on the next start. An
 * endpoint that was deleted is registered again; one whose address changed
 * (another receiver port) is deleted and registered again; a disabled one
 * is enabled.
 *
 * @param {{ api: string, adminKey: string, url: string, events: readonly string[], file: string }} options
 * @returns {Promise<{ id: string, url: string, secret: string, reused: boolean }>}
 */
export async function registerEndpoint({ api, adminKey, url, events, file }) {
  const call = async (method, path, body) => {
    const res = await fetch(`${api}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${adminKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  };
  const kept = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  if (kept?.id && kept.secret) {
    const found = await call('GET', `/v1/webhook-endpoints/${kept.id}`);
    if (found.status === 200 && found.body.endpoint.url === url) {
      const { endpoint } = found.body;
      const missing = events.some((type) => !endpoint.events.includes(type));
      if (!endpoint.enabled || missing) {
        await call('PATCH', `/v1/webhook-endpoints/${kept.id}`, { enabled: true, events });
      }
      return { id: kept.id, url, secret: kept.secret, reused: true };
    }
    if (found.status === 200) await call('DELETE', `/v1/webhook-endpoints/${kept.id}`);
  }
  const made = await call('POST', '/v1/webhook-endpoints', {
    url,
    events,
    description: 'The demo vendor’s receiver (npm start)',
  });
  if (made.status !== 201) {
    throw new Error(
      `The demo's webhook endpoint was refused (${made.status}): ${JSON.stringify(made.body)}`,
    );
  }
  const registered = { id: made.body.endpoint.id, url, secret: made.body.secret };
  writeFileSync(file, `${JSON.stringify(registered, null, 2)}\n`, { mode: 0o600 });
  return { ...registered, reused: false };
}
