import { affiliateCookieExpiry, AttributionRequestSchema, ClickTokenSchema } from '@quotekit/core';
import { setCookie } from 'hono/cookie';
import { ATTRIBUTION_COOKIE } from '../attribution.js';
import { fail, randomId } from '../http.js';
import { addressHash, signClick } from '../signing.js';
import { errors, route, takeLimit, type Route } from './route.js';

/** The landing page without its query string or hash: enough to know the page, nothing about the visitor. */
function pageOf(url: string | undefined): string | null {
  if (url === undefined) return null;
  try {
    const page = new URL(url);
    return page.protocol === 'http:' || page.protocol === 'https:'
      ? `${page.origin}${page.pathname}`.slice(0, 500)
      : null;
  } catch {
    return null;
  }
}

export const attributionRoutes: Route[] = [
  route({
    method: 'post',
    path: '/v1/attribution',
    operationId: 'recordClick',
    summary: 'Records a visit through an affiliate’s link and answers a signed click token',
    description:
      'Records the click (affiliate, time, landing page without its query, a keyed hash of the address — never the address) ' +
      'and answers `{ token, affiliate, expiresAt }`. The token is HMAC-signed; an order counts a client’s claim only with it ' +
      '(`attribution.token`). The same token is set as the `qk_ref_s` cookie (HttpOnly, SameSite=Lax, Secure on https), ' +
      'which only travels when the API is on the same site as the page. Both last one calendar year.',
    body: { schema: AttributionRequestSchema, what: 'attribution request' },
    responses: {
      200: {
        description: 'The click is recorded: `{ token, affiliate, expiresAt }`',
        schema: ClickTokenSchema,
        headers: {
          'Set-Cookie': { description: '`qk_ref_s=<token>`', schema: { type: 'string' } },
        },
      },
      400: errors[400],
      413: errors[413],
      422: errors[422]('`unknown_affiliate`'),
      429: errors[429],
    },
    async handler(c, deps, { affiliate: id, landingPage }) {
      const client = deps.clientAddress(c);
      await takeLimit(deps, 'clickAddress', client);
      const affiliate = await deps.db.getAffiliate(id);
      if (affiliate === null) fail('unknown_affiliate', `No affiliate ${id}.`, { affiliate: id });
      const now = deps.now();
      const signer = await deps.signer();
      const click = {
        affiliate: affiliate.id,
        issuedAt: Math.floor(now.getTime() / 1000),
        id: randomId(16),
      };
      // The token counts whole seconds: the click is stored at the same instant.
      const clickedAt = new Date(click.issuedAt * 1000);
      await deps.db.recordClick({
        id: click.id,
        affiliate: affiliate.id,
        at: clickedAt.toISOString(),
        landingPage: pageOf(landingPage),
        addressHash: await addressHash(signer, client),
      });
      const token = await signClick(signer, click);
      // One calendar year from this visit, the affiliate program's window (core's rule).
      const expires = new Date(affiliateCookieExpiry(clickedAt));
      setCookie(c, ATTRIBUTION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'Lax',
        secure: deps.isHttps(c),
        maxAge: Math.round((expires.getTime() - now.getTime()) / 1000),
        expires,
      });
      return c.json({ token, affiliate: affiliate.id, expiresAt: expires.toISOString() });
    },
  }),
];
