import { css } from 'lit';

export const styles = css`
  :host {
    --_gap: var(--qk-quote-builder-gap, calc(var(--_space) * 2));
    --_total-size: var(--qk-quote-builder-total-size, 1.5rem);
    max-width: var(--qk-quote-builder-max-width, 48rem);
  }
  [part='base'] {
    display: grid;
    gap: var(--_gap);
    background: var(--_surface);
    color: var(--_text);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_gap);
  }
  [part='base'].reserving {
    min-height: calc(
      var(--qk-quote-builder-reserve, 34rem) + var(--_reserve-rows, 4) *
        var(--qk-quote-builder-reserve-row, 3.5rem)
    );
    align-content: start;
  }
  h2,
  h3 {
    margin: 0;
    font-size: 1.15rem;
  }
  [part='products'] {
    display: grid;
    gap: var(--_space);
  }
  [part='products'] ul,
  .receipt-lines {
    display: grid;
    gap: var(--_space);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .group h3 {
    font-size: 1rem;
    margin: 0 0 calc(var(--_space) / 2);
  }
  .more summary {
    cursor: pointer;
    font-weight: 600;
    color: var(--_accent);
  }
  .more[open] summary {
    margin-bottom: var(--_space);
  }
  .more {
    display: grid;
    gap: var(--_space);
  }
  .product .included {
    font-size: 0.9rem;
    color: var(--_muted);
  }
  .product .note {
    grid-column: 1 / -1;
    margin: 0;
    font-size: 0.9rem;
    color: var(--_danger);
  }
  /* Amounts wrap inside their column rather than spill past the card, up to the largest quantity. */
  .amount,
  [part='totals'] dd {
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .receipt {
    display: grid;
    gap: var(--_space);
  }
  .receipt h3 {
    margin: 0;
  }
  .receipt p {
    margin: 0;
  }
  .receipt-lines li {
    display: flex;
    justify-content: space-between;
    gap: var(--_space);
  }
  .receipt-lines .amount {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .product {
    display: grid;
    grid-template-columns: minmax(0, 1fr) 7rem 7rem;
    gap: calc(var(--_space) / 2) var(--_space);
    align-items: center;
    padding-bottom: var(--_space);
    border-bottom: 1px solid var(--_surface-alt);
  }
  .product label {
    font-weight: 600;
  }
  .product input[type='number'] {
    width: 100%;
  }
  .product input[type='checkbox'] {
    width: 1.5rem;
    height: 1.5rem;
    justify-self: start;
  }
  .product .amount {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .product .words,
  .product .hint {
    grid-column: 1 / -1;
    margin: 0;
    font-size: 0.9rem;
  }
  [part='totals'] {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, auto);
    gap: calc(var(--_space) / 2) var(--_space);
    margin: 0;
  }
  [part='totals'] dt {
    color: var(--_muted);
  }
  [part='totals'] dd {
    margin: 0;
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  [part='total-amount'] {
    font-size: var(--_total-size);
    font-weight: 700;
    color: var(--_text);
  }
  form {
    display: grid;
    gap: var(--_space);
  }
  .field {
    display: grid;
    gap: calc(var(--_space) / 4);
  }
  .field label {
    font-weight: 600;
  }
  .field .error {
    color: var(--_danger);
    font-size: 0.9rem;
    margin: 0;
  }
  .fields {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
    gap: var(--_space);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
  }
  [part='order-status'] {
    margin: 0;
  }
  .order-number {
    font-size: 2rem;
    font-weight: 800;
    letter-spacing: 0.05em;
  }
  .banner {
    border: 1px solid var(--_danger);
    border-radius: calc(var(--_radius) / 2);
    padding: var(--_space);
    display: flex;
    gap: var(--_space);
    align-items: center;
    flex-wrap: wrap;
  }
  .readback {
    background: var(--_surface-alt);
    border-radius: calc(var(--_radius) / 2);
    padding: var(--_space);
  }
  .readback p {
    margin: 0;
  }
  .estimate {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
  }
  .estimate input[type='range'] {
    flex: 1 1 12rem;
    accent-color: var(--_accent);
  }
  .estimate input[type='number'] {
    width: 6rem;
  }
  .estimate output {
    font-weight: 700;
    font-size: var(--_total-size);
  }
  a {
    color: var(--_accent);
    font-weight: 600;
  }
  a.button {
    display: inline-block;
    justify-self: start;
    background: var(--_accent);
    color: var(--_on-accent);
    text-decoration: none;
    border-radius: calc(var(--_radius) / 2);
    padding: calc(var(--_space) * 0.75) calc(var(--_space) * 2);
  }
  .share input {
    width: 100%;
  }
  @media (max-width: 30rem) {
    .product {
      grid-template-columns: minmax(0, 1fr) 6rem;
    }
    .product .amount {
      grid-column: 2;
    }
  }
`;
