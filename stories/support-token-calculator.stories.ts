import '@quotekit/elements/support-token-calculator';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';

const meta: Meta = {
  title: 'Elements/support-token-calculator',
  component: 'support-token-calculator',
};
export default meta;
type Story = StoryObj;

export const Dedicated: Story = {
  render: () =>
    html`<support-token-calculator
      plan="dedicated"
      users="100"
      admins="2"
    ></support-token-calculator>`,
};
export const ManyUsersFewTickets: Story = {
  render: () =>
    html`<support-token-calculator
      plan="dedicated"
      users="10000"
      admins="5"
    ></support-token-calculator>`,
};
export const Shared: Story = {
  render: () =>
    html`<support-token-calculator plan="shared" users="50"></support-token-calculator>`,
};
export const Platform: Story = {
  render: () =>
    html`<support-token-calculator plan="platform" users="50"></support-token-calculator>`,
};
export const Dark: Story = {
  render: () =>
    html`<div style="--qk-color-scheme: dark; background: #17191c; padding: 1rem">
      <support-token-calculator></support-token-calculator>
    </div>`,
};
export const German: Story = {
  render: () => html`<support-token-calculator locale="de-DE"></support-token-calculator>`,
};
