import { affiliateCookieExpiry, AttributionRequestSchema } from '@quotekit/core';
import { setCookie } from 'hono/cookie';
import { ATTRIBUTION_COOKIE } from '../attribution.js';
import { fail, parseRequest, readJson } from '../http.js';
import { errors, type Route } from './route.js';

export const attributionRoutes: Route[] = [
  {
    method: 'post',
    path: '/v1/attribution',
    operationId: 'setAttribution',
    summary: 'Sets the server cookie `qk_ref_s` for an affiliate, for one year',
    description:
      "HttpOnly, SameSite=Lax, Secure on https. A server-set cookie is not cut to 7 days by Safari's limit on script-set cookies.",
    body: 'AttributionRequest',
    responses: {
      204: {
        description: 'The cookie is set',
        headers: {
          'Set-Cookie': { description: '`qk_ref_s=<affiliate>`', schema: { type: 'string' } },
        },
      },
      400: errors[400],
      413: errors[413],
      422: errors[422]('`unknown_affiliate`'),
    },
    async handler(c, deps) {
      const { affiliate: id } = parseRequest(
        AttributionRequestSchema,
        await readJson(c.req.raw, deps.maxBodyBytes),
        'attribution request',
      );
      const affiliate = await deps.db.getAffiliate(id);
      if (affiliate === null) fail('unknown_affiliate', `No affiliate ${id}.`, { affiliate: id });
      const https = deps.isHttps(c);
      // One calendar year from this visit, the affiliate program's window (core's rule).
      const now = deps.now();
      const expires = new Date(affiliateCookieExpiry(now));
      setCookie(c, ATTRIBUTION_COOKIE, affiliate.id, {
        path: '/',
        httpOnly: true,
        sameSite: 'Lax',
        secure: https,
        maxAge: Math.round((expires.getTime() - now.getTime()) / 1000),
        expires,
      });
      return c.body(null, 204);
    },
  },
];
