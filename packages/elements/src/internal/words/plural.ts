// Plurals by the locale's own rules (Intl.PluralRules), never by adding an "s".
const rules = new Map<string, Intl.PluralRules>();

/** The locale's plural category for `n`: `one`, `other` (and `few`, `many`… where a language has them). */
export function pluralCategory(n: number | string, locale: string): Intl.LDMLPluralRule {
  let rule = rules.get(locale);
  if (!rule) rules.set(locale, (rule = new Intl.PluralRules(locale)));
  return rule.select(Number(n));
}

type Translate<K extends string> = (key: K, values?: Record<string, string | number>) => string;

/**
 * The message `key` in the form for `n`: `key_one`, `key_few`… when the
 * element has that form (in its locale or its `strings`), else `key`, the
 * `other` form. `{count}` in the message is `n` as given.
 */
export function plural<K extends string>(
  t: Translate<K>,
  key: K,
  n: number | string,
  locale: string,
  values: Record<string, string | number> = {},
): string {
  const form = `${key}_${pluralCategory(n, locale)}` as K;
  const text = t(form, values);
  // An element's lookup answers a key it does not have with the key itself.
  return text === form ? t(key, values) : text;
}

/**
 * A catalog's unit (`"user"`, `"mailbox"`, `"GB"`) for `n` of it. Catalog
 * units are English nouns: in English their plural takes -s (-es after s, x,
 * z, ch, sh); an abbreviation, and the unit in another language, is shown
 * as the catalog spells it.
 */
export function unitWord(unit: string, n: number | string, locale: string): string {
  if (pluralCategory(n, locale) === 'one' || !/^en\b/.test(locale) || unit === unit.toUpperCase()) {
    return unit;
  }
  return /(s|x|z|ch|sh)$/.test(unit) ? `${unit}es` : `${unit}s`;
}
