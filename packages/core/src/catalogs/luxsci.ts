import type { CommissionClass } from '../catalog/catalog.schema.js';

type Billing = 'monthly' | 'one_time';

/**
 * One product of the luxsci catalog. `affiliate` is the class the Affiliate
 * Agreement (seed 001) gives, `reseller` the class the Reseller Program (seed
 * 000) gives. A service one document names and the other does not is class 0
 * in the program that does not name it: that program pays nothing on it.
 */
function product(
  id: string,
  name: string,
  billing: Billing,
  affiliate: CommissionClass,
  reseller: CommissionClass,
  price: { amount: string } | { unitAmount: string },
  extra: { unit?: string; published?: boolean } = {},
) {
  const shown = presentation[id];
  return {
    id,
    name,
    ...(shown ? { names: { de: shown.de }, group: shown.group } : {}),
    ...(shown?.featured ? { featured: true } : {}),
    ...(shown?.required ? { required: true } : {}),
    billing,
    classes: { affiliate, reseller },
    price:
      'amount' in price
        ? { model: 'flat' as const, amount: price.amount }
        : { model: 'per_unit' as const, unitAmount: price.unitAmount },
    ...(extra.unit ? { unit: extra.unit } : {}),
    ...(extra.unit && GERMAN_UNITS[extra.unit] ? { units: { de: GERMAN_UNITS[extra.unit] } } : {}),
    ...(extra.published ? {} : { samplePrice: true }),
  };
}

/** The catalog's units in German, singular and plural ("GB" reads the same). */
const GERMAN_UNITS: Record<string, { one: string; other: string }> = {
  user: { one: 'Benutzer', other: 'Benutzer' },
  domain: { one: 'Domain', other: 'Domains' },
  form: { one: 'Formular', other: 'Formulare' },
  mailbox: { one: 'Postfach', other: 'Postfächer' },
  hour: { one: 'Stunde', other: 'Stunden' },
  credit: { one: 'Guthaben', other: 'Guthaben' },
  certificate: { one: 'Zertifikat', other: 'Zertifikate' },
  host: { one: 'Host', other: 'Hosts' },
  instance: { one: 'Instanz', other: 'Instanzen' },
  unit: { one: 'Einheit', other: 'Einheiten' },
};

type Group = 'accounts' | 'email' | 'messaging' | 'servers' | 'hosting' | 'services';

/** The groups the builder shows the products under, in this order. */
const groups: Array<{ id: Group; name: string; names: { de: string } }> = [
  { id: 'accounts', name: 'Your account', names: { de: 'Ihr Konto' } },
  { id: 'email', name: 'Email and users', names: { de: 'E-Mail und Benutzer' } },
  {
    id: 'messaging',
    name: 'Secure forms and messaging',
    names: { de: 'Sichere Formulare und Nachrichten' },
  },
  { id: 'servers', name: 'Dedicated servers', names: { de: 'Dedizierte Server' } },
  { id: 'hosting', name: 'Hosting and domains', names: { de: 'Hosting und Domains' } },
  { id: 'services', name: 'Services', names: { de: 'Dienstleistungen' } },
];

/**
 * How the builder presents each product: its group, its German name, whether
 * it is in the default list (`featured`) or in every quote (`required`: the
 * base account fee every LuxSci account pays).
 */
const presentation: Record<string, { group: Group; de: string; featured?: true; required?: true }> =
  {
    'base-account-fee': { group: 'accounts', de: 'Kontogrundgebühr', required: true },
    'starter-plus-user': {
      group: 'email',
      de: 'Starter-Plus-Benutzer (POP, IMAP, SMTP, WebMail, WebAides, einfacher Spamfilter)',
      featured: true,
    },
    'smart-hosting': { group: 'email', de: 'Smart Hosting (SMTP)', featured: true },
    secureform: { group: 'messaging', de: 'SecureForm', featured: true },
    secureline: { group: 'email', de: 'SecureLine verschlüsselte E-Mail', featured: true },
    'luxsci-mailer': { group: 'email', de: 'LuxSci Mailer' },
    'high-volume-sending': { group: 'email', de: 'Sicherer Massenversand' },
    'private-labeling': { group: 'accounts', de: 'Private Labeling' },
    'managed-email-migration': { group: 'services', de: 'Betreute E-Mail-Migration' },
    training: { group: 'services', de: 'Schulungen und Kurse' },
    vpn: { group: 'hosting', de: 'VPN' },
    'hipaa-compliance-fee': { group: 'accounts', de: 'HIPAA-Compliance-Gebühr' },
    'dedicated-px2': { group: 'servers', de: 'Px2 dedizierter Server', featured: true },
    'business-dedicated-aws': { group: 'servers', de: 'Dedizierter Business-Server (AWS)' },
    'business-dedicated-rackspace': {
      group: 'servers',
      de: 'Dedizierter Business-Server (Rackspace)',
    },
    'business-dedicated-rackspace-2xlarge-8g': {
      group: 'servers',
      de: 'Dedizierter Business-Server (Rackspace 2X-Large-8G)',
    },
    'enterprise-dedicated-2xlarge': {
      group: 'servers',
      de: 'Dedizierter Enterprise-Server (2X-Large)',
    },
    'dedicated-server': { group: 'servers', de: 'Dedizierter Server (andere Klassen)' },
    'disk-space-shared': { group: 'hosting', de: 'Speicherplatz, geteilte Konten' },
    'email-archival': { group: 'email', de: 'E-Mail-Archivierung' },
    'premium-email-filtering': { group: 'email', de: 'Premium-E-Mail-Filter' },
    securechat: { group: 'messaging', de: 'SecureChat' },
    'securetext-credits': { group: 'messaging', de: 'SecureText-Guthaben' },
    'tls-certificate': { group: 'hosting', de: 'TLS-Zertifikat' },
    'disk-space-dedicated': { group: 'servers', de: 'Speicherplatz, dedizierte Server' },
    dns: { group: 'hosting', de: 'DNS-Hosting' },
    'domain-registration': { group: 'hosting', de: 'Domain-Registrierung' },
    mobilesync: { group: 'email', de: 'MobileSync' },
    securevideo: { group: 'messaging', de: 'SecureVideo' },
    consulting: { group: 'services', de: 'Beratung' },
    'custom-development': { group: 'services', de: 'Individuelle Entwicklung' },
    'special-request-fee': { group: 'services', de: 'Einmalige Gebühr für eine Sonderanfrage' },
  };

const monthly = 'monthly';
const once = 'one_time';

/**
 * Every service named in the LuxSci Reseller Program (seed 000) and Affiliate
 * Agreement (seed 001), with both programs' commissionable classes. The seeds
 * publish two prices — Starter Plus users at 4.00 per user per month and a
 * Px2 dedicated server at 200.00 per month; every other price is a sample,
 * marked `samplePrice: true`. The builder lists the featured products in
 * their groups, the rest behind "More products", and the base account fee as
 * a line every quote includes.
 */
export const luxsciCatalogJson = {
  id: 'luxsci',
  name: 'LuxSci secure communications',
  currency: 'USD',
  notes:
    'Classes from the LuxSci Affiliate Agreement (affiliate) and Reseller Program (reseller). ' +
    'Prices marked samplePrice are samples; Starter Plus users (4.00) and the Px2 server (200.00) are published.',
  groups,
  products: [
    // 100 % commissionable in both programs.
    product('base-account-fee', 'Base account fee', monthly, 1, 1, { amount: '10.00' }),
    product(
      'starter-plus-user',
      'Starter Plus user (POP, IMAP, SMTP, WebMail, WebAides, basic spam filtering)',
      monthly,
      1,
      1,
      { unitAmount: '4.00' },
      { unit: 'user', published: true },
    ),
    product(
      'smart-hosting',
      'Smart hosting (SMTP)',
      monthly,
      1,
      1,
      { unitAmount: '5.00' },
      { unit: 'domain' },
    ),
    product('secureform', 'SecureForm', monthly, 1, 1, { unitAmount: '15.00' }, { unit: 'form' }),
    product(
      'secureline',
      'SecureLine encrypted email',
      monthly,
      1,
      1,
      { unitAmount: '5.00' },
      { unit: 'user' },
    ),
    product('luxsci-mailer', 'LuxSci Mailer', monthly, 1, 1, { amount: '50.00' }),
    product('high-volume-sending', 'High volume secure sending', monthly, 1, 1, {
      amount: '100.00',
    }),
    product('private-labeling', 'Private labeling', monthly, 1, 1, { amount: '25.00' }),
    product(
      'managed-email-migration',
      'Managed email migration',
      once,
      1,
      1,
      { unitAmount: '10.00' },
      { unit: 'mailbox' },
    ),
    product(
      'training',
      'Training calls and classes',
      once,
      1,
      1,
      { unitAmount: '100.00' },
      { unit: 'hour' },
    ),
    product('vpn', 'VPN', monthly, 1, 1, { unitAmount: '6.00' }, { unit: 'user' }),
    // Named in the Reseller Program only.
    product('hipaa-compliance-fee', 'HIPAA-compliance fee', monthly, 0, 1, { amount: '20.00' }),
    // Dedicated servers. The seeds' example prices a Px2 at 200.00, 75 % in both programs.
    product(
      'dedicated-px2',
      'Px2 dedicated server',
      monthly,
      0.75,
      0.75,
      { amount: '200.00' },
      { published: true },
    ),
    product(
      'business-dedicated-aws',
      'Business class dedicated server (AWS)',
      monthly,
      0.75,
      0.75,
      { amount: '350.00' },
    ),
    product(
      'business-dedicated-rackspace',
      'Business class dedicated server (Rackspace)',
      monthly,
      0.75,
      0.75,
      { amount: '400.00' },
    ),
    product(
      'business-dedicated-rackspace-2xlarge-8g',
      'Business class dedicated server (Rackspace 2X-Large-8G)',
      monthly,
      0.5,
      0.75,
      { amount: '650.00' },
    ),
    product(
      'enterprise-dedicated-2xlarge',
      'Enterprise class dedicated server (2X-Large)',
      monthly,
      0.5,
      0.75,
      { amount: '900.00' },
    ),
    product('dedicated-server', 'Dedicated server (other classes)', monthly, 0.5, 0.5, {
      amount: '150.00',
    }),
    // 50 %.
    product(
      'disk-space-shared',
      'Disk space, shared accounts',
      monthly,
      0.5,
      0.5,
      { unitAmount: '1.00' },
      { unit: 'GB' },
    ),
    product(
      'email-archival',
      'Email archival',
      monthly,
      0.5,
      0.5,
      { unitAmount: '3.00' },
      { unit: 'user' },
    ),
    product(
      'premium-email-filtering',
      'Premium email filtering',
      monthly,
      0.5,
      0.5,
      { unitAmount: '2.00' },
      { unit: 'user' },
    ),
    product('securechat', 'SecureChat', monthly, 0, 0.5, { unitAmount: '5.00' }, { unit: 'user' }),
    product(
      'securetext-credits',
      'SecureText credits',
      once,
      0.5,
      0.5,
      { unitAmount: '0.05' },
      { unit: 'credit' },
    ),
    product(
      'tls-certificate',
      'TLS certificate',
      monthly,
      0.5,
      0.5,
      { unitAmount: '8.00' },
      { unit: 'certificate' },
    ),
    // 25 %.
    product(
      'disk-space-dedicated',
      'Disk space, dedicated servers',
      monthly,
      0.25,
      0.25,
      { unitAmount: '0.50' },
      { unit: 'GB' },
    ),
    product('dns', 'DNS hosting', monthly, 0.25, 0.25, { unitAmount: '2.00' }, { unit: 'domain' }),
    product(
      'domain-registration',
      'Domain registration',
      monthly,
      0.25,
      0.25,
      { unitAmount: '2.00' },
      { unit: 'domain' },
    ),
    product(
      'mobilesync',
      'MobileSync',
      monthly,
      0.25,
      0.25,
      { unitAmount: '2.00' },
      { unit: 'user' },
    ),
    product(
      'securevideo',
      'SecureVideo',
      monthly,
      0,
      0.25,
      { unitAmount: '10.00' },
      { unit: 'host' },
    ),
    // Not commissionable.
    product('consulting', 'Consulting', once, 0, 0, { unitAmount: '150.00' }, { unit: 'hour' }),
    product(
      'custom-development',
      'Custom development',
      once,
      0,
      0,
      { unitAmount: '175.00' },
      { unit: 'hour' },
    ),
    product('special-request-fee', 'One-time fee for a special request', once, 0, 0, {
      amount: '50.00',
    }),
  ],
};
