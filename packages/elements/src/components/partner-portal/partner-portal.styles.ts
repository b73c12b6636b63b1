import { css } from 'lit';

export const styles = css`
  :host {
    --_gap: var(--qk-partner-portal-gap, calc(var(--_space) * 2));
    --_progress: var(--qk-partner-portal-progress-color, var(--_accent));
    max-width: var(--qk-partner-portal-max-width, 64rem);
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
    font-size: 1.25rem;
  }
  h3 {
    margin: 0;
    font-size: 1.1rem;
  }
  h4 {
    margin: 0;
    font-size: 1rem;
  }
  p {
    margin: 0;
  }
  .top {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space) calc(var(--_space) * 2);
  }
  .top p {
    flex: 1;
  }
  .section {
    display: grid;
    gap: var(--_space);
    border-top: 1px solid var(--_border);
    padding-top: var(--_gap);
  }
  .signin {
    display: grid;
    gap: calc(var(--_space) / 2);
    max-width: 28rem;
  }
  .signin h2 {
    margin-bottom: var(--_space);
  }
  .signin button {
    justify-self: start;
  }
  .signin .alert:empty {
    display: none;
  }
  .figures {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
    gap: calc(var(--_space) / 2) var(--_gap);
    margin: 0;
  }
  .figures dt {
    color: var(--_muted);
    grid-row: 1;
  }
  .figures dd {
    margin: 0;
    grid-row: 2;
    font-size: 1.2rem;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .next-tier {
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  progress {
    width: 100%;
    height: 0.75rem;
    accent-color: var(--_progress);
  }
  .scroll {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-variant-numeric: tabular-nums;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding-bottom: calc(var(--_space) / 2);
  }
  th,
  td {
    text-align: start;
    padding: calc(var(--_space) / 2) var(--_space);
    border-bottom: 1px solid var(--_border);
    white-space: nowrap;
  }
  thead th {
    color: var(--_muted);
    font-weight: 600;
  }
  .number {
    text-align: end;
  }
  button.sort {
    all: unset;
    cursor: pointer;
    display: inline-flex;
    gap: 0.3em;
    font-weight: 600;
  }
  button.sort:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  .arrow {
    color: var(--_muted);
  }
  .problem {
    display: grid;
    gap: var(--_space);
    justify-items: start;
  }
  a {
    color: var(--_accent);
  }
  [part='more-button'] {
    justify-self: start;
  }
  .form {
    display: grid;
    gap: var(--_space);
  }
  .form > button {
    justify-self: start;
  }
  .fields {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
    gap: var(--_space);
  }
  .field {
    display: grid;
    gap: calc(var(--_space) / 4);
    align-content: start;
  }
  .field input {
    width: 100%;
  }
  .form-status:empty {
    display: none;
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    margin: 0;
    padding: var(--_space);
    display: grid;
    gap: calc(var(--_space) / 2);
  }
  .choice {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) / 2);
  }
  .choice input {
    min-height: auto;
    accent-color: var(--_accent);
  }
  .choice input:disabled + label {
    color: var(--_muted);
  }
  .reason {
    flex-basis: 100%;
    padding-inline-start: 1.75rem;
  }
  button.small {
    min-height: 2rem;
    padding: calc(var(--_space) / 4) var(--_space);
  }
  figure {
    margin: 0;
  }
  svg {
    width: 100%;
    height: auto;
    max-height: 10rem;
  }
  svg text {
    fill: var(--_muted);
    font-size: 10px;
  }
  .axis {
    stroke: var(--_border);
  }
  .bar {
    fill: var(--_progress);
  }
`;
