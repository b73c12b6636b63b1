// The price models: what each does with a line's billable units, one
// function per model, and the tiers it used as data for the breakdown.
import { Dec } from '../money/money.js';
import type { CompiledPrice, CompiledProduct, CompiledTier } from './compile.js';

const ZERO = new Dec(0);
const ONE = new Dec(1);

/** One tier's share of a line, before it becomes boundary strings. */
export interface TierUse {
  units: Dec;
  unitAmount: Dec;
  unitText: string;
  from: Dec;
  upTo: Dec | null;
}

/** What a line's price model did with its billable units. */
export interface Priced {
  amount: Dec;
  billable: Dec;
  tiers: TierUse[];
}

type Model<T extends CompiledPrice> = (price: T, billable: Dec) => Omit<Priced, 'billable'>;
type Tiered = Extract<CompiledPrice, { tiers: CompiledTier[] }>;

/** Flat: the amount once when included (one unit), nothing otherwise. */
const flat: Model<Extract<CompiledPrice, { model: 'flat' }>> = (price, billable) => ({
  amount: price.amount.times(billable),
  tiers: billable.isZero()
    ? []
    : [{ units: billable, unitAmount: price.amount, unitText: '', from: ONE, upTo: null }],
});

/** Per unit: every billable unit at the unit amount. */
const perUnit: Model<Extract<CompiledPrice, { model: 'per_unit' }>> = (price, billable) => ({
  amount: price.unitAmount.times(billable),
  tiers: [
    {
      units: billable,
      unitAmount: price.unitAmount,
      unitText: price.unitText,
      from: ONE,
      upTo: null,
    },
  ],
});

/** Graduated: each unit at the price of the tier it falls in. */
const graduated: Model<Tiered> = (price, billable) => {
  let amount = ZERO;
  let below = ZERO;
  const tiers: TierUse[] = [];
  for (const tier of price.tiers) {
    if (!billable.gt(below)) break;
    const top = tier.upTo === null ? billable : Dec.min(billable, tier.upTo);
    const units = top.minus(below);
    amount = amount.plus(units.times(tier.unitAmount));
    tiers.push({ ...tier, units, from: below.plus(1) });
    below = top;
  }
  return { amount, tiers };
};

/** Volume: every unit at the price of the tier the whole quantity falls in. */
const volume: Model<Tiered> = (price, billable) => {
  let below = ZERO;
  let chosen: CompiledTier = price.tiers[price.tiers.length - 1]!;
  for (const tier of price.tiers) {
    if (tier.upTo === null || billable.lte(tier.upTo)) {
      chosen = tier;
      break;
    }
    below = tier.upTo;
  }
  return {
    amount: chosen.unitAmount.times(billable),
    tiers: [{ ...chosen, units: billable, from: below.plus(1) }],
  };
};

/** Prices a line's quantity, less its free units, by the product's model. */
export function priceUnits(entry: CompiledProduct, quantity: Dec): Priced {
  const billable = Dec.max(ZERO, quantity.minus(entry.free));
  const price = entry.price;
  const priced =
    price.model === 'flat'
      ? flat(price, billable)
      : price.model === 'per_unit'
        ? perUnit(price, billable)
        : price.model === 'graduated'
          ? graduated(price, billable)
          : volume(price, billable);
  return { ...priced, billable };
}
