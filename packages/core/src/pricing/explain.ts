// A priced line in English, worded from its breakdown: the words can never
// disagree with the data a component renders.
import { Dec, moneyString } from '../money/money.js';
import type { BreakdownTier, PricedLine } from './pricing.schema.js';

/** A priced line in English words, built from its breakdown and amount. */
export function explainLine(
  line: Pick<PricedLine, 'amount' | 'breakdown'>,
  currency: string,
): string {
  return explainWith(
    line,
    (text) => moneyString(new Dec(text), currency),
    line.breakdown.discount === null
      ? ''
      : new Dec(line.breakdown.discount.rate).times(100).toString(),
  );
}

/**
 * The words of `explainLine`, given how to show a top-up amount and the
 * discount rate as a percentage (the integer path has both already).
 */
export function explainWith(
  line: Pick<PricedLine, 'amount' | 'breakdown'>,
  money: (text: string) => string,
  percent: string,
): string {
  const { breakdown: b } = line;
  if (b.topUp !== null) {
    return `monthly minimum ${money(b.topUp.minimum)} − monthly total ${money(b.topUp.monthly)} = ${money(b.topUp.amount)}`;
  }
  const unit = b.unit ?? 'unit';
  // freeUnits is a Decimal's own toString: zero is exactly "0".
  const free =
    b.freeUnits === '0' ? '' : `first ${b.freeUnits} free, ${b.billableUnits} billable: `;
  const total = ` = ${line.amount}`;
  const range = (t: BreakdownTier) => `${t.from}–${t.upTo ?? '∞'}`;
  let words: string;
  switch (b.model) {
    case 'flat':
      words = b.tiers.length === 0 ? 'not included' : `flat ${line.amount}`;
      break;
    case 'per_unit':
      words = `${b.billableUnits} ${plural(unit, b.billableUnits)} × ${b.tiers[0]!.unitAmount}${total}`;
      break;
    case 'graduated':
      words = b.tiers.length
        ? b.tiers.map((t) => `${t.units} × ${t.unitAmount} (${range(t)})`).join(' + ') + total
        : `0 ${plural(unit, '0')}`;
      break;
    default: {
      const t = b.tiers[0]!;
      words = `${b.billableUnits} ${plural(unit, b.billableUnits)} × ${t.unitAmount} (volume tier ${range(t)})${total}`;
    }
  }
  const discount = b.discount === null ? '' : `; offer discount ${percent}% −${b.discount.amount}`;
  return free + words + discount;
}

function plural(unit: string, count: string): string {
  return count === '1' ? unit : `${unit}s`;
}
