/**
 * The database schema as versioned SQL migrations, shared by PGlite and
 * PostgreSQL. Applied in order at start, in one transaction; never edit a
 * migration that has shipped, add the next one. (Kept in TypeScript rather
 * than .sql files so that the build, which only runs tsc, carries them.)
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'affiliates, offer codes, saved quotes, orders',
    sql: `
CREATE TABLE qk_affiliates (
  id         text PRIMARY KEY CHECK (id = upper(id)),
  name       text NOT NULL,
  email      text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE qk_offer_codes (
  code          text PRIMARY KEY CHECK (code = upper(code)),
  affiliate_id  text NOT NULL REFERENCES qk_affiliates (id),
  -- seed 001: a special offer gives the customer more than 0 and at most 10 %.
  discount_rate numeric NOT NULL CHECK (discount_rate > 0 AND discount_rate <= 0.10),
  active        boolean NOT NULL DEFAULT true
);

CREATE TABLE qk_saved_quotes (
  id           text PRIMARY KEY,
  quote        jsonb NOT NULL,
  affiliate_id text REFERENCES qk_affiliates (id),
  offer_code   text,
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL
);

CREATE SEQUENCE qk_order_number START 1001;

CREATE TABLE qk_orders (
  id                      text PRIMARY KEY,
  number                  bigint NOT NULL UNIQUE DEFAULT nextval('qk_order_number'),
  -- The unique key is what makes retries and concurrent posts with one key
  -- make one order, across processes as well.
  idempotency_key         text NOT NULL UNIQUE,
  fingerprint             text NOT NULL,
  status                  text NOT NULL,
  created_at              timestamptz NOT NULL,
  channel                 text NOT NULL CHECK (channel IN ('web', 'phone')),
  sales_rep               text,
  customer_name           text NOT NULL,
  customer_email          text NOT NULL,
  customer_company        text,
  offer_code              text,
  saved_quote_id          text,
  currency                text NOT NULL,
  discount_rate           numeric NOT NULL,
  subtotal                numeric NOT NULL,
  discount                numeric NOT NULL,
  monthly_payment         numeric NOT NULL,
  one_time                numeric NOT NULL,
  monthly_value_affiliate numeric NOT NULL,
  monthly_value_reseller  numeric NOT NULL,
  attribution_affiliate   text REFERENCES qk_affiliates (id),
  attribution_method      text,
  refused_affiliate       text,
  refused_reason          text,
  CHECK (channel = 'web' OR (sales_rep IS NOT NULL AND offer_code IS NOT NULL))
);

-- Money is numeric without a scale: it keeps the scale it was written with
-- ("300.00" reads back as "300.00"), whatever the currency's minor unit.
CREATE TABLE qk_order_lines (
  order_id        text NOT NULL REFERENCES qk_orders (id) ON DELETE CASCADE,
  position        integer NOT NULL,
  product         text NOT NULL,
  name            text NOT NULL,
  billing         text NOT NULL CHECK (billing IN ('monthly', 'one_time')),
  quantity        numeric NOT NULL,
  amount          numeric NOT NULL,
  discount        numeric NOT NULL,
  net             numeric NOT NULL,
  value_affiliate numeric NOT NULL,
  value_reseller  numeric NOT NULL,
  explain         text NOT NULL,
  PRIMARY KEY (order_id, position)
);

CREATE INDEX qk_orders_attribution ON qk_orders (attribution_affiliate, created_at);
`,
  },
  {
    version: 2,
    name: 'priced lines keep their breakdown',
    sql: `ALTER TABLE qk_order_lines ADD COLUMN breakdown jsonb;`,
  },
  {
    version: 3,
    name: 'a customer phone number',
    sql: `ALTER TABLE qk_orders ADD COLUMN customer_phone text;`,
  },
  {
    version: 4,
    name: 'signed clicks, staff keys, shared rate limits, catalog versions',
    sql: `
CREATE TABLE qk_clicks (
  id           text PRIMARY KEY,
  affiliate_id text NOT NULL REFERENCES qk_affiliates (id),
  at           timestamptz NOT NULL,
  landing_page text,
  address_hash text NOT NULL
);
CREATE INDEX qk_clicks_affiliate ON qk_clicks (affiliate_id, at);

CREATE TABLE qk_staff_keys (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  role       text NOT NULL CHECK (role IN ('sales', 'admin')),
  key_hash   text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);

CREATE TABLE qk_rate_limits (
  bucket       text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  hits         integer NOT NULL
);

ALTER TABLE qk_orders ADD COLUMN catalog_version text;
CREATE INDEX qk_saved_quotes_expiry ON qk_saved_quotes (expires_at);
`,
  },
  {
    version: 5,
    name: 'orders keep the staff key that placed them',
    sql: `
-- Two keys may carry one name; a rep's own orders are the ones their key placed.
ALTER TABLE qk_orders ADD COLUMN sales_key_id text;
-- Earlier orders name only the rep: give them the key when one key ever had that name.
UPDATE qk_orders o SET sales_key_id = k.id
  FROM qk_staff_keys k
  WHERE o.sales_rep = k.name
    AND (SELECT count(*) FROM qk_staff_keys same WHERE same.name = k.name) = 1;
CREATE INDEX qk_orders_sales_key ON qk_orders (sales_key_id, number) WHERE sales_key_id IS NOT NULL;
`,
  },
  {
    version: 6,
    name: 'saved quotes keep what credited their affiliate',
    sql: `
-- A saved quote credits its affiliate only when the server made it for that
-- affiliate: with a signed click through the affiliate's link, or an admin key.
-- Quotes saved before carry neither and credit nobody.
ALTER TABLE qk_saved_quotes ADD COLUMN click_id text;
ALTER TABLE qk_saved_quotes ADD COLUMN staff_key_id text;
`,
  },
  {
    version: 7,
    name: 'orders keep the click that credited them and their address hash',
    sql: `
-- The click token that credited the order (its claim, cookie or saved quote),
-- and a keyed hash of the address an attributed order came from: what the
-- admin list's attribution signals count.
ALTER TABLE qk_orders ADD COLUMN attribution_click_id text;
ALTER TABLE qk_orders ADD COLUMN address_hash text;
CREATE INDEX qk_orders_click ON qk_orders (attribution_click_id)
  WHERE attribution_click_id IS NOT NULL;
CREATE INDEX qk_clicks_address ON qk_clicks (address_hash, affiliate_id, at);
`,
  },
  {
    version: 8,
    name: 'orders by address, for the affiliate network signal',
    sql: `
CREATE INDEX qk_orders_address ON qk_orders (address_hash, attribution_affiliate, created_at)
  WHERE address_hash IS NOT NULL;
`,
  },
  {
    version: 9,
    name: 'order lines kept in their order',
    sql: `
-- An order's lines are one jsonb array in the order's row, written with it:
-- no row, foreign-key check or jsonb breakdown per line. Each line keeps the
-- text its amounts were read back as, so every read stays the same.
ALTER TABLE qk_orders ADD COLUMN lines jsonb;
UPDATE qk_orders o SET lines = coalesce((
  SELECT jsonb_agg(jsonb_build_object(
    'product', product, 'name', name, 'billing', billing, 'quantity', quantity::text,
    'amount', amount::text, 'discount', discount::text, 'net', net::text,
    'value_affiliate', value_affiliate::text, 'value_reseller', value_reseller::text,
    'explain', explain, 'breakdown', breakdown) ORDER BY position)
  FROM qk_order_lines WHERE order_id = o.id), '[]'::jsonb);
ALTER TABLE qk_orders ALTER COLUMN lines SET NOT NULL;
ALTER TABLE qk_orders ADD CONSTRAINT qk_orders_lines_billing CHECK (
  jsonb_typeof(lines) = 'array'
  AND NOT jsonb_path_exists(lines, '$[*] ? (@.billing != "monthly" && @.billing != "one_time")'));
DROP TABLE qk_order_lines;
`,
  },
  {
    version: 10,
    name: 'the partner program: partners, disabled offer codes, partner and billing keys',
    sql: `
-- An affiliate is now a partner of either kind. Partners made before keep
-- their id, name and email and become active affiliates; their country is
-- unknown (NULL) and their payouts are by check until they are changed.
ALTER TABLE qk_affiliates
  ADD COLUMN kind text NOT NULL DEFAULT 'affiliate' CHECK (kind IN ('affiliate', 'reseller')),
  ADD COLUMN website text,
  ADD COLUMN country text CHECK (country ~ '^[A-Z]{2}$'),
  ADD COLUMN payout_method text NOT NULL DEFAULT 'check'
    CHECK (payout_method IN ('check', 'paypal', 'account_credit')),
  ADD COLUMN paypal_email text,
  ADD COLUMN negotiated_rate numeric CHECK (negotiated_rate > 0 AND negotiated_rate <= 1),
  ADD COLUMN linked_partner text REFERENCES qk_affiliates (id),
  ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
  ADD COLUMN closed_at timestamptz,
  ADD CONSTRAINT qk_affiliates_paypal CHECK (payout_method <> 'paypal' OR paypal_email IS NOT NULL),
  ADD CONSTRAINT qk_affiliates_closed CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
  ADD CONSTRAINT qk_affiliates_not_self CHECK (linked_partner <> id);

-- A disabled code stays, so that orders placed with it keep naming it.
ALTER TABLE qk_offer_codes
  ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN disabled_at timestamptz;
CREATE INDEX qk_offer_codes_affiliate ON qk_offer_codes (affiliate_id, code);

-- A partner key is bound to one partner; a billing key posts statements only.
ALTER TABLE qk_staff_keys DROP CONSTRAINT qk_staff_keys_role_check;
ALTER TABLE qk_staff_keys
  ADD COLUMN partner_id text REFERENCES qk_affiliates (id),
  ADD CONSTRAINT qk_staff_keys_role_check
    CHECK (role IN ('sales', 'admin', 'partner', 'billing')),
  ADD CONSTRAINT qk_staff_keys_partner CHECK ((role = 'partner') = (partner_id IS NOT NULL));
`,
  },
  {
    version: 11,
    name: 'billing statements, the partner ledger, payout runs, imported referrals',
    sql: `
-- A statement the vendor's billing system posted: a referred customer's
-- (account = the order that opened it) or a reseller's own bill (account =
-- the reseller). The commission or credit is fixed when it is posted.
CREATE TABLE qk_statements (
  id                text PRIMARY KEY,
  fingerprint       text NOT NULL,
  kind              text NOT NULL CHECK (kind IN ('referral', 'reseller')),
  account           text NOT NULL,
  order_id          text REFERENCES qk_orders (id),
  partner_id        text,
  period            text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  issued_at         timestamptz NOT NULL,
  currency          text NOT NULL CHECK (currency = 'USD'),
  lines             jsonb NOT NULL,
  figures           jsonb NOT NULL,
  monthly_payment   numeric NOT NULL CHECK (monthly_payment >= 0),
  sub_clients       jsonb,
  paid_in_full_at   timestamptz,
  charged_back_at   timestamptz,
  chargeback_reason text,
  commission        jsonb,
  credit            jsonb,
  created_at        timestamptz NOT NULL,
  CHECK (charged_back_at IS NULL OR paid_in_full_at IS NOT NULL),
  CHECK ((kind = 'referral') = (order_id IS NOT NULL))
);
CREATE INDEX qk_statements_partner ON qk_statements (partner_id, created_at);
CREATE INDEX qk_statements_account ON qk_statements (account, period);

-- Each partner's ledger, numbered per partner: written only under that
-- partner's lock, and never changed or removed once written.
CREATE TABLE qk_ledger_entries (
  id            text PRIMARY KEY,
  partner_id    text NOT NULL,
  seq           integer NOT NULL CHECK (seq > 0),
  at            timestamptz NOT NULL,
  type          text NOT NULL
    CHECK (type IN ('commission', 'chargeback', 'payout', 'reseller_credit', 'adjustment')),
  statement_id  text REFERENCES qk_statements (id),
  payout_id     text,
  amount        numeric NOT NULL,
  payable_at    timestamptz,
  balance_after numeric NOT NULL,
  note          text,
  recorded_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (partner_id, seq)
);
-- One commission and one charge-back per statement, however often it is posted.
CREATE UNIQUE INDEX qk_ledger_statement ON qk_ledger_entries (statement_id, type)
  WHERE statement_id IS NOT NULL;

CREATE FUNCTION qk_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'qk_ledger_entries is append-only';
END;
$$;
CREATE TRIGGER qk_ledger_entries_append_only BEFORE UPDATE OR DELETE ON qk_ledger_entries
  FOR EACH ROW EXECUTE FUNCTION qk_ledger_append_only();

-- A month's payout run exists once: its primary key is what makes a second
-- run of the month, from any instance, find the first.
CREATE TABLE qk_payout_runs (
  month  text PRIMARY KEY CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  ran_at timestamptz NOT NULL,
  cutoff timestamptz NOT NULL
);

CREATE TABLE qk_payouts (
  id           text PRIMARY KEY,
  partner_id   text NOT NULL,
  name         text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('monthly', 'final')),
  month        text REFERENCES qk_payout_runs (month),
  at           timestamptz NOT NULL,
  method       text NOT NULL CHECK (method IN ('check', 'paypal', 'account_credit')),
  paypal_email text,
  country      text NOT NULL,
  amount       numeric NOT NULL CHECK (amount >= 0),
  carried      numeric NOT NULL,
  reason       text,
  CHECK ((kind = 'monthly') = (month IS NOT NULL))
);
CREATE INDEX qk_payouts_partner ON qk_payouts (partner_id, at);
CREATE INDEX qk_payouts_month ON qk_payouts (month);

-- Referred accounts from before the program's current rules (signed up
-- before 2012-03-01): they count toward the partner's tier and earn nothing.
CREATE TABLE qk_imported_referrals (
  id               text PRIMARY KEY,
  partner_id       text NOT NULL,
  order_id         text,
  company          text NOT NULL,
  signed_up_at     timestamptz NOT NULL,
  monthly_payments numeric NOT NULL CHECK (monthly_payments >= 0),
  created_at       timestamptz NOT NULL
);
CREATE INDEX qk_imported_referrals_partner ON qk_imported_referrals (partner_id, created_at);
`,
  },
  {
    version: 12,
    name: 'opportunities, their matches, post facto requests',
    sql: `
-- Seed 001 §6e: a partner registers an opportunity; it matches new orders
-- (with neither an offer code nor an affiliate click or cookie) by the keys
-- core's matchKeys gives, until it expires 180 days after its last edit.
CREATE TABLE qk_opportunities (
  id           text PRIMARY KEY,
  partner_id   text NOT NULL REFERENCES qk_affiliates (id),
  company      text NOT NULL,
  contact_name text,
  email        text,
  phone        text,
  website      text,
  match_keys   text[] NOT NULL,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL
);
CREATE INDEX qk_opportunities_partner ON qk_opportunities (partner_id, created_at);
CREATE INDEX qk_opportunities_keys ON qk_opportunities USING gin (match_keys);

-- An admin confirms or rejects each match; confirming one closes the others.
CREATE TABLE qk_opportunity_matches (
  id             text PRIMARY KEY,
  opportunity_id text NOT NULL REFERENCES qk_opportunities (id),
  partner_id     text NOT NULL REFERENCES qk_affiliates (id),
  order_id       text NOT NULL REFERENCES qk_orders (id),
  matched_on     text[] NOT NULL,
  status         text NOT NULL CHECK (status IN ('open', 'confirmed', 'rejected', 'closed')),
  created_at     timestamptz NOT NULL,
  decided_at     timestamptz,
  UNIQUE (order_id, opportunity_id)
);
CREATE INDEX qk_opportunity_matches_status ON qk_opportunity_matches (status, created_at, id);
-- One referrer per account: never two confirmed matches for one order.
CREATE UNIQUE INDEX qk_opportunity_matches_confirmed ON qk_opportunity_matches (order_id)
  WHERE status = 'confirmed';

-- Seed 001 §6f: a partner asks to be credited with an account after its sign-up.
CREATE TABLE qk_post_facto (
  id         text PRIMARY KEY,
  partner_id text NOT NULL REFERENCES qk_affiliates (id),
  order_id   text NOT NULL REFERENCES qk_orders (id),
  evidence   text NOT NULL,
  status     text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  created_at timestamptz NOT NULL,
  decided_at timestamptz
);
CREATE UNIQUE INDEX qk_post_facto_pending ON qk_post_facto (partner_id, order_id)
  WHERE status = 'pending';
CREATE UNIQUE INDEX qk_post_facto_approved ON qk_post_facto (order_id) WHERE status = 'approved';
CREATE INDEX qk_post_facto_status ON qk_post_facto (status, created_at, id);
CREATE INDEX qk_post_facto_partner ON qk_post_facto (partner_id, created_at, id);
`,
  },
  {
    version: 13,
    name: 'webhooks: endpoints, the event outbox, deliveries',
    sql: `
-- Endpoints an admin registers; the worker claims one at a time per process
-- (claimed_by until claimed_until), so each delivery is attempted once, and
-- a crashed process's claim lapses.
CREATE TABLE qk_webhook_endpoints (
  id                         text PRIMARY KEY,
  url                        text NOT NULL,
  description                text,
  events                     text[] NOT NULL,
  enabled                    boolean NOT NULL DEFAULT true,
  disabled_reason            text,
  disabled_at                timestamptz,
  failing_since              timestamptz,
  secret                     text NOT NULL,
  previous_secret            text,
  previous_secret_expires_at timestamptz,
  created_at                 timestamptz NOT NULL,
  updated_at                 timestamptz NOT NULL,
  claimed_by                 text,
  claimed_until              timestamptz
);

-- The outbox: written in the transaction of the change it reports, so an
-- acknowledged change is an event that will be delivered. data is json,
-- not jsonb, so the object keeps the field order the API shows.
CREATE TABLE qk_webhook_events (
  seq        bigserial PRIMARY KEY,
  id         text NOT NULL UNIQUE,
  type       text NOT NULL,
  created_at timestamptz NOT NULL,
  data       json NOT NULL,
  dispatched boolean NOT NULL DEFAULT false
);
CREATE INDEX qk_webhook_events_waiting ON qk_webhook_events (seq) WHERE NOT dispatched;

CREATE TABLE qk_webhook_deliveries (
  id              text PRIMARY KEY,
  seq             bigserial NOT NULL UNIQUE,
  event_seq       bigint NOT NULL REFERENCES qk_webhook_events (seq),
  event_id        text NOT NULL,
  endpoint_id     text NOT NULL REFERENCES qk_webhook_endpoints (id) ON DELETE CASCADE,
  status          text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts        jsonb NOT NULL DEFAULT '[]',
  attempt_count   integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  created_at      timestamptz NOT NULL,
  delivered_at    timestamptz,
  UNIQUE (event_id, endpoint_id)
);
CREATE INDEX qk_webhook_deliveries_due ON qk_webhook_deliveries (endpoint_id, event_seq)
  WHERE status = 'pending';
CREATE INDEX qk_webhook_deliveries_event ON qk_webhook_deliveries (event_seq);
`,
  },
  {
    version: 14,
    name: 'ledger: a reseller credit taken back on its bill',
    sql: `
-- Still one commission and one charge-back per statement; a reseller credit
-- and, when its bill is charged back, the credit taken back (negative).
DROP INDEX qk_ledger_statement;
CREATE UNIQUE INDEX qk_ledger_statement ON qk_ledger_entries (statement_id, type, (amount < 0))
  WHERE statement_id IS NOT NULL;
`,
  },
];
