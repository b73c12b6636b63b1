import '@quotekit/elements/commission-estimator';
import '@quotekit/elements/quote-builder';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { apiBase, control, orderApi, type, use } from './support.js';

const meta: Meta = { title: 'Elements/commission-estimator', component: 'commission-estimator' };
export default meta;
type Story = StoryObj;

const PRODUCTS = 'starter-plus-user,dedicated-px2,secureform';
const USERS = 'Starter Plus user (POP, IMAP, SMTP, WebMail, WebAides, basic spam filtering)';

export const Affiliate: Story = {
  render: () => html`<commission-estimator></commission-estimator>`,
};
export const Reseller: Story = {
  render: () => html`<commission-estimator program="reseller"></commission-estimator>`,
};
export const Dark: Story = {
  render: () =>
    html`<div style="--qk-color-scheme: dark; background: #17191c; padding: 1rem">
      <commission-estimator></commission-estimator>
    </div>`,
};
export const German: Story = {
  render: () => html`<commission-estimator locale="de-DE"></commission-estimator>`,
};

/** An affiliate's link maker and, below it, the estimate that follows its quote (`for`). */
function following(play: boolean): Story {
  const base = apiBase();
  return {
    beforeEach(context) {
      use(context, orderApi(base));
    },
    render: () =>
      html`<quote-builder
          id="link-maker"
          api-base=${base}
          mode="affiliate"
          affiliate="ACME"
          href="https://vendor.example/pricing"
          products=${PRODUCTS}
          offer-code="ACME5"
        ></quote-builder>
        <commission-estimator for="link-maker"></commission-estimator>`,
    ...(play
      ? {
          play: async ({ canvasElement }) => {
            const root = canvasElement as HTMLElement;
            type(await control(root, USERS), '40');
            (await control(root, 'Px2 dedicated server')).click();
            type(await control(root, 'SecureForm'), '1');
          },
        }
      : {}),
  };
}

/** The estimate follows the builder's quote: 40 users, a Px2 server and SecureForm with ACME5 ($356.25). */
export const FollowsAQuote = following(true);
/** An empty quote: a neutral note, nothing about earnings. */
export const EmptyQuote = following(false);
