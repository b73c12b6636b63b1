// The signing secret: what the server refuses to start with, how a rotation
// list is written, and which click tokens it refuses to believe.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  checkSigningSecret,
  createSigner,
  parseSigningSecrets,
  signClick,
  verifyClick,
} from '../src/signing.js';
import { configFromEnv } from '../src/serve.js';
import { cleanEnv, post, startProcess } from './process.js';

const root = await mkdtemp(join(tmpdir(), 'quotekit-secrets-'));
after(() => rm(root, { recursive: true, force: true }));
let dirs = 0;
const dataDir = () => join(root, `data-${++dirs}`);

const ORDER = {
  quote: { lines: [{ product: 'dedicated-px2', quantity: 1 }] },
  expectedMonthlyPayment: '200.00',
  customer: { name: 'Ann Lee', email: 'ann@example.com' },
  channel: 'web',
};

describe('checkSigningSecret', () => {
  test('accepts 32 random bytes as base64, base64url and hex, as openssl and node print them', () => {
    for (let i = 0; i < 50; i++) {
      const bytes = randomBytes(32);
      assert.equal(checkSigningSecret(bytes.toString('base64')), undefined);
      assert.equal(checkSigningSecret(bytes.toString('base64url')), undefined);
      assert.equal(checkSigningSecret(bytes.toString('hex')), undefined);
    }
  });

  test('refuses one letter, a passphrase, 31 random bytes, and a long run of one character', () => {
    assert.match(checkSigningSecret('a')!, /at most 0 bytes/);
    assert.match(checkSigningSecret('correct horse battery staple')!, /not hex or base64/);
    assert.match(checkSigningSecret(randomBytes(31).toString('base64url'))!, /at most 31 bytes/);
    assert.match(checkSigningSecret(randomBytes(31).toString('hex'))!, /at most 31 bytes/);
    assert.match(checkSigningSecret('a'.repeat(64))!, /too few characters/);
    assert.match(checkSigningSecret('ab'.repeat(40))!, /too few characters/);
  });
});

describe('QUOTEKIT_SIGNING_SECRET as a list', () => {
  const fresh = randomBytes(32).toString('base64');
  const old = randomBytes(32).toString('hex');

  test('splits on spaces and newlines, the separator no generated secret contains', () => {
    assert.deepEqual(parseSigningSecrets(`${fresh} ${old}`), [fresh, old]);
    assert.deepEqual(parseSigningSecrets(`  ${fresh}\n${old}\n`), [fresh, old]);
    assert.deepEqual(
      configFromEnv({ QUOTEKIT_SIGNING_SECRET: `${fresh}\t${old}` }).signingSecrets,
      [fresh, old],
    );
  });

  test('still reads the earlier comma form, which no base64 or hex secret can contain', () => {
    assert.deepEqual(parseSigningSecrets(`${fresh},${old}`), [fresh, old]);
  });

  test('a passphrase with a comma is refused at start, not silently split into two secrets', async () => {
    const error = (await startProcess({
      ...cleanEnv(),
      QUOTEKIT_DATA: dataDir(),
      QUOTEKIT_SIGNING_SECRET: 'open sesame, said the merchant',
    }).then(
      () => assert.fail('started on a passphrase'),
      (e: unknown) => e,
    )) as { code: number; output: string };
    assert.equal(error.code, 1);
    assert.match(error.output, /QUOTEKIT_SIGNING_SECRET is too weak/);
    assert.ok(!error.output.includes('sesame'), 'the secret itself must not be printed');
  });
});

describe('starting the server', () => {
  test('QUOTEKIT_SIGNING_SECRET=a stops the start with exit code 1 and says how to make a secret', async () => {
    const error = (await startProcess({
      ...cleanEnv(),
      QUOTEKIT_DATA: dataDir(),
      QUOTEKIT_SIGNING_SECRET: 'a',
    }).then(
      () => assert.fail('started with a one-letter secret'),
      (e: unknown) => e,
    )) as { code: number; output: string };
    assert.equal(error.code, 1);
    assert.match(error.output, /did not start: QUOTEKIT_SIGNING_SECRET is too weak/);
    assert.match(error.output, /openssl rand -base64 32/);
  });

  test('the secret generated into the data directory passes the check', async () => {
    const data = dataDir();
    const server = await startProcess({ ...cleanEnv(), QUOTEKIT_DATA: data, LOG_LEVEL: 'silent' });
    await server.stop();
    const secret = (await readFile(join(data, 'signing-secret'), 'utf8')).trim();
    assert.equal(checkSigningSecret(secret), undefined);
  });

  test('rotating: a token signed with the old secret still attributes while "new old" is set', async () => {
    const data = dataDir();
    const old = randomBytes(32).toString('base64');
    const fresh = randomBytes(32).toString('base64url');
    const first = await startProcess({
      ...cleanEnv(),
      QUOTEKIT_DATA: data,
      QUOTEKIT_SIGNING_SECRET: old,
      LOG_LEVEL: 'silent',
    });
    const { token } = await (
      await post(`${first.url}/v1/attribution`, { affiliate: 'ACME' })
    ).json();
    await first.stop();
    const second = await startProcess({
      ...cleanEnv(),
      QUOTEKIT_DATA: data,
      QUOTEKIT_SIGNING_SECRET: `${fresh} ${old}`,
      LOG_LEVEL: 'silent',
    });
    try {
      const claim = (key: string) =>
        post(
          `${second.url}/v1/orders`,
          { ...ORDER, attribution: { affiliate: 'ACME', method: 'affiliate_url', token } },
          { 'idempotency-key': key },
        );
      assert.deepEqual((await (await claim('rotate-1')).json()).order.attribution, {
        affiliate: 'ACME',
        method: 'affiliate_url',
      });
    } finally {
      await second.stop();
    }
  });
});

const signer = await createSigner([randomBytes(32).toString('base64url')]);

describe('verifyClick', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
  const click = (issuedAt: number) => ({ affiliate: 'ACME', issuedAt, id: 'click-0001' });

  test('refuses a token dated more than 5 minutes ahead: it would never expire', async () => {
    const ahead = seconds(now) + 5 * 60 + 1;
    const token = await signClick(signer, click(ahead));
    assert.deepEqual(await verifyClick(signer, token, now), { ok: false, reason: 'future_claim' });
  });

  test('accepts a token dated up to 5 minutes ahead: another instance’s clock may be ahead', async () => {
    const token = await signClick(signer, click(seconds(now) + 5 * 60));
    assert.equal((await verifyClick(signer, token, now)).ok, true);
  });

  test('refuses a signed token whose issuedAt gains a leading zero: one click, one token', async () => {
    const token = await signClick(signer, click(seconds(now) - 60));
    assert.equal((await verifyClick(signer, token, now)).ok, true);
    const [affiliate, issuedAt, ...rest] = token.split(':');
    const padded = [affiliate, `0${issuedAt}`, ...rest].join(':');
    assert.deepEqual(await verifyClick(signer, padded, now), {
      ok: false,
      reason: 'unsigned_claim',
    });
  });
});
