// The Overview section: tier and rate, the way to the next tier, balances,
// when pending commission becomes payable, and the next payout or why none.
import {
  Dec,
  ledgerStanding,
  moneyString,
  type LedgerEntryAnswer,
  type PartnerAccount,
} from '@quotekit/core';
import { html, nothing } from 'lit';
import type { Earnings } from './portal-data.js';
import type { PortalView } from './view.js';

/** Seed 001 §8: the payout threshold for every method. */
const PAYOUT_MINIMUM = '25.00';
/** Pending commission by the day it becomes payable, shown for the first few days. */
const PENDING_DAYS = 3;

/**
 * Pending commission grouped by the instant it becomes payable (after
 * `now`), soonest first, with charge-backs of pending commission netted.
 */
export function pendingByDate(
  entries: readonly LedgerEntryAnswer[],
  now: number,
): { at: string; amount: string }[] {
  const sums = new Map<string, Dec>();
  for (const entry of entries) {
    if (entry.type !== 'commission' && entry.type !== 'chargeback') continue;
    if (!entry.payableAt || Date.parse(entry.payableAt) <= now) continue;
    sums.set(entry.payableAt, (sums.get(entry.payableAt) ?? new Dec(0)).plus(entry.amount));
  }
  return [...sums]
    .filter(([, amount]) => amount.gt(0))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([at, amount]) => ({ at, amount: moneyString(amount, 'USD') }));
}

export function renderOverview(
  view: PortalView,
  account: PartnerAccount,
  earnings: Earnings | null,
  now: number,
) {
  const { t, money, percent } = view;
  const { tier, nextPayout } = account;
  const reseller = account.partner.kind === 'reseller';
  const next = tier.nextTier;
  const negative = account.balance.startsWith('-');
  const pending = earnings ? pendingByDate(earnings.entries, now).slice(0, PENDING_DAYS) : [];
  return html`
    <dl class="figures" part="tier">
      <dt>${t(reseller ? 'creditTier' : 'tier')}</dt>
      <dd>${percent(tier.rate)}</dd>
      <dt>${t(reseller ? 'resellerPayments' : 'totalPayments')}</dt>
      <dd>${money(tier.totalMonthlyPayments)}</dd>
    </dl>
    ${
      next
        ? html`<div class="next-tier">
            <progress
              part="tier-progress"
              max=${Number(next.at)}
              value=${Math.min(Number(tier.totalMonthlyPayments), Number(next.at))}
              aria-label=${t('progressLabel')}
              aria-describedby="next-tier-text"
            ></progress>
            <p id="next-tier-text">
              ${t(next.contactSales ? 'nextTierSales' : 'nextTier', {
                more: money(next.missing),
                rate: percent(next.rate),
              })}
            </p>
          </div>`
        : tier.contactSales
          ? html`<p>${t('contactSales', { at: money('500.00') })}</p>`
          : nothing
    }
    <dl class="figures" part="balances">
      <dt>${t('balance')}</dt>
      <dd class=${negative ? 'alert' : ''}>${money(account.balance)}</dd>
      <dt>${t('payable')}</dt>
      <dd>${money(account.payable)}</dd>
      <dt>${t('pending')}</dt>
      <dd>${money(account.pending)}</dd>
    </dl>
    ${negative ? html`<p class="alert">${t('negativeBalance')}</p>` : nothing}
    ${pending.map(
      (p) =>
        html`<p class="muted">
          ${t('pendingUntil', { amount: money(p.amount), date: view.day(p.at) })}
        </p>`,
    )}
    <h4>${t('nextPayout')}</h4>
    <p part="next-payout">${nextPayoutText(view, nextPayout, earnings)}</p>
  `;
}

function nextPayoutText(
  view: PortalView,
  next: PartnerAccount['nextPayout'],
  earnings: Earnings | null,
): string {
  const { t, money } = view;
  const date = view.day(next.date);
  if (next.willPay) {
    return t('nextPayoutWill', {
      amount: money(next.amount),
      date,
      method: t(`method_${next.method}`),
    });
  }
  switch (next.reason) {
    case 'check_us_only':
      return t('noPayoutCheckUsOnly', { date });
    case 'partner_closed':
      return t('noPayoutClosed');
    default: {
      const minimum = money(PAYOUT_MINIMUM);
      // The account answers what a run pays, 0.00 here: what rolls over is the
      // ledger's payable by the run, by the rule the server pays with.
      if (!earnings) return t('noPayoutBelowMinimumShort', { date, minimum });
      const due = ledgerStanding(earnings.entries, next.date).payable;
      return t(next.method === 'check' ? 'noPayoutBelowMinimumCheck' : 'noPayoutBelowMinimum', {
        date,
        amount: money(due),
        minimum,
      });
    }
  }
}
