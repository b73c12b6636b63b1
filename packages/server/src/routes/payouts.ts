// Payout runs, closing a partner and importing old referrals (admin keys).
import {
  AffiliateIdSchema,
  ApiErrorSchema,
  ImportedReferralResponseSchema,
  MonthField,
  PartnerClosedSchema,
  PayoutRunRequestSchema,
  PayoutRunResponseSchema,
  programInstant,
  ReferralImportRequestSchema,
  toDecimal,
} from '@quotekit/core';
import type { Context } from 'hono';
import { fail, randomId } from '../http.js';
import { closePartner, payoutCsv, runAnswer, runPayouts } from '../program/ledger.js';
import type { Partner } from '../db/database.js';
import { emitEvent } from '../webhooks/emit.js';
import { errors, route, type Deps, type Route } from './route.js';

const ADMIN = ['admin'] as const;
const ADMIN_KEY = { name: 'Authorization', required: true, description: '`Bearer <admin key>`' };
const auth = { 401: errors[401], 403: errors[403] };
const noPartner = { description: '`not_found`: no such partner', schema: ApiErrorSchema };

/** Accounts signed up from this instant on fall under the current rules (seed 001 §7). */
const CURRENT_PROGRAM = '2012-03-01T05:00:00.000Z';

async function partnerOf(c: Context, deps: Deps): Promise<Partner> {
  const id = c.req.param('id') ?? '';
  const partner = AffiliateIdSchema.safeParse(id).success ? await deps.db.getPartner(id) : null;
  if (partner === null) fail('not_found', `There is no partner ${id.slice(0, 32)}.`);
  return partner;
}

/** Whether the client asked for CSV before JSON. */
const wantsCsv = (c: Context) => /\btext\/csv\b/i.test(c.req.header('accept') ?? '');

export const payoutRoutes: Route[] = [
  route({
    method: 'post',
    path: '/v1/payout-runs',
    operationId: 'runPayouts',
    summary: 'Runs a month’s payouts',
    description:
      'Each active partner with a ledger is paid what was payable at the month’s end (midnight in New York), ' +
      'by its payout method (seed 001 §8): a check from $25.00 to a US address, PayPal and account credit above ' +
      '$25.00; otherwise the balance rolls over, with its `reason`. A month runs once: the same month again ' +
      '(also from two instances at once) answers `200` with the first run and pays nothing again. Commission, ' +
      'payments or charge-backs dated in a month already run count in the next run.',
    headers: [ADMIN_KEY],
    roles: ADMIN,
    body: { schema: PayoutRunRequestSchema, what: 'payout run' },
    responses: {
      200: { description: 'The month’s run, made before', schema: PayoutRunResponseSchema },
      201: { description: '`{ run }`', schema: PayoutRunResponseSchema },
      400: errors[400],
      ...auth,
      413: errors[413],
      422: errors[422](
        '`month_not_ended` (its payouts can run from `details.endsAt`) or `invalid_date`',
      ),
    },
    async handler(c, deps, body) {
      // The run and its event in one transaction (a second run of the month writes neither again).
      const { created, run } = await deps.db.transaction(async (tx) => {
        const made = await runPayouts({ ...deps, db: tx }, body.month);
        await emitEvent(tx, 'payout_run.completed', made.run.month, made.run, deps.now());
        return made;
      });
      if (created) c.header('Location', `/v1/payout-runs/${run.month}`);
      return c.json({ run }, created ? 201 : 200);
    },
  }),
  {
    method: 'get',
    path: '/v1/payout-runs/:month',
    operationId: 'getPayoutRun',
    summary: 'A month’s payout run, as JSON or as CSV for the finance team',
    description:
      'With `Accept: text/csv`: one row per partner paid — `partner,name,method,paypal_email_or_country,amount` ' +
      '(the PayPal email for PayPal, else the country) — every cell quoted, and a cell that starts with `=`, `+`, ' +
      "`-`, `@`, a tab or a carriage return prefixed with `'` so that no spreadsheet runs it as a formula.",
    headers: [ADMIN_KEY, { name: 'Accept', required: false, description: '`text/csv` for CSV' }],
    roles: ADMIN,
    responses: {
      200: { description: '`{ run }`, or the CSV', schema: PayoutRunResponseSchema },
      ...auth,
      404: { description: '`not_found`: no run for this month', schema: ApiErrorSchema },
    },
    async handler(c, deps) {
      const month = c.req.param('month') ?? '';
      const run = MonthField.safeParse(month).success ? await deps.db.getPayoutRun(month) : null;
      if (run === null) fail('not_found', `No payout run for ${month.slice(0, 16)}.`);
      if (wantsCsv(c)) {
        return c.body(payoutCsv(run), 200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="payouts-${run.month}.csv"`,
        });
      }
      return c.json(runAnswer(run));
    },
  },
  {
    method: 'post',
    path: '/v1/partners/:id/close',
    operationId: 'closePartner',
    action: true,
    summary: 'Closes a partner, paying its eligible balance in a final payout',
    description:
      'Seed 001 §1: refused with `409 negative_balance` while the balance is negative (the partner owes it). ' +
      'Otherwise the balance eligible for payment is paid by the partner’s method and core’s payout rules ' +
      '(below the minimum it is recorded as rolled over, with its reason), commission still pending is not paid, ' +
      'its offer codes stop validating and it earns nothing more. Closing a closed partner answers it as it is.',
    headers: [ADMIN_KEY],
    roles: ADMIN,
    responses: {
      200: { description: '`{ partner, standing, payout }`', schema: PartnerClosedSchema },
      ...auth,
      404: noPartner,
      409: {
        description: '`negative_balance`: the partner owes `details.balance`',
        schema: ApiErrorSchema,
      },
    },
    async handler(c, deps) {
      const partner = await partnerOf(c, deps);
      return c.json(await closePartner(deps, partner.id));
    },
  },
  route({
    method: 'post',
    path: '/v1/partners/:id/referrals',
    operationId: 'importReferral',
    summary: 'Imports an account the partner referred before 2012-03-01',
    description:
      'Seed 001 §7: accounts that signed up before 1 March 2012 (New York) count toward the partner’s total ' +
      'monthly payments, and so its tier, but earn no commission. A later `signedUpAt` is `422 invalid_date`.',
    headers: [ADMIN_KEY],
    roles: ADMIN,
    body: { schema: ReferralImportRequestSchema, what: 'referral' },
    responses: {
      201: { description: '`{ referral }`', schema: ImportedReferralResponseSchema },
      400: errors[400],
      ...auth,
      404: noPartner,
      413: errors[413],
      422: errors[422]('`invalid_date` or `invalid_amount`'),
    },
    async handler(c, deps, body) {
      const partner = await partnerOf(c, deps);
      const signedUpAt = programInstant(body.signedUpAt);
      if (Date.parse(signedUpAt) >= Date.parse(CURRENT_PROGRAM)) {
        fail(
          'invalid_date',
          'Only accounts referred before 2012-03-01 are imported; later ones are billed with statements.',
          { field: 'signedUpAt' },
        );
      }
      const referral = {
        id: `ref_${randomId(12)}`,
        partner: partner.id,
        orderId: body.orderId ?? null,
        company: body.company,
        signedUpAt,
        monthlyPayments: toDecimal(String(body.monthlyPayments)).toFixed(2),
        createdAt: deps.now().toISOString(),
      };
      await deps.db.importReferral(referral);
      return c.json({ referral }, 201);
    },
  }),
];
