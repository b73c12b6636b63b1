export {
  Dec,
  toDecimal,
  minorUnits,
  roundMoney,
  moneyString,
  rateString,
  formatMoney,
  type AmountInput,
  type FormatMoneyOptions,
} from './money.js';
