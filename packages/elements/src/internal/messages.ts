/** One element's strings: English, and other languages keyed by BCP 47 language or locale. */
export type MessageTable<T extends Record<string, string>> = { en: T } & Record<string, Partial<T>>;

/**
 * Picks the strings for `locale` (exact, then its language, then English),
 * with the element's `strings` overrides on top.
 */
export function messagesFor<T extends Record<string, string>>(
  table: MessageTable<T>,
  locale: string,
  overrides?: Partial<T> | null,
): T {
  const language = locale.split('-')[0]!;
  return { ...table.en, ...table[language], ...table[locale], ...overrides } as T;
}

/** Fills `{name}` placeholders. Values are plain text; Lit renders the result as text, never markup. */
export function fill(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
