// Reading a line's quantity: the one place that decides what a quantity may
// be, for every path that prices one (a quote line, the next-tier hint),
// whether it arrives as a number or as a string.
import { QuotekitError } from '../errors.js';
import { Dec, toDecimal } from '../money/money.js';
import type { CompiledProduct } from './compile.js';

/** The largest quantity any line may have, as a number and as a Decimal. */
export const MAX_QUANTITY = 1e12;
const MAX_QUANTITY_DEC = new Dec(MAX_QUANTITY);
const ONE = new Dec(1);

type Fail = (why: string) => QuotekitError;

/**
 * A quantity as a Decimal: a finite number or decimal string, not negative,
 * at most `MAX_QUANTITY`. Numbers and strings take the same checks.
 */
export function quantityValue(input: unknown, fail: Fail): Dec {
  let quantity: Dec;
  try {
    quantity = toDecimal(input, 'quantity');
  } catch {
    throw fail('quantity must be a number');
  }
  if (quantity.isNegative()) throw fail('quantity cannot be negative');
  if (quantity.gt(MAX_QUANTITY_DEC)) throw fail(`quantity is too large (at most ${MAX_QUANTITY})`);
  return quantity;
}

/**
 * A quote line's quantity, checked against the product's bounds and step as
 * well: `invalid_quantity` naming the line.
 */
export function readQuantity(entry: CompiledProduct, input: unknown, index: number): Dec {
  // Whole-number input within bounds, the common case, needs no Decimal checks.
  if (
    typeof input === 'number' &&
    Number.isSafeInteger(input) &&
    input >= entry.minUnits &&
    input <= MAX_QUANTITY &&
    (entry.maxUnits === null || input <= entry.maxUnits) &&
    entry.wholeStep
  ) {
    return new Dec(input);
  }
  const fail: Fail = (why) =>
    new QuotekitError('invalid_quantity', `Line ${index + 1} (${entry.product.id}): ${why}.`, {
      line: index + 1,
      product: entry.product.id,
    });
  const quantity = quantityValue(input, fail);
  if (entry.step.eq(ONE) ? !quantity.isInteger() : !quantity.mod(entry.step).isZero()) {
    throw fail(
      entry.step.eq(ONE)
        ? 'quantity must be a whole number'
        : `quantity must be a multiple of ${entry.step.toString()}`,
    );
  }
  if (quantity.lt(entry.min)) throw fail(`quantity must be at least ${entry.min.toString()}`);
  if (entry.max !== null && quantity.gt(entry.max)) {
    throw fail(`quantity must be at most ${entry.max.toString()}`);
  }
  return quantity;
}
