import { expect } from '@open-wc/testing';
import { affiliateCookieExpiry } from '@quotekit/core';
import { createAttribution } from './attribution.js';
import { oneYearAfter, readCookie, serializeCookie } from './cookie.js';

/** What Chromium's `cookieStore.get` gives (TypeScript's DOM types list only name and value). */
interface CookieItem {
  name: string;
  value: string;
  domain: string | null;
  path: string;
  expires: number | null;
  secure: boolean;
  sameSite: 'strict' | 'lax' | 'none';
}

const DAY = 86_400_000;
const home = location.pathname + location.search;
const cookie = async (name = 'qk_ref') => (await cookieStore.get(name)) as CookieItem | null;

/** Puts the page at `home` plus `query` (without `?`) and `hash`, keeping the runner's own parameters. */
function visit(query: string, hash = '') {
  history.replaceState(null, '', `${home}${home.includes('?') ? '&' : '?'}${query}${hash}`);
}

async function forget() {
  for (const name of ['qk_ref', 'my_ref']) await cookieStore.delete(name);
  history.replaceState(null, '', home);
}

describe('attribution: capture (SPEC "Attribution in the browser")', () => {
  beforeEach(forget);
  afterEach(forget);

  it('writes qk_ref with Path=/, SameSite=Lax, host-only, not Secure on http, for one calendar year', async () => {
    visit('aff=ACME');
    const record = createAttribution().capture();
    expect(record?.affiliate).to.equal('ACME');
    expect(record?.method).to.equal('affiliate_url');
    const item = await cookie();
    expect(item, 'cookie qk_ref').to.not.equal(null);
    expect(item!.path).to.equal('/');
    expect(item!.sameSite).to.equal('lax');
    expect(item!.domain).to.equal(null);
    expect(item!.secure).to.equal(false);
    const year = Date.parse(affiliateCookieExpiry(new Date()));
    expect(Math.abs(item!.expires! - year)).to.be.below(60_000);
    expect(item!.value.startsWith('ACME.affiliate_url.')).to.equal(true);
  });

  it('honours cookieName and days', async () => {
    visit('aff=ACME');
    createAttribution({ cookieName: 'my_ref', days: 30 }).capture();
    const item = await cookie('my_ref');
    expect(Math.abs(item!.expires! - (Date.now() + 30 * DAY))).to.be.below(60_000);
    expect(await cookie('qk_ref')).to.equal(null);
  });

  it('sets Secure on https and the parent domain when given', () => {
    const text = serializeCookie('qk_ref', 'ACME', {
      days: 365,
      domain: 'example.com',
      secure: true,
    });
    expect(text).to.equal(
      'qk_ref=ACME; Path=/; SameSite=Lax; Max-Age=31536000; Domain=example.com; Secure',
    );
    expect(serializeCookie('qk_ref', '', { days: 0, secure: false })).to.equal(
      'qk_ref=; Path=/; SameSite=Lax; Max-Age=0',
    );
  });

  it('reads the first parameter present, in the order of `params`', () => {
    visit('via=VIA1&ref=REF1');
    expect(createAttribution().capture()?.affiliate).to.equal('REF1');
    visit('partner=P1&aff=A1');
    expect(createAttribution({ params: ['partner'] }).capture()?.affiliate).to.equal('P1');
  });

  it('the last affiliate URL wins; a repeat visit keeps firstSeenAt and refreshes the expiry', async () => {
    const attribution = createAttribution();
    const first = attribution.capture(`${location.origin}/?aff=ACME`)!;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const again = attribution.capture(`${location.origin}/?aff=ACME`)!;
    expect(again.firstSeenAt).to.equal(first.firstSeenAt);
    expect(Date.parse(again.lastSeenAt)).to.be.greaterThan(Date.parse(first.lastSeenAt));
    const other = attribution.capture(`${location.origin}/?ref=NORTHWIND`)!;
    expect(other.affiliate).to.equal('NORTHWIND');
    expect(Date.parse(other.firstSeenAt)).to.be.at.least(Date.parse(again.lastSeenAt));
    expect(attribution.current()?.affiliate).to.equal('NORTHWIND');
    expect((await cookie())!.value.startsWith('NORTHWIND.')).to.equal(true);
    // A new page reads the cookie the last one wrote.
    expect(createAttribution().current()).to.deep.equal(attribution.current());
  });

  it('removes the parameter from the address bar, keeping every other parameter as written and the hash', () => {
    visit('x=1&aff=ACME&y=a%20b+c&z=%E2%9C%93&empty=&flag', '#plan-2');
    createAttribution().capture();
    const expected = `${home}${home.includes('?') ? '&' : '?'}x=1&y=a%20b+c&z=%E2%9C%93&empty=&flag#plan-2`;
    expect(location.pathname + location.search + location.hash).to.equal(expected);
  });

  it('leaves the address bar alone when capturing some other URL', () => {
    visit('aff=ACME');
    createAttribution().capture('https://elsewhere.example/?aff=NW10');
    expect(location.search).to.contain('aff=ACME');
  });

  it('with no parameter does nothing and returns null', async () => {
    visit('x=1');
    expect(createAttribution().capture()).to.equal(null);
    expect(await cookie()).to.equal(null);
  });
});

describe('attribution: hostile codes and links', () => {
  beforeEach(forget);
  afterEach(forget);

  const hostile: [string, string][] = [
    ['script-like text', 'aff=%3Cscript%3Ealert(1)%3C%2Fscript%3E'],
    ['a cookie attribute smuggled in', 'aff=ACME%3B%20Domain%3Devil.example'],
    ['a header break', 'aff=AC%0D%0AME'],
    ['a NUL byte', 'aff=ACME%00'],
    ['a huge value', `aff=${'A'.repeat(100_000)}`],
    ['33 characters', `aff=${'A'.repeat(33)}`],
    ['one character', 'aff=A'],
    ['empty', 'aff='],
    ['a bad percent encoding', 'aff=%E0%A4%A'],
    ['a lone percent', 'aff=%'],
    ['a look-alike letter', 'aff=%D0%90CME'],
    ['dots', 'aff=AC.ME'],
  ];
  for (const [name, query] of hostile) {
    it(`${name}: no cookie, no change to the address bar`, async () => {
      visit(`${query}&keep=1`);
      const before = location.href;
      const attribution = createAttribution();
      expect(attribution.capture()).to.equal(null);
      expect(attribution.current()).to.equal(null);
      expect(await cookie()).to.equal(null);
      expect(location.href).to.equal(before);
    });
  }

  it('a malformed code does not replace a good cookie', async () => {
    visit('aff=ACME');
    createAttribution().capture();
    visit('aff=%3Cscript%3E');
    expect(createAttribution().capture()).to.equal(null);
    expect(createAttribution().current()?.affiliate).to.equal('ACME');
  });

  it('a tampered cookie is ignored, not thrown on', async () => {
    document.cookie = 'qk_ref=<script>.url.x.y; Path=/';
    expect(createAttribution().current()).to.equal(null);
    document.cookie = 'qk_ref=ACME; Path=/';
    expect(createAttribution().current()).to.equal(null);
    // A method outside the affiliate program's referral methods would fail the order.
    document.cookie = `qk_ref=ACME.bribe.${Date.now()}.${Date.now()}; Path=/`;
    expect(createAttribution().current()).to.equal(null);
    document.cookie = `qk_ref=ACME.saved_quote.${Date.now()}.${Date.now()}; Path=/`;
    expect(createAttribution().current()?.method).to.equal('saved_quote');
  });

  it('an unparseable URL argument returns null', () => {
    expect(createAttribution().capture('http://[bad')).to.equal(null);
  });

  it('a custom codePattern is honoured', () => {
    visit('aff=acme');
    expect(createAttribution({ codePattern: /^[A-Z]{2,8}$/ }).capture()).to.equal(null);
    visit('aff=ACME');
    expect(createAttribution({ codePattern: /^[A-Z]{2,8}$/ }).capture()?.affiliate).to.equal(
      'ACME',
    );
  });
});

describe('attribution: consent', () => {
  beforeEach(forget);
  afterEach(forget);

  it('pending holds the code in memory until granted, then writes it', async () => {
    visit('aff=ACME');
    const attribution = createAttribution({ consent: 'pending' });
    expect(attribution.capture()?.affiliate).to.equal('ACME');
    expect(location.search).to.not.contain('aff=');
    expect(await cookie()).to.equal(null);
    expect(attribution.current()?.affiliate).to.equal('ACME');
    attribution.setConsent('granted');
    expect((await cookie())!.value.startsWith('ACME.affiliate_url.')).to.equal(true);
    const year = Date.parse(affiliateCookieExpiry(new Date()));
    expect(Math.abs((await cookie())!.expires! - year)).to.be.below(60_000);
  });

  it('granting with nothing held writes nothing', async () => {
    const attribution = createAttribution({ consent: 'pending' });
    attribution.setConsent('granted');
    expect(await cookie()).to.equal(null);
  });

  it('denied keeps the code for this page only and removes any cookie', async () => {
    visit('aff=ACME');
    const attribution = createAttribution();
    attribution.capture();
    expect(await cookie()).to.not.equal(null);
    attribution.setConsent('denied');
    expect(await cookie()).to.equal(null);
    expect(attribution.current()?.affiliate).to.equal('ACME');
    visit('aff=NW10');
    expect(attribution.capture()?.affiliate).to.equal('NW10');
    expect(await cookie()).to.equal(null);
    expect(attribution.current()?.affiliate).to.equal('NW10');
    expect(createAttribution({ consent: 'denied' }).current()).to.equal(null);
  });

  it('starting denied removes a cookie left by an earlier page', async () => {
    createAttribution().capture(`${location.origin}/?aff=ACME`);
    expect(await cookie()).to.not.equal(null);
    createAttribution({ consent: 'denied' });
    expect(await cookie()).to.equal(null);
  });

  it('pending still reads a cookie written under earlier consent', () => {
    createAttribution().capture(`${location.origin}/?aff=ACME`);
    expect(createAttribution({ consent: 'pending' }).current()?.affiliate).to.equal('ACME');
  });

  it('clear() forgets the code and the cookie; subscribers hear every change', async () => {
    const attribution = createAttribution();
    const heard: (string | null)[] = [];
    const stop = attribution.subscribe((record) => heard.push(record?.affiliate ?? null));
    attribution.capture(`${location.origin}/?aff=ACME`);
    attribution.record('NW10', 'saved_quote');
    attribution.clear();
    stop();
    attribution.capture(`${location.origin}/?aff=ACME`);
    expect(heard).to.deep.equal(['ACME', 'NW10', null]);
    attribution.clear();
    expect(attribution.current()).to.equal(null);
    expect(await cookie()).to.equal(null);
    expect(attribution.consent()).to.equal('granted');
  });
});

describe('attribution: the server cookie (apiBase)', () => {
  beforeEach(forget);
  afterEach(forget);

  async function posts(apiBase: string, consent: 'granted' | 'pending' = 'granted') {
    const seen: { url: string; init: RequestInit }[] = [];
    const original = globalThis.fetch;
    globalThis.fetch = async (url, init) => {
      seen.push({ url: String(url), init: init ?? {} });
      return Response.json({ token: 'ACME:1700000000:abcdEFGH1234:sig-nature_0123' });
    };
    try {
      const attribution = createAttribution({ apiBase, consent });
      attribution.capture(`${location.origin}/?aff=ACME`);
      return { seen, attribution };
    } finally {
      globalThis.fetch = original;
    }
  }

  it('posts the visit to /v1/attribution, with credentials when the API is same-site, and keeps the signed token', async () => {
    const { seen, attribution } = await posts(`${location.origin}/api/`);
    expect(seen).to.have.length(1);
    expect(seen[0]!.url).to.equal(`${location.origin}/api/v1/attribution`);
    expect(seen[0]!.init.method).to.equal('POST');
    expect(seen[0]!.init.credentials).to.equal('include');
    expect(JSON.parse(String(seen[0]!.init.body))).to.deep.equal({
      affiliate: 'ACME',
      landingPage: location.href,
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(attribution.current()?.token).to.equal('ACME:1700000000:abcdEFGH1234:sig-nature_0123');
    // The token is in the cookie too, so the next page's orders carry it.
    expect(readCookie('qk_ref')).to.match(/^ACME\.affiliate_url\.\d+\.\d+\.ACME:1700000000:/);
  });

  it('posts to an API on another site without credentials, and nothing before consent', async () => {
    const other = await posts('https://api.another-site.example');
    expect(other.seen).to.have.length(1);
    expect(other.seen[0]!.init.credentials).to.equal('omit');
    expect((await posts(location.origin, 'pending')).seen).to.have.length(0);
  });

  it('a failing API call does not disturb the page', async () => {
    const original = globalThis.fetch;
    globalThis.fetch = () => Promise.reject(new TypeError('offline'));
    try {
      const record = createAttribution({ apiBase: location.origin }).capture(
        `${location.origin}/?aff=ACME`,
      );
      expect(record?.affiliate).to.equal('ACME');
      await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      globalThis.fetch = original;
    }
  });

  it('a signed click is never replaced by an unsigned record; a new visit through a link replaces it', async () => {
    const token = 'NORTHWIND:1772445600:abcdefgh12:c2lnbmF0dXJl';
    const time = Date.now() - DAY;
    const signed = `NORTHWIND.affiliate_url.${time}.${time}.${token}`;
    document.cookie = `qk_ref=${signed}; Path=/`;
    const attribution = createAttribution();
    const kept = attribution.record('ACME', 'saved_quote');
    expect(kept).to.include({ affiliate: 'NORTHWIND', method: 'affiliate_url', token });
    expect(attribution.current()).to.deep.equal(kept);
    expect(readCookie('qk_ref')).to.equal(signed);

    // Held in memory (consent pending) the signed click is kept the same way.
    const pending = createAttribution({ consent: 'pending' });
    expect(pending.record('ACME', 'saved_quote')?.affiliate).to.equal('NORTHWIND');

    // A visit through ACME's link is the newest click: it replaces NORTHWIND's (and is sent to be signed).
    const visit = attribution.capture(`${location.origin}/?aff=ACME`);
    expect(visit).to.include({ affiliate: 'ACME', method: 'affiliate_url' });
    expect(readCookie('qk_ref')).to.match(/^ACME\.affiliate_url\./);
  });

  it('readCookie finds a cookie among others', () => {
    document.cookie = 'other=1; Path=/';
    document.cookie = 'qk_ref=X; Path=/';
    expect(readCookie('qk_ref')).to.equal('X');
    document.cookie = 'other=; Path=/; Max-Age=0';
  });
});

describe('attribution: the cookie lasts "within 1 year", as core counts it', () => {
  it('oneYearAfter agrees with core on every day of four years, morning and evening', () => {
    const start = Date.parse('2023-01-01T00:00:00Z');
    const disagreements: string[] = [];
    for (let day = 0; day < 4 * 366; day += 1) {
      for (const hour of [3, 14, 23]) {
        const t = start + day * DAY + hour * 3_600_000 + 123;
        const core = affiliateCookieExpiry(new Date(t));
        const ours = new Date(oneYearAfter(t)).toISOString();
        if (core !== ours) disagreements.push(`${new Date(t).toISOString()}: ${ours} ≠ ${core}`);
      }
    }
    expect(disagreements.slice(0, 5)).to.deep.equal([]);
  });
});
