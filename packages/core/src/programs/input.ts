import * as z from 'zod/mini';
import type { ErrorCode } from '../errors.js';
import { Dec, toDecimal, type AmountInput } from '../money/money.js';
import { MAX_DISCOUNT_RATE } from '../limits.js';
import { parseWith } from '../validation.js';
import { fromNewYork } from './new-york.js';

/*
 * Field schemas shared by the programs and support modules. Each one is a
 * `z.custom` that carries its own error code in `params.code`, so that
 * `parseInput` throws `invalid_date` for a bad date and `invalid_plan` for a
 * bad plan from one object schema.
 */

const DECIMAL_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

function decimalOf(value: unknown): Dec | null {
  if (typeof value === 'number') return Number.isFinite(value) ? new Dec(String(value)) : null;
  if (typeof value === 'string' && value.length <= 40 && DECIMAL_TEXT.test(value.trim())) {
    return new Dec(value.trim());
  }
  return null;
}

/** A field whose failures are reported as `QuotekitError` `code`. */
export function coded<T>(code: ErrorCode, test: (value: unknown) => boolean, message: string) {
  return z.custom<T>(test, { error: message, params: { code } });
}

const decimalIn = (min: string | null, max: string | null) => (value: unknown) => {
  const d = decimalOf(value);
  return d !== null && (min === null || d.gte(min)) && (max === null || d.lte(max));
};

/** An amount of money ≥ 0, as a decimal string or a number: `invalid_amount`. */
export const MoneyField = coded<AmountInput>(
  'invalid_amount',
  decimalIn('0', null),
  'must be a non-negative decimal amount',
);
/** An amount of money that may be negative (a balance after a charge-back): `invalid_amount`. */
export const SignedMoneyField = coded<AmountInput>(
  'invalid_amount',
  decimalIn(null, null),
  'must be a decimal amount',
);
/** A rate, a decimal fraction in [0, 1] (`"0.10"`): `invalid_rate`. */
export const RateField = coded<AmountInput>(
  'invalid_rate',
  decimalIn('0', '1'),
  'must be a decimal fraction between 0 and 1',
);
/** An offer-code discount, a fraction in [0, 0.10] (SPEC: 0 < d ≤ 10 %; 0 means none): `invalid_discount`. */
export const DiscountField = coded<AmountInput>(
  'invalid_discount',
  decimalIn('0', MAX_DISCOUNT_RATE),
  `must be a decimal fraction between 0 and ${MAX_DISCOUNT_RATE}`,
);
/** A count of things (users, tickets, months): a whole number ≥ 0, `invalid_quantity`. */
export const CountField = coded<number>(
  'invalid_quantity',
  (v) => Number.isSafeInteger(v) && (v as number) >= 0,
  'must be a whole number ≥ 0',
);
/** An instant: a `Date` or an ISO 8601 string (see `instantOf`): `invalid_date`. */
export const DateField = coded<string | Date>(
  'invalid_date',
  (v) => instantOrNull(v) !== null,
  'must be a valid Date, an ISO 8601 date ("2024-03-10", midnight in New York) or a date and time with Z or an offset ("2024-03-10T14:00:00Z", "2024-03-10T09:00:00-05:00"); a time without Z or an offset is ambiguous',
);

/**
 * The programs' currency: their tiers and thresholds are in US dollars, so
 * only `USD` (any case) is accepted: `invalid_currency`.
 */
export const UsdField = coded<string>(
  'invalid_currency',
  (v) => typeof v === 'string' && v.trim().toUpperCase() === 'USD',
  'must be USD: the programs count in US dollars',
);

/** One of `values`, reported as `code`. */
export function oneOf<const T extends readonly string[]>(code: ErrorCode, values: T) {
  return coded<T[number]>(
    code,
    (v) => typeof v === 'string' && values.includes(v),
    `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`,
  );
}

/**
 * Parses `input` with `schema`, or throws the `QuotekitError` of the first
 * problem's field (`invalid_date`, `invalid_plan`, …), `invalid_input` for a
 * wrong shape; `details.problems` lists every problem with its path.
 */
export function parseInput<S extends z.ZodMiniType>(
  schema: S,
  input: unknown,
  what: string,
): z.infer<S> {
  return parseWith(schema, input, 'invalid_input', what);
}

/** Reads a field that `parseInput` has validated. */
export const dec = (value: AmountInput): Dec => toDecimal(value);

const ISO =
  /^(\d{4})-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2}))?)?$/;

/**
 * The instant (ms since the epoch) of a `Date` or an ISO 8601 string, or
 * null. A date-time needs `Z` or an offset; a bare date (`"2012-03-01"`) or
 * month (`"2024-03"`) is midnight in New York, the vendor's business day.
 */
function instantOrNull(value: unknown): number | null {
  if (value instanceof Date) {
    const t = value.getTime();
    return Number.isFinite(t) ? t : null;
  }
  if (typeof value !== 'string') return null;
  const m = ISO.exec(value);
  if (m === null) return null;
  const [, y, mo, d = '01', h, mi, s = '0', frac = '', zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return null;
  if (h === undefined) return fromNewYork(year, month, day);
  const [hour, minute, second] = [Number(h), Number(mi), Number(s)];
  if (hour > 23 || minute > 59 || second > 59) return null;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  let offset = 0;
  if (zone !== 'Z') {
    const [oh, om] = [Number(zone!.slice(1, 3)), Number(zone!.slice(4))];
    if (oh > 23 || om > 59) return null;
    offset = (zone!.startsWith('-') ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, ms);
  return utc.getTime() - offset;
}

/** The instant of a date field that `parseInput` has validated. */
export function instantOf(value: string | Date): number {
  return instantOrNull(value)!;
}

/** An instant as the boundary string (`"2024-03-10T13:00:00.000Z"`). */
export const isoString = (t: number): string => new Date(t).toISOString();
