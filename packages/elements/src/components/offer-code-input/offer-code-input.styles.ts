import { css } from 'lit';

export const styles = css`
  :host {
    --_gap: var(--qk-offer-code-input-gap, var(--_space));
  }
  [part='base'] {
    display: grid;
    gap: calc(var(--_gap) / 2);
  }
  label {
    font-weight: 600;
  }
  .row {
    display: flex;
    gap: var(--_gap);
    flex-wrap: wrap;
  }
  input {
    flex: 1 1 10rem;
    min-width: 0;
  }
  [part='status'] {
    min-height: 1.45em;
    margin: 0;
  }
`;
