import {
  ApiErrorSchema,
  CatalogSchema,
  decodeSavedQuote,
  PricedQuoteSchema,
  priceQuote,
  rateString,
  toDecimal,
  type Catalog,
  type PricedQuote,
  type QuoteConfig,
  withRequiredLines,
} from '@quotekit/core';
import * as z from 'zod/mini';
import { fail, sha256 } from '../http.js';
import { lookUpOfferCode } from './offer-codes.js';
import { errors, IF_NONE_MATCH, notModified, type Deps, type Route } from './route.js';

/** The most product entries `products=` may list, as a quote holds at most 200 lines. */
const MAX_PRODUCTS = 200;
const STORED_ID = /^[A-Za-z0-9]{1,64}$/;
const QUANTITY = /^\d{1,15}(?:\.\d{1,15})?$/;

/** The opening quote's amounts as the builder shows them, in the asked locale and currency. */
export const FormattedQuoteSchema = z.object({
  locale: z.string(),
  currency: z.string(),
  /** One per product of the page, in its order: the quantity and the line's net. */
  lines: z.array(z.object({ product: z.string(), quantity: z.string(), net: z.string() })),
  subtotal: z.string(),
  monthlyPayment: z.string(),
  oneTime: z.string(),
  discount: z.string(),
  /** The discount rate as a percentage (`"5%"`, `"5 %"` in German). */
  discountRate: z.string(),
});
export type FormattedQuote = z.output<typeof FormattedQuoteSchema>;

/** `GET /v1/catalog/first-paint`'s answer. */
export const FirstPaintSchema = z.object({
  catalog: CatalogSchema,
  /** The products the page lists, in its order (or the quote's own when it opened a saved one). */
  products: z.array(z.string()),
  /** The offer code the opening quote carries, when the server knows it as active. */
  offerCode: z.optional(z.string()),
  /** Exactly what `priceQuote` gives. */
  quote: PricedQuoteSchema,
  formatted: FormattedQuoteSchema,
});
export type FirstPaint = z.output<typeof FirstPaintSchema>;

const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.NumberFormat(locale, options)));
  return format;
}

/**
 * Formats a priced quote as the builder does: money in the quote's currency,
 * quantities with up to 6 decimals, the rate as a percentage. Intl reads a
 * decimal string exactly, so no amount passes through a float.
 */
export function formatQuote(
  quote: PricedQuote,
  products: readonly string[],
  locale: string,
): FormattedQuote {
  const money = numberFormat(locale, { style: 'currency', currency: quote.currency });
  const m = (amount: string) => money.format(amount as unknown as number);
  const count = numberFormat(locale, { maximumFractionDigits: 6 });
  const percent = numberFormat(locale, { style: 'percent', maximumFractionDigits: 2 });
  return {
    locale,
    currency: quote.currency,
    lines: products.map((product) => {
      const line = quote.lines.find((l) => l.product === product);
      return {
        product,
        quantity: count.format((line?.quantity ?? 0) as number),
        net: line ? m(line.net) : '',
      };
    }),
    subtotal: m(quote.totals.subtotal),
    monthlyPayment: m(quote.totals.monthlyPayment),
    oneTime: m(quote.totals.oneTime),
    discount: m(quote.totals.discount),
    discountRate: percent.format(quote.discountRate as unknown as number),
  };
}

/** `locale=`: a BCP 47 tag, canonicalised; `en` when absent. */
function readLocale(text: string | undefined): string {
  if (text === undefined || text === '') return 'en';
  try {
    if (text.length > 35) throw new RangeError('too long');
    const [canonical] = Intl.getCanonicalLocales(text);
    if (canonical === undefined) throw new RangeError('empty');
    return canonical;
  } catch {
    return fail(
      'invalid_request',
      `locale ${JSON.stringify(text.slice(0, 40))} is not a language tag.`,
      {
        problems: [{ path: 'locale', message: 'must be a BCP 47 language tag' }],
      },
    );
  }
}

/** `currency=`: one the catalog has prices in; `undefined` for the catalog's own. */
function readCurrency(text: string | undefined, catalog: Catalog): string | undefined {
  if (text === undefined || text === '') return undefined;
  const code = text.trim().toUpperCase();
  const available = [catalog.currency, ...Object.keys(catalog.priceBooks ?? {})];
  if (!available.includes(code)) {
    fail(
      'invalid_currency',
      `The catalog has no prices in ${text.slice(0, 8)}; it has ${available.join(', ')}.`,
      { currency: text.slice(0, 8), available },
    );
  }
  return code === catalog.currency ? undefined : code;
}

/** `products=starter-plus-user:25,dedicated-px2:1`: ids with an optional quantity (0 when absent). */
function readProducts(text: string | undefined): Array<{ product: string; quantity: string }> {
  if (text === undefined || text.trim() === '') return [];
  const entries = text.split(',').map((entry) => entry.trim());
  if (entries.length > MAX_PRODUCTS) {
    fail('invalid_request', `products lists at most ${MAX_PRODUCTS} entries.`, {
      problems: [{ path: 'products', message: `at most ${MAX_PRODUCTS} entries` }],
    });
  }
  return entries.map((entry, index) => {
    const [product = '', quantity = '0', extra] = entry.split(':');
    if (product === '' || extra !== undefined || !QUANTITY.test(quantity)) {
      fail(
        'invalid_request',
        `products entry ${index + 1} (${JSON.stringify(entry.slice(0, 80))}) is not "product:quantity".`,
        { problems: [{ path: `products.${index}`, message: 'must be product:quantity' }] },
      );
    }
    return { product, quantity };
  });
}

/** What the page opens with: its products, or a saved quote (`saved=` text or `qid=` id) in their place. */
async function openingQuote(
  deps: Deps,
  query: Record<string, string | undefined>,
): Promise<{
  lines: Array<{ product: string; quantity: string | number }>;
  offerCode?: string;
  currency?: string;
}> {
  if (query.qid) {
    const id = query.qid;
    const record = STORED_ID.test(id) ? await deps.db.getSavedQuote(id) : null;
    if (record === null) fail('not_found', `No saved quote ${id.slice(0, 64)}.`);
    if (Date.parse(record.expiresAt) <= deps.now().getTime()) {
      fail('saved_quote_expired', `Saved quote ${id} expired at ${record.expiresAt}.`, {
        expiresAt: record.expiresAt,
      });
    }
    return {
      lines: record.quote.lines,
      ...(record.offerCode === null ? {} : { offerCode: record.offerCode }),
      ...(record.quote.currency ? { currency: record.quote.currency } : {}),
    };
  }
  if (query.saved) {
    const link = decodeSavedQuote(query.saved);
    return {
      lines: link.lines,
      ...(link.offerCode ? { offerCode: link.offerCode } : {}),
      ...(link.currency ? { currency: link.currency } : {}),
    };
  }
  // A new quote carries the catalog's required products, as the builder adds them:
  // those `products` lists, or all of them when it lists none. A saved quote opens as saved.
  const lines = readProducts(query.products);
  const listed = lines.map((line) => line.product);
  return { lines: withRequiredLines(deps.catalog, lines, listed.length > 0 ? listed : undefined) };
}

export const firstPaintRoutes: Route[] = [
  {
    method: 'get',
    path: '/v1/catalog/first-paint',
    operationId: 'getFirstPaint',
    summary:
      'The catalog with the priced opening quote and its totals formatted for a locale: all a builder paints first',
    description:
      'Query: `products` (`starter-plus-user:25,dedicated-px2:1`, a quantity of 0 when left out), ' +
      'or `saved` (a saved-quote link’s text) or `qid` (a stored quote’s id) in their place; ' +
      '`offer` (an offer code, applied when active; counted like a check on `POST /v1/offer-codes/validate`); ' +
      '`locale` (BCP 47, default `en`) and `currency` (one of the catalog’s; a saved quote’s own comes first). ' +
      'Answers `{ catalog, products, offerCode?, quote, formatted }`, where `quote` is exactly what `priceQuote` gives ' +
      'and `formatted` holds its lines and totals as the builder shows them. ' +
      'A new quote (no `saved`, no `qid`) carries the catalog’s `required` products (first, at their minimum, at least 1) as the builder adds them: those `products` lists, or all of them when it lists none. ' +
      'Sent with an `ETag` of its content and `Cache-Control: no-cache`, so an unchanged answer revalidates as `304`.',
    headers: [IF_NONE_MATCH],
    query: [
      {
        name: 'products',
        description:
          'The page’s products with their opening quantities: `starter-plus-user:25,dedicated-px2:1` (0 when left out), at most 200',
      },
      { name: 'saved', description: 'A saved-quote link’s text, opened in place of `products`' },
      { name: 'qid', description: 'A stored quote’s id, opened in place of `products`' },
      {
        name: 'offer',
        description:
          'An offer code, applied when active; counted like a check on `POST /v1/offer-codes/validate`',
      },
      { name: 'locale', description: 'A BCP 47 language tag; default `en`' },
      { name: 'currency', description: 'One of the catalog’s currencies; default its own' },
    ],
    responses: {
      200: {
        description: '`{ catalog, products, offerCode?, quote, formatted }`',
        schema: FirstPaintSchema,
        headers: {
          ETag: { description: 'A hash of the answer, quoted', schema: { type: 'string' } },
        },
      },
      304: { description: 'The client’s copy is current' },
      400: errors[400],
      404: errors[404],
      410: { description: '`saved_quote_expired`', schema: ApiErrorSchema },
      422: errors[422](
        '`unknown_product`, `invalid_quantity`, `invalid_quote`, `invalid_currency` or `invalid_saved_quote`',
      ),
      429: errors[429],
    },
    async handler(c, deps) {
      const query = c.req.query();
      const locale = readLocale(query.locale);
      const opening = await openingQuote(deps, query);
      const currency = readCurrency(opening.currency ?? query.currency, deps.catalog);
      const code = query.offer?.trim() || opening.offerCode;
      // Read fresh, as validate does: a disabled code shows no discount on any instance.
      const offer =
        code === undefined
          ? null
          : await lookUpOfferCode(deps, deps.clientAddress(c), code, { fresh: true });
      const active = offer !== null && offer.active ? offer : null;
      const config: QuoteConfig = {
        lines: opening.lines,
        ...(active ? { discountRate: rateString(toDecimal(active.discountRate)) } : {}),
        ...(currency ? { currency } : {}),
      };
      const quote = priceQuote(deps.catalog, config);
      const products = opening.lines.map((line) => line.product);
      const body: FirstPaint = {
        catalog: deps.catalog,
        products,
        ...(active ? { offerCode: active.code } : {}),
        quote,
        formatted: formatQuote(quote, products, locale),
      };
      const text = JSON.stringify(body);
      const etag = `"${(await sha256(text)).slice(0, 16)}"`;
      if (notModified(c, etag)) return c.body(null, 304);
      c.header('Content-Type', 'application/json');
      return c.body(text);
    },
  },
];
