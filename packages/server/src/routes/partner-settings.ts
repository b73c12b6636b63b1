import {
  PartnerClicksSchema,
  PartnerPayoutChangedSchema,
  PartnerPayoutSchema,
} from '@quotekit/core';
import type { Context } from 'hono';
import { fail } from '../http.js';
import { requirePartner } from '../staff.js';
import { queryOf, refuseProblems, type Problems } from './list-query.js';
import { AUTH_ERRORS, PARTNER_KEY } from './opportunities.js';
import { errors, route, type Route } from './route.js';

const DAY_MS = 86_400_000;
/** The longest range `GET /v1/partner/clicks` answers: a year and a day, as long as clicks are kept. */
export const CLICK_RANGE_DAYS = 366;
/** The range without `from`: the 30 days up to `to`. */
const DEFAULT_CLICK_DAYS = 30;

/** A calendar day `YYYY-MM-DD` (years 2000–9999) as the instant it starts in UTC; null when it is not one. */
function dayStart(text: string): number | null {
  const match = /^(\d{4})-(\d\d)-(\d\d)$/.exec(text);
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const t = Date.UTC(year, month - 1, day);
  const back = new Date(t);
  return year >= 2000 && back.getUTCMonth() === month - 1 && back.getUTCDate() === day ? t : null;
}

const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

/** `from` and `to` (UTC days, both included) of `GET /v1/partner/clicks`. */
function rangeOf(c: Context, now: Date): { from: number; to: number } {
  const problems: Problems = [];
  const read = (name: 'from' | 'to') => {
    const text = queryOf(c, name);
    if (text === undefined) return undefined;
    const t = dayStart(text);
    if (t === null)
      problems.push({ path: name, message: 'must be a date YYYY-MM-DD from 2000 on' });
    return t ?? undefined;
  };
  const today = dayStart(now.toISOString().slice(0, 10))!;
  const givenTo = read('to');
  const givenFrom = read('from');
  const to = givenTo ?? today;
  const from = givenFrom ?? to - (DEFAULT_CLICK_DAYS - 1) * DAY_MS;
  if (problems.length === 0 && from > to) {
    problems.push({ path: 'from', message: 'must not be after to' });
  } else if (problems.length === 0 && (to - from) / DAY_MS + 1 > CLICK_RANGE_DAYS) {
    problems.push({ path: 'from', message: `must be at most ${CLICK_RANGE_DAYS} days before to` });
  }
  refuseProblems(problems, 'clicks');
  return { from, to };
}

export const partnerSettingsRoutes: Route[] = [
  {
    method: 'get',
    path: '/v1/partner/clicks',
    operationId: 'partnerClicks',
    summary: 'Visits through the partner’s links, per day',
    description:
      'Days are UTC calendar days; `from` and `to` are both included, every day of the range is listed (0 when ' +
      `none). Default: the ${DEFAULT_CLICK_DAYS} days up to today. At most ${CLICK_RANGE_DAYS} days; clicks are kept ` +
      'for 396 days.',
    headers: [PARTNER_KEY],
    query: [
      { name: 'from', description: 'The first day, `YYYY-MM-DD`; default 29 days before `to`' },
      { name: 'to', description: 'The last day, `YYYY-MM-DD`; default today (UTC)' },
    ],
    responses: {
      200: { description: 'Clicks per day', schema: PartnerClicksSchema },
      400: errors[400],
      ...AUTH_ERRORS,
    },
    async handler(c, deps) {
      const { partner } = await requirePartner(c, deps.db);
      const { from, to } = rangeOf(c, deps.now());
      const counts = await deps.db.clicksPerDay(
        partner.id,
        new Date(from).toISOString(),
        new Date(to + DAY_MS).toISOString(),
      );
      const days: { date: string; clicks: number }[] = [];
      for (let t = from; t <= to; t += DAY_MS) {
        days.push({ date: dayOf(t), clicks: counts.get(dayOf(t)) ?? 0 });
      }
      return c.json({
        from: dayOf(from),
        to: dayOf(to),
        total: days.reduce((sum, day) => sum + day.clicks, 0),
        days,
      });
    },
  },
  route({
    method: 'patch',
    path: '/v1/partner/payout',
    operationId: 'choosePayoutMethod',
    summary: 'Chooses how the partner is paid (seed 001 §8)',
    description:
      '`check` (mailed in the United States: only for a partner whose country is `US`, `422 invalid_method` ' +
      'otherwise), `paypal` (needs `paypalEmail`) or `account_credit`. Applies from the next payout run.',
    headers: [PARTNER_KEY],
    body: { schema: PartnerPayoutSchema, what: 'payout method' },
    responses: {
      200: { description: 'The payout method now on record', schema: PartnerPayoutChangedSchema },
      400: errors[400],
      ...AUTH_ERRORS,
      422: errors[422]('`invalid_method`: a check for a partner outside the United States'),
    },
    async handler(c, deps, body) {
      const { partner } = await requirePartner(c, deps.db);
      if (body.method === 'check' && partner.country !== 'US') {
        fail(
          'invalid_method',
          `Checks are mailed in the United States only; partner ${partner.id}'s country is ${partner.country ?? 'not recorded'}. Choose paypal or account_credit.`,
          { method: 'check', country: partner.country },
        );
      }
      const payout = {
        method: body.method,
        paypalEmail: body.method === 'paypal' ? (body.paypalEmail ?? null) : null,
      };
      const updated = await deps.db.updatePartner(partner.id, { payout });
      return c.json({ payout: updated?.payout ?? payout });
    },
  }),
];
