import '@quotekit/elements/commission-estimator';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';

const meta: Meta = { title: 'Elements/commission-estimator', component: 'commission-estimator' };
export default meta;
type Story = StoryObj;

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
