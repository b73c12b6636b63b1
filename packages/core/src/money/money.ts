import { Decimal } from 'decimal.js';
import { QuotekitError } from '../errors.js';

/** decimal.js configured for money: plenty of precision, half-up rounding. */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = Decimal;

/** What public functions accept for an amount or a rate: a decimal string or a number. */
export type AmountInput = string | number;

const DECIMAL_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * Reads an amount or rate. Numbers are read through their shortest string
 * form (`0.1` is exactly one tenth), so no binary-float error enters a sum.
 * Throws `invalid_amount` for anything that is not a finite decimal.
 */
export function toDecimal(value: unknown, field = 'amount'): Dec {
  if (value instanceof Dec) return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalidAmount(field, value);
    return new Dec(String(value));
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (!DECIMAL_TEXT.test(text)) throw invalidAmount(field, value);
    return new Dec(text);
  }
  throw invalidAmount(field, value);
}

function invalidAmount(field: string, value: unknown): QuotekitError {
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value);
  return new QuotekitError('invalid_amount', `${field} must be a finite decimal, got ${shown}.`, {
    field,
  });
}

const minorUnitCache = new Map<string, number>();

/**
 * The number of minor-unit digits of an ISO 4217 currency, from Intl
 * (USD 2, JPY 0, BHD 3). Throws `invalid_currency` for an unknown code.
 */
export function minorUnits(currency: string): number {
  const cached = minorUnitCache.get(currency);
  if (cached !== undefined) return cached;
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw new QuotekitError(
      'invalid_currency',
      `Currency must be a three-letter ISO 4217 code, got ${JSON.stringify(String(currency).slice(0, 40))}.`,
      { currency },
    );
  }
  let digits: number;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits as number;
  } catch {
    throw new QuotekitError('invalid_currency', `Unknown currency ${currency}.`, { currency });
  }
  minorUnitCache.set(currency, digits);
  return digits;
}

/** Rounds half-up to the currency's minor unit. */
export function roundMoney(amount: Dec, currency: string): Dec {
  const digits = minorUnits(currency);
  // Most amounts are already exact to the minor unit; rounding them is a costly no-op.
  return amount.decimalPlaces() <= digits
    ? amount
    : amount.toDecimalPlaces(digits, Decimal.ROUND_HALF_UP);
}

/** An amount as the boundary string: exactly the currency's minor-unit digits (`"300.00"`). */
export function moneyString(amount: Dec, currency: string): string {
  const digits = minorUnits(currency);
  const places = amount.decimalPlaces();
  if (places <= digits && !amount.isZero() && amount.e < 15) {
    // Already exact: pad the plain form instead of rounding again.
    const plain = amount.toString();
    if (digits === 0) return plain;
    return places === 0 ? `${plain}.${'0'.repeat(digits)}` : plain + '0'.repeat(digits - places);
  }
  const text = amount.toFixed(digits, Decimal.ROUND_HALF_UP);
  return text === '-0' || /^-0\.0*$/.test(text) ? text.slice(1) : text;
}

/** A rate as a decimal-string fraction with at least two digits (`"0.10"`, `"0.075"`). */
export function rateString(rate: Dec): string {
  const places = Math.max(2, rate.decimalPlaces());
  return rate.toFixed(places);
}

export interface FormatMoneyOptions {
  /** ISO 4217 code, e.g. `"USD"`. */
  currency: string;
  /** BCP 47 locale for `Intl.NumberFormat`; defaults to the runtime's locale. */
  locale?: string;
}

/**
 * Formats an amount for people through `Intl.NumberFormat`, rounded half-up
 * to the currency's minor unit: `formatMoney("1234.5", { currency: "GBP",
 * locale: "en-GB" })` → `"£1,234.50"`.
 */
export function formatMoney(amount: AmountInput, options: FormatMoneyOptions): string {
  if (options === null || typeof options !== 'object' || typeof options.currency !== 'string') {
    throw new QuotekitError(
      'invalid_currency',
      'formatMoney needs the currency: formatMoney("12.5", { currency: "USD" }).',
      {},
    );
  }
  const { currency, locale } = options;
  const text = moneyString(toDecimal(amount), currency);
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  } catch {
    throw new QuotekitError('invalid_currency', `Cannot format ${currency} for locale ${locale}.`, {
      currency,
      locale,
    });
  }
  // Intl reads a numeric string exactly, so large or long amounts keep every digit.
  return format.format(text as unknown as number);
}
