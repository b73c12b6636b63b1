import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { QuotekitError } from '../errors.js';
import { formatMoney, minorUnits, moneyString, rateString, toDecimal } from './money.js';

describe('SPEC "Money"', () => {
  test('numbers are read through their string form: 0.1 + 0.2 is exactly 0.3', () => {
    assert.equal(toDecimal(0.1).plus(toDecimal(0.2)).toString(), '0.3');
  });

  test('strings and numbers read alike', () => {
    assert.ok(toDecimal('4.00').eq(toDecimal(4)));
  });

  const boundary: [rule: string, input: string, currency: string, expected: string][] = [
    ['exactly the minor-unit digits', '300', 'USD', '300.00'],
    ['half-up at the minor unit', '1.005', 'USD', '1.01'],
    ['half-up, not half-even', '2.125', 'GBP', '2.13'],
    ['below half rounds down', '2.1249', 'AUD', '2.12'],
    ['a currency without minor units shows none', '1234.5', 'JPY', '1235'],
    ['three minor units', '1.2345', 'BHD', '1.235'],
    ['no negative zero', '-0.001', 'USD', '0.00'],
  ];
  for (const [rule, input, currency, expected] of boundary) {
    test(`money at the boundary: ${rule} (${input} ${currency} → ${expected})`, () => {
      assert.equal(moneyString(toDecimal(input), currency), expected);
    });
  }

  test('rates are decimal-string fractions ("0.10")', () => {
    assert.equal(rateString(toDecimal(0.1)), '0.10');
    assert.equal(rateString(toDecimal('0.075')), '0.075');
  });

  test('minor units come from the currency', () => {
    assert.deepEqual(
      ['USD', 'GBP', 'AUD', 'JPY'].map((c) => minorUnits(c)),
      [2, 2, 2, 0],
    );
  });

  const formats: [amount: string | number, currency: string, locale: string, expected: string][] = [
    ['1234.5', 'USD', 'en-US', '$1,234.50'],
    ['1234.5', 'GBP', 'en-GB', '£1,234.50'],
    [1234.5, 'AUD', 'en-AU', '$1,234.50'],
    ['1234.5', 'USD', 'de-DE', '1.234,50 $'],
    ['0.005', 'USD', 'en-US', '$0.01'],
    ['98765432109876543.21', 'USD', 'en-US', '$98,765,432,109,876,543.21'],
  ];
  for (const [amount, currency, locale, expected] of formats) {
    test(`formatMoney(${JSON.stringify(amount)}, ${currency}, ${locale}) → ${expected}`, () => {
      // Intl may use a narrow no-break space; compare with plain spaces.
      assert.equal(formatMoney(amount, { currency, locale }).replace(/\s/g, ' '), expected);
    });
  }

  const bad: [what: string, value: unknown][] = [
    ['NaN', Number.NaN],
    ['Infinity', Infinity],
    ['text', 'twelve'],
    ['empty string', ''],
    ['exponent text', '1e3'],
    ['an object', {}],
    ['null', null],
  ];
  for (const [what, value] of bad) {
    test(`bad amount (${what}) → invalid_amount, never NaN`, () => {
      assert.throws(
        () => toDecimal(value),
        (e: unknown) => e instanceof QuotekitError && e.code === 'invalid_amount',
      );
    });
  }

  test('unknown currency → invalid_currency', () => {
    assert.throws(() => minorUnits('usd'), { code: 'invalid_currency' });
    assert.throws(() => formatMoney('1', { currency: 'XXXX' }), { code: 'invalid_currency' });
  });
});
