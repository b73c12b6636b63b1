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
  return {
    id,
    name,
    billing,
    classes: { affiliate, reseller },
    price:
      'amount' in price
        ? { model: 'flat' as const, amount: price.amount }
        : { model: 'per_unit' as const, unitAmount: price.unitAmount },
    ...(extra.unit ? { unit: extra.unit } : {}),
    ...(extra.published ? {} : { samplePrice: true }),
  };
}

const monthly = 'monthly';
const once = 'one_time';

/**
 * Every service named in the LuxSci Reseller Program (seed 000) and Affiliate
 * Agreement (seed 001), with both programs' commissionable classes. The seeds
 * publish two prices — Starter Plus users at 4.00 per user per month and a
 * Px2 dedicated server at 200.00 per month; every other price is a sample,
 * marked `samplePrice: true`.
 */
export const luxsciCatalogJson = {
  id: 'luxsci',
  name: 'LuxSci secure communications',
  currency: 'USD',
  notes:
    'Classes from the LuxSci Affiliate Agreement (affiliate) and Reseller Program (reseller). ' +
    'Prices marked samplePrice are samples; Starter Plus users (4.00) and the Px2 server (200.00) are published.',
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
