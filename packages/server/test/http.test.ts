import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ERROR_CODES, QuotekitError } from '@quotekit/core';
import { ERROR_STATUS } from '@quotekit/server';
import { readJson, statusOf } from '../src/http.js';

const JSON_TYPE = { 'content-type': 'application/json' };
const body = (text: string) =>
  new Request('http://api.test/', { method: 'POST', headers: JSON_TYPE, body: text });

describe('error statuses', () => {
  test('map only codes on core’s list, each to a client or server error status', () => {
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      assert.ok((ERROR_CODES as readonly string[]).includes(code), code);
      assert.ok(status >= 400 && status < 600, `${code}: ${status}`);
    }
  });

  test('answer a code with its status, an unexpected error with 500', () => {
    assert.equal(statusOf(new QuotekitError('price_changed', 'x')), 409);
    assert.equal(statusOf(new QuotekitError('invalid_date', 'x')), 422);
    assert.equal(statusOf(new QuotekitError('invalid_catalog', 'x')), 500);
    assert.equal(statusOf(new TypeError('x')), 500);
    assert.equal(statusOf('a string'), 500);
  });
});

describe('readJson', () => {
  test('keep the parser’s error as the cause of invalid_json', async () => {
    await assert.rejects(readJson(body('{"a":'), 1000), (error: unknown) => {
      assert.ok(error instanceof QuotekitError);
      assert.equal(error.code, 'invalid_json');
      assert.ok(error.cause instanceof SyntaxError);
      return true;
    });
  });

  test('keep the decoder’s error as the cause when the body is not UTF-8', async () => {
    const bytes = new Uint8Array([0x7b, 0xff, 0x7d]);
    const request = new Request('http://api.test/', {
      method: 'POST',
      headers: JSON_TYPE,
      body: bytes,
    });
    await assert.rejects(readJson(request, 1000), (error: unknown) => {
      assert.ok(error instanceof QuotekitError);
      assert.equal(error.code, 'invalid_json');
      assert.ok(error.cause instanceof TypeError);
      return true;
    });
  });

  test('refuse a body over the limit with its size in details', async () => {
    await assert.rejects(readJson(body('{"a":"' + 'x'.repeat(100) + '"}'), 50), {
      code: 'payload_too_large',
      details: { limit: 50 },
    });
  });
});
