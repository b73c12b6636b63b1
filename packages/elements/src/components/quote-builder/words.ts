// A priced line's breakdown in the element's words and locale. Only
// formatting: every figure comes from core's breakdown.
import { localEntry, type NextTier, type PricedLine, type Product } from '@quotekit/core';
import { count, money, percent } from '../../internal/format.js';
import { pluralCategory, unitWord } from '../../internal/words/plural.js';

type T = (key: string, values?: Record<string, string | number>) => string;

/** The line in words: free units, the tiers used (joined by +), the discount; parts joined by "; ". */
export function lineWords(line: PricedLine, currency: string, locale: string, t: T): string {
  const b = line.breakdown;
  const m = (amount: string) => money(amount, currency, locale);
  const words: string[] = [];
  if (b.topUp) {
    return t('topUp', {
      minimum: m(b.topUp.minimum),
      amount: m(b.topUp.amount),
      monthly: m(b.topUp.monthly),
    });
  }
  const parts: string[] = [];
  if (b.freeUnits !== '0') parts.push(t('free', { free: count(b.freeUnits, locale) }));
  switch (b.model) {
    case 'flat':
      // A flat line is a fixed price, not something free: say which kind.
      words.push(
        t(b.tiers.length ? (line.billing === 'one_time' ? 'flatOneTime' : 'flat') : 'notIncluded'),
      );
      break;
    case 'per_unit':
      words.push(
        t('perUnit', { units: count(b.billableUnits, locale), price: m(b.tiers[0]!.unitAmount) }),
      );
      break;
    case 'graduated':
      for (const tier of b.tiers) {
        const values = {
          units: count(tier.units, locale),
          price: m(tier.unitAmount),
          from: count(tier.from, locale),
          to: tier.upTo === null ? '' : count(tier.upTo, locale),
        };
        words.push(t(tier.upTo === null ? 'tierOpen' : 'tier', values));
      }
      break;
    case 'volume': {
      const tier = b.tiers[0];
      if (tier) {
        words.push(
          t('volume', {
            units: count(tier.units, locale),
            price: m(tier.unitAmount),
            from: count(tier.from, locale),
          }),
        );
      }
      break;
    }
  }
  if (words.length) parts.push(words.join(' + '));
  if (b.discount) {
    parts.push(
      t('lineDiscount', { rate: percent(b.discount.rate, locale), amount: m(b.discount.amount) }),
    );
  }
  return parts.join('; ');
}

export function nextTierWords(
  next: NextTier,
  unit: string,
  currency: string,
  locale: string,
  t: T,
): string {
  return t(next.model === 'graduated' ? 'nextGraduated' : 'nextVolume', {
    units: count(next.units, locale),
    unit,
    price: money(next.unitAmount, currency, locale),
  });
}

/**
 * `product`'s unit for `n` of it in `locale`: the catalog's `units` for that
 * language (`one` or `other` by the locale's plural rules), else its `unit`
 * (or `fallback`) through `unitWord`.
 */
export function productUnit(
  product: Pick<Product, 'unit' | 'units'>,
  n: number | string,
  locale: string,
  fallback: string,
): string {
  const forms = localEntry(product.units, locale);
  if (forms) return pluralCategory(n, locale) === 'one' ? forms.one : forms.other;
  return unitWord(product.unit ?? fallback, n, locale);
}
