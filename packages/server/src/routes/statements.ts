// Billing statements: what the vendor's billing system billed and what was
// paid or charged back (billing or admin keys).
import {
  ApiErrorSchema,
  BillingStatementRequestSchema,
  StatementAnswerSchema,
  StatementChargebackRequestSchema,
  StatementIdSchema,
  StatementPaymentRequestSchema,
  type StatementAnswer,
} from '@quotekit/core';
import type { Context } from 'hono';
import { fail } from '../http.js';
import { chargeBackStatement, payStatement, postStatement } from '../program/ledger.js';
import { emitEvent } from '../webhooks/emit.js';
import { errors, route, type Deps, type Route } from './route.js';

const BILLING = ['billing'] as const;

export const BILLING_KEY = {
  name: 'Authorization',
  required: true,
  description: '`Bearer <billing key>` (the vendor’s billing system) or `Bearer <admin key>`',
};

/** The path's statement id, or `404 not_found`. */
function statementId(c: Context): string {
  const id = c.req.param('id') ?? '';
  if (!StatementIdSchema.safeParse(id).success)
    fail('not_found', `No statement ${id.slice(0, 64)}.`);
  return id;
}

const refused = {
  400: errors[400],
  401: errors[401],
  403: errors[403],
  413: errors[413],
};

export const statementRoutes: Route[] = [
  route({
    method: 'post',
    path: '/v1/statements',
    operationId: 'postStatement',
    summary: 'Records a billing statement and the commission or credit it earns',
    description:
      'A referred customer’s statement names `orderId`, the order that opened the account; its commission ' +
      '(the tier’s rate less the customer’s offer-code discount, on each line’s amount weighted by its product’s ' +
      'affiliate class, one-time fees included on the statement that bills them) is fixed now and granted once ' +
      'the statement is paid in full. A reseller’s own bill names `partner` and `subClients` instead and answers ' +
      'the `credit` to apply to it (from 3 distinct sub-clients; recorded as a `reseller_credit` entry). ' +
      'Idempotent by `id`: the same body again answers `200` with the statement as it now is; another body is ' +
      '`409 statement_conflict`. Nothing is stored on any error.',
    headers: [BILLING_KEY],
    roles: BILLING,
    body: { schema: BillingStatementRequestSchema, what: 'statement' },
    responses: {
      200: {
        description: 'This statement was posted before with this body',
        schema: StatementAnswerSchema,
      },
      201: { description: '`{ statement, commission, credit }`', schema: StatementAnswerSchema },
      ...refused,
      404: {
        description: '`unknown_order`: no such order; `not_found`: no such partner',
        schema: ApiErrorSchema,
      },
      409: {
        description: '`statement_conflict`: this id was posted with another body',
        schema: ApiErrorSchema,
      },
      422: errors[422](
        '`invalid_amount` (negative, or not dollars and cents), `invalid_date` (a period that is not a month, a bad date), `unknown_product`, `invalid_currency` (not USD) or `invalid_input` (a `partner` that is no reseller)',
      ),
    },
    async handler(c, deps, body) {
      const { created, answer } = await withEvents(deps, (tx) => postStatement(tx, body));
      if (created) c.header('Location', `/v1/statements/${answer.statement.id}`);
      return c.json(answer, created ? 201 : 200);
    },
  }),
  route({
    method: 'post',
    path: '/v1/statements/:id/payments',
    operationId: 'payStatement',
    summary: 'Records that a statement was paid in full, granting its commission',
    description:
      'A commission is granted only once its statement is paid in full (seed 001 §7), and payable once the ' +
      'customer has been one for more than 30 days. The same payment again answers the statement; another ' +
      'date for a paid statement is `409 statement_conflict`.',
    headers: [BILLING_KEY],
    roles: BILLING,
    body: { schema: StatementPaymentRequestSchema, what: 'payment' },
    responses: {
      200: { description: '`{ statement, commission, credit }`', schema: StatementAnswerSchema },
      ...refused,
      404: { description: '`not_found`: no such statement', schema: ApiErrorSchema },
      409: {
        description: '`statement_conflict`: it was paid at another time',
        schema: ApiErrorSchema,
      },
      422: errors[422]('`invalid_date`'),
    },
    async handler(c, deps, body) {
      const answer = await withEvents(deps, (tx) =>
        payStatement(tx, statementId(c), body.paidInFullAt),
      );
      return c.json(answer);
    },
  }),
  route({
    method: 'post',
    path: '/v1/statements/:id/chargebacks',
    operationId: 'chargeBackStatement',
    summary: 'Records a charge-back, debiting the commission the statement earned',
    description:
      'Seed 001 §9: the commission is debited even after it was paid out, so the balance may go negative. ' +
      'Only a statement paid in full can be charged back, once; the same charge-back again answers the statement.',
    headers: [BILLING_KEY],
    roles: BILLING,
    body: { schema: StatementChargebackRequestSchema, what: 'charge-back' },
    responses: {
      200: { description: '`{ statement, commission, credit }`', schema: StatementAnswerSchema },
      ...refused,
      404: { description: '`not_found`: no such statement', schema: ApiErrorSchema },
      409: {
        description:
          '`statement_not_paid`, or `statement_conflict`: it was charged back before, differently',
        schema: ApiErrorSchema,
      },
      422: errors[422]('`invalid_date` (also: before the payment it reverses)'),
    },
    async handler(c, deps, body) {
      const answer = await withEvents(deps, (tx) => chargeBackStatement(tx, statementId(c), body));
      return c.json(answer);
    },
  }),
];

/**
 * The events a statement's answer reports: `statement.commission_granted`
 * once it is paid in full with a commission, `statement.charged_back` once
 * charged back; each written once whatever repeats the request.
 */
async function statementEvents(deps: Deps, answer: StatementAnswer): Promise<void> {
  const { statement } = answer;
  if (answer.commission !== null && statement.paidInFullAt !== null) {
    await emitEvent(deps.db, 'statement.commission_granted', statement.id, answer, deps.now());
  }
  if (statement.chargeback !== null) {
    await emitEvent(deps.db, 'statement.charged_back', statement.id, answer, deps.now());
  }
}

/** Runs a statement change and writes the events its answer reports, in one transaction. */
function withEvents<T extends StatementAnswer | { answer: StatementAnswer }>(
  deps: Deps,
  change: (tx: Deps) => Promise<T>,
): Promise<T> {
  return deps.db.transaction(async (db) => {
    const tx = { ...deps, db };
    const result = await change(tx);
    await statementEvents(tx, 'answer' in result ? result.answer : result);
    return result;
  });
}
