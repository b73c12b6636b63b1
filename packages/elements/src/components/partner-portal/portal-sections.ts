// The signed-in portal's sections in order, each in its frame (loading,
// error with Try again, or ready). Loaded with the sections' module.
import type { Opportunity, PartnerAccount, PayoutMethod } from '@quotekit/core';
import { html } from 'lit';
import { renderClicks } from './clicks.js';
import { renderEarnings } from './earnings.js';
import type { OpportunityForm, PayoutForm } from './forms.js';
import { renderOpportunities } from './opportunities.js';
import { renderOverview } from './overview.js';
import { renderPayout } from './payout.js';
import type { Load, PortalData } from './portal-data.js';
import { nextSort, renderReferrals, type ReferralSort } from './referrals.js';
import { renderCredits, renderSubClients } from './reseller.js';
import { section, type PortalView } from './view.js';

/** What the element keeps for its sections: the referrals' order, the forms, its events. */
export interface SectionsHost {
  sort: ReferralSort;
  now: () => number;
  opportunityForm: OpportunityForm;
  payoutForm: PayoutForm;
  opportunityCreated(opportunity: Opportunity): void;
  payoutChanged(payout: { method: PayoutMethod; paypalEmail: string | null }): void;
}

export function renderSections(view: PortalView, data: PortalData, host: SectionsHost) {
  const { account, referrals, earnings, clicks, opportunities } = data;
  const now = host.now();
  const ready = account.status === 'ready' ? account.value : null;
  const reseller = ready?.partner.kind === 'reseller';
  const activeAccounts =
    referrals.status === 'ready'
      ? referrals.value.rows.filter((r) => r.status === 'active').length
      : null;
  // A section that needs the account waits for it, and fails with it.
  const withAccount = <T>(load: Load<T>): Load<[T, PartnerAccount]> =>
    account.status !== 'ready'
      ? (account as Load<never>)
      : load.status === 'ready'
        ? { status: 'ready', value: [load.value, account.value] }
        : (load as Load<never>);
  return html`
    ${section(
      view,
      'overview',
      'overview',
      account,
      () => void data.loadAccount(),
      (value) =>
        html`${renderOverview(view, value, earnings.status === 'ready' ? earnings.value : null, now)}
        ${reseller && activeAccounts !== null ? renderSubClients(view, activeAccounts) : ''}`,
    )}
    ${section(
      view,
      'referrals',
      'referrals',
      referrals,
      () => void data.loadReferrals(),
      (pages) =>
        renderReferrals(view, pages, host.sort, {
          sortBy: (column) => (host.sort = nextSort(host.sort, column)),
          more: () => void data.moreReferrals(),
        }),
    )}
    ${section(
      view,
      'earnings',
      reseller ? 'credits' : 'earnings',
      withAccount(earnings),
      () => void data.loadEarnings(),
      ([value, partner]) =>
        partner.partner.kind === 'reseller'
          ? renderCredits(view, value.entries)
          : renderEarnings(view, value, now, partner.partner.id),
    )}
    ${section(
      view,
      'clicks',
      'clicks',
      clicks,
      () => void data.loadClicks(),
      (value) => renderClicks(view, value),
    )}
    ${section(
      view,
      'opportunities',
      'opportunities',
      opportunities,
      () => void data.loadOpportunities(),
      (list) =>
        renderOpportunities(view, list, host.opportunityForm, {
          submit: () =>
            void host.opportunityForm.submit(data).then((o) => o && host.opportunityCreated(o)),
          renew: (id) => void host.opportunityForm.renew(data, id),
        }),
    )}
    ${section(
      view,
      'payout',
      'payoutMethodHeading',
      account,
      () => void data.loadAccount(),
      (value) =>
        renderPayout(
          view,
          value,
          host.payoutForm,
          () => void host.payoutForm.submit(data, value).then((p) => p && host.payoutChanged(p)),
        ),
    )}
  `;
}
