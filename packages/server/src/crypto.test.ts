import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashes, nodeHashes, webHashes, type Hashes } from './crypto.js';

// RFC 4231 test case 2 and FIPS 180-2's "abc": published values, not computed here.
const RFC4231_CASE_2 = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';
const SHA256_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const asBase64url = (hex: string) => Buffer.from(hex, 'hex').toString('base64url');

const implementations: Array<[string, Hashes]> = [
  ['Web Crypto', webHashes],
  ['node:crypto', nodeHashes()!],
];

for (const [name, impl] of implementations) {
  describe(`${name} hashes`, () => {
    it('SHA-256 of "abc" is the published digest, in hex', async () => {
      assert.equal(await impl.sha256('abc'), SHA256_ABC);
    });
    it('HMAC-SHA-256 of RFC 4231 case 2 is the published MAC, in base64url', async () => {
      const mac = await impl.hmacSha256('Jefe');
      assert.equal(await mac('what do ya want for nothing?'), asBase64url(RFC4231_CASE_2));
    });
  });
}

describe('hashes', () => {
  it('on Node are node:crypto’s, not Web Crypto’s', () => {
    assert.notEqual(nodeHashes(), undefined);
    assert.notEqual(hashes, webHashes);
  });

  it('outside Node (no node:crypto) there are none, so the app falls back to Web Crypto', () => {
    assert.equal(nodeHashes(null), undefined);
  });

  it('Node and Web Crypto agree on non-ASCII text and secrets (UTF-8)', async () => {
    const text = 'qk-receipt:ord_é€😀';
    assert.equal(await nodeHashes()!.sha256(text), await webHashes.sha256(text));
    const [a, b] = [await nodeHashes()!.hmacSha256('clé€'), await webHashes.hmacSha256('clé€')];
    assert.equal(await a(text), await b(text));
  });
});
