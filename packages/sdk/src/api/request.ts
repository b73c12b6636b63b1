import { isStorefrontErrorCode, QuotekitError, type ErrorCode } from '@quotekit/core';

/** The part of a zod schema a response is checked with. */
export interface ResponseSchema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false };
}

export interface RequestPolicy {
  baseUrl: string;
  fetch: typeof fetch;
  timeoutMs: number;
  retries: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  credentials: RequestCredentials;
  /**
   * Which server codes the caller believes; any other is `api_error`.
   * Default `isStorefrontErrorCode` (the partner client takes every code).
   */
  knownCode?: (code: unknown) => boolean;
}

export interface RequestInit<T> {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Validates a 2xx body; absent for 204 answers. */
  schema?: ResponseSchema<T>;
  signal?: AbortSignal | undefined;
}

/** Failures worth another attempt (network, timeout, 5xx, 429): the API may answer next time. */
const retryable = new WeakSet<object>();

function transient(error: QuotekitError): QuotekitError {
  retryable.add(error);
  return error;
}

/** True when a failure may succeed on a later attempt (network, timeout, 5xx, 429). */
export function isRetryable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && retryable.has(error);
}

/**
 * One API call with a timeout per attempt and retries with exponential
 * backoff and jitter for network errors, timeouts, 5xx and 429 (waiting at
 * least `Retry-After`). Other 4xx answers are final. Aborting `signal`
 * rejects with its reason at once.
 */
export async function request<T>(policy: RequestPolicy, init: RequestInit<T>): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await attemptOnce(policy, init);
    } catch (error) {
      if (!isRetryable(error) || attempt >= policy.retries) throw error;
      const backoff = Math.min(policy.maxRetryDelayMs, policy.retryDelayMs * 2 ** attempt);
      // Equal jitter: half the backoff, plus a random part of the other half.
      let wait = backoff / 2 + Math.random() * (backoff / 2);
      const retryAfter = (error as QuotekitError).details?.retryAfter;
      if (typeof retryAfter === 'number') {
        // A server asking for a longer pause than we would wait gets its answer now.
        if (retryAfter * 1000 > policy.maxRetryDelayMs) throw error;
        wait = Math.max(wait, retryAfter * 1000);
      }
      await sleep(wait, init.signal);
    }
  }
}

async function attemptOnce<T>(policy: RequestPolicy, init: RequestInit<T>): Promise<T> {
  const { signal } = init;
  signal?.throwIfAborted();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, policy.timeoutMs);
  const onAbort = () => controller.abort(signal!.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const url = `${policy.baseUrl}${init.path}`;
  let response: Response;
  let text: string;
  try {
    response = await policy.fetch(url, {
      method: init.method,
      headers: {
        accept: 'application/json',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      body: init.body === undefined ? null : JSON.stringify(init.body),
      signal: controller.signal,
      credentials: policy.credentials,
    });
    // The body is read within the same timeout: a stalled body is a timeout too.
    text = await response.text();
  } catch (error) {
    signal?.throwIfAborted();
    if (timedOut) {
      throw transient(
        new QuotekitError(
          'timeout',
          `The quote service did not answer within ${policy.timeoutMs} ms.`,
          { timeoutMs: policy.timeoutMs },
          { cause: error },
        ),
      );
    }
    throw transient(
      new QuotekitError(
        'network_error',
        'The quote service could not be reached.',
        { reason: error instanceof Error ? error.message : String(error) },
        { cause: error },
      ),
    );
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  return readAnswer(response, text, init, policy.knownCode ?? isStorefrontErrorCode);
}

function readAnswer<T>(
  response: Response,
  text: string,
  init: RequestInit<T>,
  knownCode: (code: unknown) => boolean,
): T {
  const { status } = response;
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (status >= 200 && status < 300) {
    if (init.schema === undefined) return undefined as T;
    const parsed = init.schema.safeParse(body);
    if (parsed.success) return parsed.data;
    throw new QuotekitError(
      'invalid_response',
      `The quote service sent an answer this page cannot read (${init.method} ${init.path}).`,
      { status },
    );
  }
  const error = errorBody(body);
  // The server's own code when it is one of ours; `api_error` (with the code it sent) otherwise.
  const known = error !== undefined && knownCode(error.code);
  const details: Record<string, unknown> = {
    ...error?.details,
    status,
    ...(error === undefined ? { body: text.slice(0, 500) } : known ? {} : { code: error.code }),
  };
  if (status === 429) {
    const retryAfter =
      parseRetryAfter(response.headers.get('retry-after')) ??
      (typeof error?.details?.retryAfter === 'number' ? error.details.retryAfter : undefined);
    throw transient(
      new QuotekitError('rate_limited', error?.message ?? 'Too many requests; try again shortly.', {
        ...details,
        retryAfter: retryAfter ?? 1,
      }),
    );
  }
  const failure = new QuotekitError(
    known ? (error.code as ErrorCode) : 'api_error',
    error?.message ?? `The quote service answered ${status}.`,
    details,
  );
  throw status >= 500 ? transient(failure) : failure;
}

interface ErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

function errorBody(body: unknown): ErrorBody | undefined {
  const error = (body as { error?: unknown } | undefined)?.error as Partial<ErrorBody> | undefined;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string') return undefined;
  const details =
    error.details !== null && typeof error.details === 'object' ? error.details : undefined;
  return { code: error.code, message: error.message, ...(details ? { details } : {}) };
}

/** `Retry-After` as seconds: a delay in seconds or an HTTP date. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const done = () => {
      signal?.removeEventListener('abort', abort);
      resolve();
    };
    const abort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', abort, { once: true });
  });
}
