// Amounts arrive as decimal strings from core; Intl reads a numeric string
// exactly, so no amount passes through a float on its way to the screen.
type Numeric = string | number;
const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) cache.set(key, (format = new Intl.NumberFormat(locale, options)));
  return format;
}

/** `"285.00"`, `"USD"`, `"de-DE"` → `"285,00 $"`. */
export function money(amount: Numeric, currency: string, locale: string): string {
  return numberFormat(locale, { style: 'currency', currency }).format(amount as number);
}

/** `"0.05"` → `"5%"` (`"5 %"` in German). */
export function percent(rate: Numeric, locale: string): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(
    rate as number,
  );
}

/** A count or quantity: `"1100"` → `"1,100"`. */
export function count(value: Numeric, locale: string): string {
  return numberFormat(locale, { maximumFractionDigits: 6 }).format(value as number);
}

/** A date and time in `timeZone` (default the viewer's). */
export function dateTime(value: string | number | Date, locale: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(value));
}

/** A date without a time. */
export function date(value: string | number | Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(new Date(value));
}
