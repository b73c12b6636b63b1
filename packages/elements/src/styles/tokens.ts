import { css } from 'lit';

/**
 * The global design tokens every element reads, with light and dark
 * defaults (each text colour at least 4.5:1 on its surface). Set any
 * `--qk-*` on the page or an ancestor to theme every element;
 * `--qk-color-scheme: dark` (or `light`) forces a scheme, which by default
 * follows the visitor's `prefers-color-scheme`.
 */
export const tokens = css`
  :host {
    color-scheme: var(--qk-color-scheme, light dark);
    --_surface: var(--qk-color-surface, light-dark(#ffffff, #17191c));
    --_surface-alt: var(--qk-color-surface-alt, light-dark(#f3f5f8, #22262b));
    --_text: var(--qk-color-text, light-dark(#1b1d21, #eef0f3));
    --_muted: var(--qk-color-muted, light-dark(#4a4f57, #bfc4cb));
    --_border: var(--qk-color-border, light-dark(#8a9099, #6b727b));
    --_accent: var(--qk-color-accent, light-dark(#0b57d0, #a8c7fa));
    --_on-accent: var(--qk-color-on-accent, light-dark(#ffffff, #062e6f));
    --_success: var(--qk-color-success, light-dark(#146c2e, #6dd58c));
    --_danger: var(--qk-color-danger, light-dark(#b3261e, #f2b8b5));
    --_focus: var(--qk-color-focus, light-dark(#0b57d0, #a8c7fa));
    --_font: var(--qk-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_radius: var(--qk-radius, 0.5rem);
    --_space: var(--qk-space, 0.5rem);
    --_transition: 120ms ease-out;
    display: block;
    font-family: var(--_font);
    color: var(--_text);
    line-height: 1.45;
  }
  :host([hidden]) {
    display: none;
  }
  @media (prefers-reduced-motion: reduce) {
    :host {
      --_transition: 0s;
    }
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  input,
  select,
  button {
    font: inherit;
    color: inherit;
  }
  input,
  select {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
    padding: calc(var(--_space) * 0.75) var(--_space);
    min-height: 2.5rem;
  }
  button {
    cursor: pointer;
    border: 1px solid var(--_accent);
    border-radius: calc(var(--_radius) / 2);
    padding: calc(var(--_space) * 0.75) calc(var(--_space) * 2);
    min-height: 2.5rem;
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
    transition: filter var(--_transition);
  }
  button.secondary {
    background: transparent;
    color: var(--_accent);
  }
  button:hover:not([disabled]) {
    filter: brightness(1.1);
  }
  button[disabled] {
    cursor: not-allowed;
    opacity: 0.6;
  }
  .alert {
    color: var(--_danger);
    font-weight: 600;
  }
  .ok {
    color: var(--_success);
    font-weight: 600;
  }
  .muted {
    color: var(--_muted);
  }
  .card {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 2);
  }
`;
