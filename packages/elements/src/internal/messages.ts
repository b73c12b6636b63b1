/** Loads one language's strings when an element first needs them. */
export type MessageLoader<T> = () => Promise<Partial<T>>;

/**
 * One element's strings: English, which is always there, and other
 * languages as loaders keyed by BCP 47 language or locale, so a page in
 * English never loads them.
 */
export interface MessageTable<T extends Record<string, string>> {
  en: T;
  lazy?: Record<string, MessageLoader<T>>;
}

const loaded = new Map<unknown, object>();
const loading = new Map<unknown, Promise<void>>();

function loadersFor<T extends Record<string, string>>(table: MessageTable<T>, locale: string) {
  const language = locale.split('-')[0]!;
  return [table.lazy?.[language], locale === language ? undefined : table.lazy?.[locale]].filter(
    (loader): loader is MessageLoader<T> => loader !== undefined,
  );
}

/**
 * Resolves when the strings for `locale` are loaded; undefined when they
 * already are (or English is all there is). A language that fails to load
 * falls back to English.
 */
export function loadMessages<T extends Record<string, string>>(
  table: MessageTable<T>,
  locale: string,
): Promise<void> | undefined {
  const pending = loadersFor(table, locale)
    .filter((loader) => !loaded.has(loader))
    .map((loader) => {
      let promise = loading.get(loader);
      if (!promise) {
        promise = loader().then(
          (strings) => void loaded.set(loader, strings),
          () => void loaded.set(loader, {}),
        );
        loading.set(loader, promise);
      }
      return promise;
    });
  return pending.length ? Promise.all(pending).then(() => undefined) : undefined;
}

/**
 * Picks the strings for `locale` (exact, then its language, then English)
 * among those loaded, with the element's `strings` overrides on top.
 */
export function messagesFor<T extends Record<string, string>>(
  table: MessageTable<T>,
  locale: string,
  overrides?: Partial<T> | null,
): T {
  const layers = loadersFor(table, locale).map((loader) => loaded.get(loader) ?? {});
  return Object.assign({}, table.en, ...layers, overrides) as T;
}

/** Fills `{name}` placeholders. Values are plain text; Lit renders the result as text, never markup. */
export function fill(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
