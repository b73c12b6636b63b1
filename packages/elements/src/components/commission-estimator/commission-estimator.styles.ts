import { css } from 'lit';

export const styles = css`
  :host {
    --_gap: var(--qk-commission-estimator-gap, calc(var(--_space) * 2));
    --_commission: var(--qk-commission-estimator-commission-color, var(--_accent));
    --_saving: var(--qk-commission-estimator-saving-color, var(--_success));
    max-width: var(--qk-commission-estimator-max-width, 48rem);
  }
  [part='base'] {
    display: grid;
    gap: var(--_gap);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_gap);
  }
  h2 {
    margin: 0;
    font-size: 1.15rem;
  }
  .inputs {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
    gap: var(--_space);
  }
  .field {
    display: grid;
    gap: calc(var(--_space) / 4);
    /* Labels of one, two or three lines: the controls of a row line up at the bottom. */
    align-content: end;
  }
  .field input,
  .field select {
    width: 100%;
  }
  .field input[type='range'] {
    accent-color: var(--_accent);
    padding: 0;
  }
  dl {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: calc(var(--_space) / 2) var(--_space);
    margin: 0;
  }
  dt {
    color: var(--_muted);
  }
  dd {
    margin: 0;
    text-align: end;
    font-variant-numeric: tabular-nums;
    font-weight: 600;
  }
  p {
    margin: 0;
  }
  .note {
    color: var(--_muted);
  }
  figure {
    margin: 0;
  }
  svg {
    width: 100%;
    height: auto;
    max-height: 14rem;
  }
  svg text {
    fill: var(--_muted);
    font-size: 11px;
  }
  .axis {
    stroke: var(--_border);
  }
  .commission {
    stroke: var(--_commission);
    fill: none;
    stroke-width: 2.5;
  }
  .saving {
    stroke: var(--_saving);
    fill: none;
    stroke-width: 2.5;
    stroke-dasharray: 6 4;
  }
  .legend {
    display: flex;
    gap: calc(var(--_space) * 2);
    font-size: 0.9rem;
  }
  .swatch {
    display: inline-block;
    width: 1.5em;
    height: 0;
    border-top: 3px solid var(--_commission);
    vertical-align: middle;
    margin-inline-end: 0.35em;
  }
  .swatch.saving-swatch {
    border-top: 3px dashed var(--_saving);
  }
  /* Room for the figures while the rules load, so they do not push the page down. */
  .figures[aria-busy='true'] {
    min-height: 16rem;
  }
`;
