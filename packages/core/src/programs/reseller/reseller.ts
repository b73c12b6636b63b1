import { QuotekitError } from '../../errors.js';
import { Dec, moneyString, roundMoney, type AmountInput } from '../../money/money.js';
import { dec, MoneyField, parseInput } from '../input.js';
import {
  ResellerEstimateInputSchema,
  type CreditRate,
  type ResellerAccountEstimate,
  type ResellerEstimate,
  type ResellerEstimateInput,
} from './reseller.schema.js';

const USD = 'USD';
const ZERO = new Dec(0);
/** Seed 000 §3: [0, 50) → none, [50, 500) → 10 %, 500 and up → ask sales (at 10 % until agreed). */
const TIERS = [
  { at: '0.00', rate: '0.00', askSales: false },
  { at: '50.00', rate: '0.10', askSales: false },
  { at: '500.00', rate: '0.10', askSales: true },
] as const;
/** Seed 000 §2: credits need at least 3 distinct sub-clients. */
const MIN_SUB_CLIENTS = 3;

/**
 * The reseller's Credit Percentage from its total monthly payments (its own
 * account, the accounts it globally manages and, when linked, its affiliate
 * account's referred accounts): below 50.00 none, from 50.00 10 %, from
 * 500.00 (inclusive) `askSales: true`, still at 10 % until sales agree.
 *
 * @example
 * resellerCreditRate('50.00'); // { rate: '0.10', askSales: false, nextTier: { at: '500.00', rate: '0.10', askSales: true } }
 */
export function resellerCreditRate(totalMonthlyPayments: AmountInput): CreditRate {
  const total = dec(parseInput(MoneyField, totalMonthlyPayments, 'totalMonthlyPayments'));
  const index = TIERS.findLastIndex((tier) => total.gte(tier.at));
  const { rate, askSales } = TIERS[index]!;
  const next = TIERS[index + 1];
  return { rate, askSales, nextTier: next === undefined ? null : { ...next } };
}

/**
 * A reseller's month: the credit rate from the accounts' monthly payments
 * plus `linkedAffiliateTotal`, the credit (rate × each account's reseller
 * monthly value plus the one-time fees billed that month, rounded half-up
 * per account) when the reseller serves at
 * least 3 distinct sub-clients, and with `clientPrices` the margin per
 * account (client price − cost + credit) and in total. Accounts without a
 * client price (the reseller's own) have no margin and stay out of the
 * margin total.
 *
 * @example
 * resellerEstimate({
 *   accounts: [{ id: 'acme', monthlyPayment: '300.00', monthlyValue: '250.00' }],
 *   subClients: 3,
 *   clientPrices: { acme: '360.00' },
 * }).margin; // "85.00" (360.00 − 300.00 + 25.00)
 */
export function resellerEstimate(input: ResellerEstimateInput): ResellerEstimate {
  const parsed = parseInput(ResellerEstimateInputSchema, input, 'reseller estimate');
  const ids = new Set<string>();
  parsed.accounts.forEach((account, i) => {
    if (ids.has(account.id)) throw invalidEstimate(`accounts.${i}.id`, `repeats ${account.id}`);
    ids.add(account.id);
  });
  const prices = parsed.clientPrices;
  for (const id of Object.keys(prices ?? {})) {
    if (!ids.has(id)) throw invalidEstimate(`clientPrices.${id}`, 'names no account');
  }

  const subClients =
    typeof parsed.subClients === 'number'
      ? parsed.subClients
      : // "ACME", " acme " and "Acme" are one sub-client.
        new Set(parsed.subClients.map((id) => id.trim().toLowerCase())).size;
  const eligible = subClients >= MIN_SUB_CLIENTS;
  let total = parsed.linkedAffiliateTotal === undefined ? ZERO : dec(parsed.linkedAffiliateTotal);
  for (const account of parsed.accounts) {
    total = total.plus(roundMoney(dec(account.monthlyPayment), USD));
  }
  const { rate, askSales } = resellerCreditRate(moneyString(total, USD));
  const creditRate = eligible ? new Dec(rate) : ZERO;

  const sums = {
    cost: ZERO,
    value: ZERO,
    oneTimeValue: ZERO,
    credit: ZERO,
    clientPrice: ZERO,
    margin: ZERO,
  };
  const accounts = parsed.accounts.map((account): ResellerAccountEstimate => {
    const cost = roundMoney(dec(account.monthlyPayment), USD);
    const value = roundMoney(dec(account.monthlyValue), USD);
    const oneTimeValue = roundMoney(dec(account.oneTimeValue ?? 0), USD);
    const credit = roundMoney(value.plus(oneTimeValue).times(creditRate), USD);
    const price = prices?.[account.id];
    const clientPrice = price === undefined ? null : roundMoney(dec(price), USD);
    const margin = clientPrice === null ? null : clientPrice.minus(cost).plus(credit);
    sums.cost = sums.cost.plus(cost);
    sums.value = sums.value.plus(value);
    sums.oneTimeValue = sums.oneTimeValue.plus(oneTimeValue);
    sums.credit = sums.credit.plus(credit);
    if (clientPrice !== null && margin !== null) {
      sums.clientPrice = sums.clientPrice.plus(clientPrice);
      sums.margin = sums.margin.plus(margin);
    }
    return {
      id: account.id,
      cost: moneyString(cost, USD),
      value: moneyString(value, USD),
      oneTimeValue: moneyString(oneTimeValue, USD),
      credit: moneyString(credit, USD),
      clientPrice: clientPrice === null ? null : moneyString(clientPrice, USD),
      margin: margin === null ? null : moneyString(margin, USD),
    };
  });

  return {
    totalMonthlyPayments: moneyString(total, USD),
    rate,
    askSales,
    eligible,
    subClients,
    cost: moneyString(sums.cost, USD),
    monthlyValue: moneyString(sums.value, USD),
    oneTimeValue: moneyString(sums.oneTimeValue, USD),
    credit: moneyString(sums.credit, USD),
    clientPrice: prices === undefined ? null : moneyString(sums.clientPrice, USD),
    margin: prices === undefined ? null : moneyString(sums.margin, USD),
    accounts,
  };
}

function invalidEstimate(path: string, message: string): QuotekitError {
  return new QuotekitError('invalid_input', `Invalid reseller estimate: ${path} ${message}.`, {
    problems: [{ path, message }],
  });
}
