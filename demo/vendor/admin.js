// The vendor's back office, as demo code: how a vendor wires its own systems
// to the Order API. The SDK's clients are for visitors' and partners' pages
// and have no admin calls, so this page calls the documented HTTP API (the
// server README's routes) with fetch and the admin key. The key lives in
// this page's memory only: reloading the page signs out.
//
// "Bill last month" does what a billing system does at a month's end: one
// statement per order placed by the month's end (`bill-<month>-<order
// number>`, so posting a month again answers the same statements), its
// monthly lines at what the customer pays (one-time fees on the order's own
// month only), issued at the month's start or the order's time, then the
// payment in full. Charge-backs, opportunity matches, post-facto requests,
// payout runs and closing a partner are the admin routes of the same name.
const main = document.getElementById('admin');
const API = main.dataset.api;
const RECEIVER = main.dataset.receiver;
const lang = () => document.documentElement.lang || 'en';
const t = (english, values = {}) =>
  globalThis.demoText
    ? globalThis.demoText(english, values)
    : english.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
const $ = (id) => document.getElementById(id);

let key = null;

/** An answer of the Order API that is not 2xx, or no answer. */
class ApiError extends Error {
  constructor(status, code, message, details = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** One call to the Order API with the admin key; JSON in and out unless `accept` says otherwise. */
async function api(path, { method = 'GET', body, accept = 'application/json' } = {}) {
  let res;
  try {
    res = await fetch(`${API}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${key}`,
        Accept: accept,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'network_error', t('The Order API does not answer.'));
  }
  if (!res.ok) {
    const answer = await res.json().catch(() => null);
    const error = answer?.error;
    throw new ApiError(
      res.status,
      error?.code ?? 'api_error',
      error?.message ?? t('The Order API answered {status}.', { status: res.status }),
      error?.details ?? {},
    );
  }
  return accept === 'application/json' ? res.json() : res.text();
}

// --- Words and figures in the page's language --------------------------------

const money = (amount) =>
  new Intl.NumberFormat(lang(), { style: 'currency', currency: 'USD' }).format(Number(amount));
const when = (iso) =>
  new Intl.DateTimeFormat(lang(), { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
const day = (iso) => new Intl.DateTimeFormat(lang(), { dateStyle: 'medium' }).format(new Date(iso));
const monthName = (month) => {
  const [year, number] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(lang(), {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, number - 1, 1)));
};
const count = (n, one, many) => (n === 1 ? t(one) : t(many, { count: n }));
const monthOf = (date) =>
  `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
const lastMonth = () => {
  const now = new Date();
  return monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)));
};

/** An element with text and attributes (never markup from data). */
function el(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}
function row(cells) {
  const tr = el('tr');
  for (const cell of cells) {
    const td = el('td');
    if (cell instanceof Node) td.append(cell);
    else td.textContent = cell ?? '';
    tr.append(td);
  }
  return tr;
}
function button(text, label, onClick) {
  const b = el('button', text, { type: 'button', 'aria-label': label });
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      await onClick();
    } finally {
      b.disabled = false;
    }
  });
  return b;
}
const failed = (what, error) =>
  t('{what} could not be loaded: {reason}', { what, reason: error.message });

// --- Orders ------------------------------------------------------------------

let ordersCursor = null;

async function loadOrders(more = false) {
  const status = $('orders-status');
  const body = $('orders').tBodies[0];
  if (!more) {
    ordersCursor = null;
    status.textContent = t('Loading…');
  }
  try {
    const page = await api(`/v1/orders?limit=50${more ? `&cursor=${ordersCursor}` : ''}`);
    const rows = page.orders.map((order) =>
      row([
        order.number,
        when(order.createdAt),
        [order.customer.name, order.customer.company].filter(Boolean).join(', '),
        money(order.quote.totals.monthlyPayment),
        order.attribution
          ? `${order.attribution.affiliate} (${order.attribution.method})`
          : t('nobody'),
      ]),
    );
    if (more) body.append(...rows);
    else body.replaceChildren(...rows);
    ordersCursor = page.nextCursor;
    $('orders-more').hidden = !ordersCursor;
    const shown = body.rows.length;
    status.textContent =
      shown === 0
        ? t('No orders yet. Place one on the pricing page.')
        : count(shown, '1 order.', '{count} orders.');
  } catch (error) {
    status.textContent = failed(t('Orders'), error);
  }
}

/** Every order, page by page (the billing system bills them all). */
async function allOrders() {
  const orders = [];
  let cursor = null;
  do {
    const page = await api(`/v1/orders?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    orders.push(...page.orders);
    cursor = page.nextCursor;
  } while (cursor);
  return orders;
}

// --- Billing and charge-backs -------------------------------------------------

/** The statements posted or read back on this page, by id. */
const statements = new Map();

/** The statement the billing system sends for `order` and `month`, or null when the order is newer. */
export function statementFor(order, month) {
  const [year, number] = month.split('-').map(Number);
  const start = Date.UTC(year, number - 1, 1);
  const end = Date.UTC(year, number, 1);
  const placed = Date.parse(order.createdAt);
  if (placed >= end) return null;
  const firstMonth = monthOf(new Date(placed)) === month;
  const lines = order.quote.lines
    .filter((line) => line.billing === 'monthly' || firstMonth)
    .map((line) => ({ product: line.product, amount: line.net }));
  if (lines.length === 0) return null;
  return {
    id: `bill-${month}-${order.number}`,
    orderId: order.id,
    period: month,
    issuedAt: new Date(Math.max(start, placed)).toISOString(),
    lines,
  };
}

function statusOf({ statement, commission }) {
  if (statement.chargeback) return t('charged back');
  if (!commission || commission.status === 'none') return t('no commission');
  if (commission.status === 'pending') {
    return t('pending until {date}', { date: day(commission.payableAt) });
  }
  return t(commission.status);
}

function renderStatements() {
  const rows = [...statements.values()].map((answer) => {
    const { statement, commission } = answer;
    const action =
      statement.paidInFullAt && !statement.chargeback
        ? button(t('Charge back'), t('Charge back {id}', { id: statement.id }), () =>
            chargeBack(statement.id),
          )
        : '';
    return row([
      statement.id,
      statement.orderNumber ?? statement.orderId,
      money(statement.figures.total),
      commission ? `${money(commission.amount)} (${commission.partner})` : '—',
      statusOf(answer),
      action,
    ]);
  });
  if (rows.length === 0) {
    const empty = el('td', t('None posted from this page yet: bill a month above.'), {
      colspan: '6',
    });
    const tr = el('tr');
    tr.append(empty);
    rows.push(tr);
  }
  $('statements').tBodies[0].replaceChildren(...rows);
}

async function bill(month) {
  const status = $('billing-status');
  status.textContent = t('Posting the statements…');
  let posted = 0;
  let before = 0;
  try {
    const orders = await allOrders();
    const due = orders.map((order) => [order, statementFor(order, month)]).filter(([, s]) => s);
    if (due.length === 0) {
      status.textContent = t('No orders placed by the end of {month}: nothing to bill.', {
        month: monthName(month),
      });
      return;
    }
    for (const [order, statement] of due) {
      let answer;
      try {
        answer = await api('/v1/statements', { method: 'POST', body: statement });
        if (answer.statement.paidInFullAt === null) {
          posted += 1;
          answer = await api(`/v1/statements/${encodeURIComponent(statement.id)}/payments`, {
            method: 'POST',
            body: { paidInFullAt: new Date().toISOString() },
          });
        } else {
          before += 1;
        }
      } catch (error) {
        status.textContent = t('Statement {id} was refused: {reason}', {
          id: statement.id,
          reason: error.message,
        });
        return;
      }
      answer.statement.orderNumber = order.number;
      statements.set(statement.id, answer);
    }
    renderStatements();
    status.textContent = t('{statements} for {month}: {new} posted now, {old} posted before.', {
      statements: count(due.length, '1 statement', '{count} statements'),
      month: monthName(month),
      new: posted,
      old: before,
    });
  } catch (error) {
    status.textContent = failed(t('Orders'), error);
  }
}

async function chargeBack(id) {
  const status = $('billing-status');
  try {
    const answer = await api(`/v1/statements/${encodeURIComponent(id)}/chargebacks`, {
      method: 'POST',
      body: { at: new Date().toISOString(), reason: 'Payment disputed' },
    });
    answer.statement.orderNumber = statements.get(id)?.statement.orderNumber;
    statements.set(id, answer);
    renderStatements();
    status.textContent = `${id}: ${t('charged back')}.`;
    $('statements').querySelector('button')?.focus();
  } catch (error) {
    status.textContent = t('Statement {id} was refused: {reason}', { id, reason: error.message });
  }
}

// --- Opportunity matches and post-facto requests ------------------------------

async function loadMatches() {
  const status = $('matches-status');
  const list = $('matches');
  status.textContent = t('Loading…');
  try {
    const { matches } = await api('/v1/opportunity-matches?status=open');
    list.replaceChildren(
      ...matches.map((match) => {
        const order = match.order;
        const item = el(
          'li',
          t("{order} ({customer}) matches {partner}'s opportunity {company} by {keys}.", {
            order: order.number,
            customer: [order.customer.name, order.customer.company].filter(Boolean).join(', '),
            partner: match.opportunity.partner,
            company: match.opportunity.company,
            keys: match.matchedOn.join(', '),
          }),
        );
        const decide = (action) => async () => {
          try {
            await api(`/v1/opportunity-matches/${match.id}/${action}`, { method: 'POST' });
            await loadMatches();
            status.textContent =
              action === 'confirm'
                ? t("Confirmed: {order} is {partner}'s by opportunity.", {
                    order: order.number,
                    partner: match.opportunity.partner,
                  })
                : t('Rejected.');
            void loadOrders();
          } catch (error) {
            status.textContent = error.message;
          }
        };
        item.append(
          ' ',
          button(t('Confirm'), `${t('Confirm')} ${order.number}`, decide('confirm')),
          ' ',
          button(t('Reject'), `${t('Reject')} ${order.number}`, decide('reject')),
        );
        return item;
      }),
    );
    status.textContent =
      matches.length === 0
        ? t('No open matches.')
        : count(matches.length, '1 open match.', '{count} open matches.');
  } catch (error) {
    status.textContent = failed(t('Opportunity matches'), error);
  }
}

async function loadPostFacto() {
  const status = $('post-facto-status');
  const list = $('post-facto');
  status.textContent = t('Loading…');
  try {
    const { requests } = await api('/v1/post-facto?status=pending');
    list.replaceChildren(
      ...requests.map((request) => {
        const order = request.order;
        const item = el(
          'li',
          t('{partner} asks for {order} ({customer}) until {deadline}: “{evidence}”', {
            partner: request.partner,
            order: order?.number ?? request.orderId,
            customer: order?.customer?.name ?? '',
            deadline: when(request.deadline),
            evidence: request.evidence,
          }),
        );
        const decide = (action) => async () => {
          try {
            await api(`/v1/post-facto/${request.id}/${action}`, { method: 'POST' });
            await loadPostFacto();
            status.textContent =
              action === 'approve'
                ? t("Approved: {order} is {partner}'s by post facto.", {
                    order: order?.number ?? request.orderId,
                    partner: request.partner,
                  })
                : t('Rejected.');
            void loadOrders();
          } catch (error) {
            status.textContent = error.message;
          }
        };
        const name = order?.number ?? request.orderId;
        item.append(
          ' ',
          button(t('Approve'), `${t('Approve')} ${name}`, decide('approve')),
          ' ',
          button(t('Reject'), `${t('Reject')} ${name}`, decide('reject')),
        );
        return item;
      }),
    );
    status.textContent =
      requests.length === 0
        ? t('No pending requests.')
        : count(requests.length, '1 pending request.', '{count} pending requests.');
  } catch (error) {
    status.textContent = failed(t('Post-facto requests'), error);
  }
}

// --- Payouts ----------------------------------------------------------------

const REASONS = {
  below_minimum: 'below the minimum',
  check_us_only: 'checks go to US addresses only',
};

async function runPayouts(month) {
  const status = $('payouts-status');
  const table = $('payout-run');
  const csv = $('payouts-csv');
  status.textContent = t('Running the payouts…');
  try {
    const ranAt = Date.now();
    const { run } = await api('/v1/payout-runs', { method: 'POST', body: { month } });
    const paid = run.payouts.filter((p) => Number(p.amount) > 0);
    table.tBodies[0].replaceChildren(
      ...run.payouts.map((p) =>
        row([
          `${p.name} (${p.partner})`,
          p.method === 'paypal' ? `paypal ${p.paypalEmail ?? ''}` : p.method,
          money(p.amount),
          Number(p.carried) === 0
            ? money(p.carried)
            : `${money(p.carried)} (${t(REASONS[p.reason] ?? p.reason ?? '')})`,
        ]),
      ),
    );
    table.hidden = run.payouts.length === 0;
    const values = {
      month: monthName(month),
      paid: money(run.paid),
      partners: count(paid.length, '1 partner', '{count} partners'),
    };
    status.textContent =
      Date.parse(run.ranAt) < ranAt - 60_000
        ? t('Payouts for {month} were run on {date} already: {paid} paid to {partners}.', {
            ...values,
            date: when(run.ranAt),
          })
        : t('Payouts for {month}: {paid} paid to {partners}.', values);
    // The finance team's file, as the API exports it.
    const text = await api(`/v1/payout-runs/${month}`, { accept: 'text/csv' });
    if (csv.href) URL.revokeObjectURL(csv.href);
    csv.href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
    csv.download = `payouts-${month}.csv`;
    csv.hidden = false;
  } catch (error) {
    table.hidden = true;
    csv.hidden = true;
    status.textContent =
      error.code === 'month_not_ended'
        ? t('{month} has not ended yet: its payouts can run from {date}.', {
            month: monthName(month),
            date: when(error.details.endsAt),
          })
        : t('The payouts were refused: {reason}', { reason: error.message });
  }
}

// --- Partners -----------------------------------------------------------------

async function loadPartners() {
  const status = $('partners-status');
  status.textContent = t('Loading…');
  try {
    const { partners } = await api('/v1/partners?limit=200');
    $('partners').replaceChildren(
      ...partners.map((partner) => {
        const item = el(
          'li',
          `${partner.name} (${partner.id}, ${partner.kind}): ${t(partner.status)}`,
        );
        if (partner.status === 'active') {
          item.append(
            ' ',
            button(t('Close'), t('Close {partner}', { partner: partner.id }), () =>
              closePartner(partner.id),
            ),
          );
        }
        return item;
      }),
    );
    status.textContent = '';
  } catch (error) {
    status.textContent = failed(t('Partners'), error);
  }
}

async function closePartner(id) {
  const status = $('partners-status');
  try {
    const { payout } = await api(`/v1/partners/${encodeURIComponent(id)}/close`, {
      method: 'POST',
    });
    await loadPartners();
    status.textContent = t('{partner} closed; final payout {amount}.', {
      partner: id,
      amount: money(payout?.amount ?? '0'),
    });
  } catch (error) {
    status.textContent =
      error.code === 'negative_balance'
        ? t('{partner} cannot be closed: its balance is {balance}. It must remit that first.', {
            partner: id,
            balance: money(error.details.balance),
          })
        : t('{partner} could not be closed: {reason}', { partner: id, reason: error.message });
  }
}

// --- Webhooks received ----------------------------------------------------------

/** What an event is about, by its object: an order's number, a statement's id, a run's month, … */
const about = (data) =>
  data?.number ??
  data?.statement?.id ??
  data?.order?.number ??
  data?.code ??
  data?.month ??
  data?.id;

let webhooksSeen = -1;
let polling;

async function loadWebhooks() {
  const status = $('webhooks-status');
  if (webhooksSeen < 0) status.textContent = t('Loading…');
  let events;
  try {
    const res = await fetch(`${RECEIVER}/events`, { headers: { Authorization: `Bearer ${key}` } });
    if (!res.ok) throw new Error(String(res.status));
    ({ events } = await res.json());
  } catch {
    webhooksSeen = -1;
    status.textContent = t('The receiver does not answer (is npm start running?).');
    return;
  }
  // Rewritten only when something arrived: the list does not jump under the reader.
  if (events.length === webhooksSeen) return;
  webhooksSeen = events.length;
  $('webhooks').tBodies[0].replaceChildren(
    ...events.map((event) =>
      row([
        when(event.receivedAt),
        event.type ?? '—',
        about(event.data) ?? event.id ?? '',
        event.verified ? t('yes') : t('no: {reason}', { reason: event.reason }),
      ]),
    ),
  );
  status.textContent =
    events.length === 0
      ? t('No webhooks received yet. Place an order and it arrives here.')
      : count(events.length, '1 webhook received.', '{count} webhooks received.');
}

// --- Signing in and out -----------------------------------------------------------

function show(signedIn) {
  $('sign-in').hidden = signedIn;
  $('sign-out').hidden = !signedIn;
  $('office').hidden = !signedIn;
}

async function signIn(candidate) {
  key = candidate;
  $('signed-in').textContent = t('Checking the key…');
  try {
    // An admin-only route: a sales or partner key is refused here.
    await api('/v1/partners?limit=1');
  } catch (error) {
    key = null;
    $('signed-in').textContent =
      error.status === 401 || error.status === 403
        ? t('That admin key is not valid (or was revoked).')
        : error.message;
    return;
  }
  show(true);
  $('signed-in').textContent = t(
    'Signed in. The key is kept in this page only: reloading signs out.',
  );
  webhooksSeen = -1;
  renderStatements();
  await Promise.all([loadOrders(), loadMatches(), loadPostFacto(), loadPartners(), loadWebhooks()]);
  polling = setInterval(loadWebhooks, 3000);
}

function signOut() {
  key = null;
  clearInterval(polling);
  statements.clear();
  for (const id of ['orders', 'statements', 'webhooks', 'payout-run']) {
    $(id).tBodies[0].replaceChildren();
  }
  for (const id of ['matches', 'post-facto', 'partners']) $(id).replaceChildren();
  for (const id of ['billing-status', 'payouts-status']) $(id).textContent = '';
  $('payouts-csv').hidden = true;
  show(false);
  $('signed-in').textContent = t('Not signed in.');
  $('admin-key').focus();
}

const billButton = () => {
  const month = $('bill-month').value;
  $('bill').textContent =
    !month || month === lastMonth()
      ? t('Bill last month')
      : t('Bill {month}', { month: monthName(month) });
};

$('bill-month').value = lastMonth();
$('payout-month').value = lastMonth();
billButton();
$('bill-month').addEventListener('input', billButton);
$('sign-in').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('admin-key');
  const candidate = input.value.trim();
  input.value = '';
  if (candidate) void signIn(candidate);
});
$('sign-out').addEventListener('click', signOut);
$('orders-more').addEventListener('click', () => loadOrders(true));
$('billing').addEventListener('submit', (event) => {
  event.preventDefault();
  void bill($('bill-month').value);
});
$('payouts').addEventListener('submit', (event) => {
  event.preventDefault();
  void runPayouts($('payout-month').value);
});
$('webhooks-refresh').addEventListener('click', () => {
  webhooksSeen = -1;
  void loadWebhooks();
});
