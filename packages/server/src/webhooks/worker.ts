// The delivery worker of the server process: `delivery.ts`'s rounds over
// node:http, connecting only to the address checked at delivery time.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkedAddress, systemResolver, type Resolver } from './address.js';
import {
  createDeliveryWorker,
  type DeliveryWorkerOptions,
  type SendResult,
  type WebhookWorker,
} from './delivery.js';
import { signedHeaders } from './signature.js';

export {
  DELIVERY_TIMEOUT_MS,
  RETRY_FOR_MS,
  retryDelayMs,
  type WebhookWorker,
  type WorkerEvents,
} from './delivery.js';

const SECOND = 1_000;

export interface WebhookWorkerOptions extends Omit<DeliveryWorkerOptions, 'send' | 'sign'> {
  /** Resolves endpoint host names. Default the system's (`dns.lookup`). */
  resolver?: Resolver;
  /** Deliver to private, loopback and link-local addresses too (`QUOTEKIT_WEBHOOKS_ALLOW_PRIVATE=1`). Default false. */
  allowPrivate?: boolean;
}

/** Reads and drops an answer's body, 64 KB at most: only its status matters. */
function drain(response: IncomingMessage, limit = 65_536): Promise<void> {
  return new Promise((done) => {
    let read = 0;
    response.on('data', (chunk: Buffer) => {
      read += chunk.length;
      if (read > limit) response.destroy();
    });
    response.on('end', done);
    response.on('close', done);
    response.on('error', done);
  });
}

/**
 * POSTs `body` to `url`, connecting only to `address` (checked beforehand),
 * never following a redirect; fails after `timeoutMs`.
 */
function send(
  url: URL,
  address: { address: string; family: 4 | 6 },
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<SendResult> {
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [address]);
    else callback(null, address.address, address.family);
  };
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = request(
      url,
      {
        method: 'POST',
        lookup,
        agent: false,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'quotekit-webhooks/1',
        },
      },
      (response) => {
        void drain(response).then(() =>
          finish({
            statusCode: response.statusCode ?? null,
            error:
              response.statusCode !== undefined &&
              response.statusCode >= 200 &&
              response.statusCode < 300
                ? null
                : `HTTP ${response.statusCode}`,
          }),
        );
      },
    );
    const timer = setTimeout(() => {
      finish({ statusCode: null, error: `No answer within ${timeoutMs / SECOND} s` });
      req.destroy();
    }, timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) =>
      finish({
        statusCode: null,
        error: `Connection failed: ${error.code ?? error.message}`.slice(0, 200),
      }),
    );
    req.end(body);
  });
}

/** The worker: the host's addresses checked at each delivery, then the POST to the one checked. */
export function createWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const resolver = options.resolver ?? systemResolver;
  const allowPrivate = options.allowPrivate ?? false;
  return createDeliveryWorker({
    ...options,
    sign: signedHeaders,
    async send(url, headers, body, timeoutMs) {
      const address = await checkedAddress(url.hostname, { resolver, allowPrivate });
      return send(url, address, headers, body, timeoutMs);
    },
  });
}
