import '@quotekit/elements/offer-code-input';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import { http, HttpResponse, type HttpHandler } from 'msw';
import { apiBase, applyCode, hanging, offline, orderApi, use } from './support.js';

const meta: Meta = { title: 'Elements/offer-code-input', component: 'offer-code-input' };
export default meta;
type Story = StoryObj;

function story(
  template: (base: string) => TemplateResult,
  options: { handlers?: (base: string) => HttpHandler[]; code?: string; label?: string } = {},
): Story {
  const base = apiBase();
  return {
    beforeEach(context) {
      use(context, [...(options.handlers?.(base) ?? []), ...orderApi(base)]);
    },
    render: () => template(base),
    ...(options.code
      ? {
          play: async ({ canvasElement }) => applyCode(canvasElement, options.code!, options.label),
        }
      : {}),
  };
}

const field = (base: string) => html`<offer-code-input api-base=${base}></offer-code-input>`;

export const Empty = story(field);
export const Checking = story(field, {
  handlers: (base) => [hanging(base, '/v1/offer-codes/validate')],
  code: 'ACME5',
});
export const Valid = story(field, { code: 'ACME5' });
export const Invalid = story(field, { code: 'NOPE99' });
export const RateLimited = story(field, {
  handlers: (base) => [
    http.post(`${base}/v1/offer-codes/validate`, () =>
      HttpResponse.json(
        { error: { code: 'rate_limited', message: 'Too many attempts.' } },
        { status: 429, headers: { 'retry-after': '120' } },
      ),
    ),
  ],
  code: 'ACME5',
});
export const NetworkError = story(field, {
  handlers: (base) => [offline(base)],
  code: 'ACME5',
});
/** Inside a plain form: `required` blocks submission until a valid code is applied. */
export const InAForm = story(
  (base) =>
    html`<form>
      <offer-code-input api-base=${base} name="offerCode" required></offer-code-input>
    </form>`,
);
export const Dark = story(
  (base) =>
    html`<div style="--qk-color-scheme: dark; background: #17191c; padding: 1rem">
      ${field(base)}
    </div>`,
  { code: 'ACME5' },
);
export const German = story(
  (base) => html`<offer-code-input api-base=${base} locale="de-DE"></offer-code-input>`,
  { code: 'ACME5', label: 'Angebotscode' },
);
