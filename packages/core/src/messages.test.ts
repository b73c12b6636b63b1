// Error messages say what their details say, and what to do.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { throwsCode } from '../test/assert.js';
import { catalogs } from './catalogs/index.js';
import { QuotekitError } from './errors.js';
import { formatMoney } from './money/money.js';
import { priceQuote } from './pricing/pricing.js';
import { slaDeadlines } from './support/sla.js';
import { supportCost } from './support/support.js';

const errorOf = (run: () => unknown): QuotekitError => {
  try {
    run();
  } catch (error) {
    if (error instanceof QuotekitError) return error;
    throw error;
  }
  throw new Error('no error');
};

describe('error messages match their details', () => {
  test('formatMoney without options is a typed error, not a TypeError', () => {
    throwsCode(() => formatMoney('12.5', undefined as never), 'invalid_currency');
    throwsCode(() => formatMoney('12.5', {} as never), 'invalid_currency');
  });

  test('a line is "Line 2" in the message and line 2 in the details', () => {
    const error = errorOf(() =>
      priceQuote(catalogs.luxsci, {
        lines: [
          { product: 'starter-plus-user', quantity: 1 },
          { product: 'no-such-product', quantity: 1 },
        ],
      }),
    );
    assert.match(error.message, /^Line 2:/);
    assert.equal(error.details?.line, 2);
  });

  test('a date and time without an offset is refused, saying it needs Z or an offset', () => {
    const error = errorOf(() => slaDeadlines('urgent', '2024-03-10T14:00:00'));
    assert.equal(error.code, 'invalid_date');
    assert.match(error.message, /Z or an offset/);
  });

  test('a value outside a closed list names the allowed values', () => {
    const error = errorOf(() => supportCost({ plan: 'gold' as never, users: 1 }));
    assert.equal(error.code, 'invalid_plan');
    assert.match(error.message, /"shared", "dedicated", "platform"/);
  });
});
