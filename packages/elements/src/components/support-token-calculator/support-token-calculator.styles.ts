import { css } from 'lit';

export const styles = css`
  :host {
    --_gap: var(--qk-support-token-calculator-gap, calc(var(--_space) * 2));
    --_highlight: var(--qk-support-token-calculator-highlight, var(--_surface-alt));
    max-width: var(--qk-support-token-calculator-max-width, 48rem);
  }
  [part='base'] {
    display: grid;
    gap: var(--_gap);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_gap);
  }
  h2,
  h3 {
    margin: 0;
    font-size: 1.1rem;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
    gap: var(--_space);
  }
  legend {
    font-weight: 600;
    margin-bottom: calc(var(--_space) / 2);
  }
  .field {
    display: grid;
    gap: calc(var(--_space) / 4);
  }
  .field input,
  .field select {
    width: 100%;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: start;
    padding: calc(var(--_space) / 2);
    border-bottom: 1px solid var(--_surface-alt);
  }
  th.amount,
  td.amount {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  tr.cheapest {
    background: var(--_highlight);
    font-weight: 700;
  }
  .badge {
    border: 1px solid var(--_success);
    color: var(--_success);
    border-radius: 999px;
    padding: 0 0.5em;
    margin-inline-start: 0.5em;
    font-size: 0.85em;
  }
  p {
    margin: 0;
  }
  /* Room for the figures while the rules load, so they do not push the page down. */
  .figures {
    min-height: 24rem;
  }
`;
