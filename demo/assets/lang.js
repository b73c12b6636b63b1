// ?lang=de switches a demo page to German: its text, its navigation (every
// link within the site keeps ?lang=de) and the elements on it, which follow
// the page's lang (product names included, from the catalog's `names`). The
// link in the header switches back and forth.
const params = new URLSearchParams(location.search);
const lang = params.get('lang') === 'de' ? 'de-DE' : 'en';
document.documentElement.lang = lang;
const other = new URL(location.href);
if (lang === 'en') other.searchParams.set('lang', 'de');
else other.searchParams.delete('lang');
const link = document.querySelector('[data-lang-switch]');
if (link) {
  link.href = other.href;
  link.textContent = lang === 'en' ? 'Deutsch' : 'English';
  link.lang = lang === 'en' ? 'de' : 'en';
}

/** The demo pages' own text in German, by its English (whitespace runs as one space). */
const GERMAN = {
  Pricing: 'Preise',
  'Launch offer': 'Einführungsangebot',
  'Sales console': 'Vertriebskonsole',
  Home: 'Start',
  'Partner tools': 'Partner-Werkzeuge',
  Pages: 'Seiten',
  'The quotekit demo': 'Die quotekit-Demo',
  "quotekit demo: the vendor's site": 'quotekit-Demo: die Website des Anbieters',
  "This is a vendor's website with quotekit's elements pasted in, the Order API on":
    'Dies ist die Website eines Anbieters mit eingefügten quotekit-Elementen, dahinter die Order API auf',
  "(PGlite) behind them, and an affiliate's website on another origin.":
    '(PGlite), und die Website eines Affiliates auf einem anderen Origin.',
  '— a visitor configures a package and orders; support plans compared.':
    '— ein Besucher stellt ein Paket zusammen und bestellt; Support-Pläne im Vergleich.',
  '— a sales rep takes a phone order.':
    '— ein Vertriebsmitarbeiter nimmt eine Telefonbestellung auf.',
  '— a marketing page with a live estimate.': '— eine Marketingseite mit einer Live-Schätzung.',
  "The affiliate's site": 'Die Website des Affiliates',
  '(another origin) — an affiliate link, an embedded saved quote, and partner tools.':
    '(anderer Origin) — ein Affiliate-Link, ein eingebettetes gespeichertes Angebot und Partner-Werkzeuge.',
  'Demo partners: affiliate ACME with offer code ACME5 (5 %), NORTHWIND with NW10 (10 %).':
    'Demo-Partner: Affiliate ACME mit dem Angebotscode ACME5 (5 %), NORTHWIND mit NW10 (10 %).',
  'Secure email for your whole team': 'Sichere E-Mail für Ihr ganzes Team',
  'HIPAA-ready mail from $4.00 per user a month. Slide to see your price.':
    'HIPAA-taugliche E-Mail ab 4,00 $ pro Benutzer und Monat. Schieben Sie, um Ihren Preis zu sehen.',
  'Choose your users and servers; the total updates as you go. An offer code from a partner takes up to 10 % off.':
    'Wählen Sie Benutzer und Server; die Summe rechnet mit. Ein Angebotscode eines Partners zieht bis zu 10 % ab.',
  'Support plans': 'Support-Pläne',
  'Phone orders': 'Telefonbestellungen',
  'Sales key': 'Vertriebsschlüssel',
  'Partner key': 'Partnerschlüssel',
  'Sign in': 'Anmelden',
  'Sign out': 'Abmelden',
  'Your orders': 'Ihre Bestellungen',
  'Sign in to see the orders you placed.': 'Melden Sie sich an, um Ihre Bestellungen zu sehen.',
  'We run your office IT': 'Wir betreuen die IT Ihres Büros',
  'For secure email we recommend our partner.': 'Für sichere E-Mail empfehlen wir unseren Partner.',
  'See their prices': 'Zu den Preisen',
  '— our clients get 5 % off with the code ACME5.':
    '— unsere Kunden erhalten mit dem Code ACME5 5 % Rabatt.',
  'Our recommended package': 'Unser empfohlenes Paket',
  'Make a quote link': 'Einen Angebotslink erstellen',
  'Back office': 'Backoffice',
  "— the vendor's orders, billing, partner payouts and the webhooks received (sign in with the admin key":
    '— die Bestellungen, Abrechnung, Partner-Auszahlungen und empfangenen Webhooks des Anbieters (Anmeldung mit dem Admin-Schlüssel, den',
  'prints).': 'ausgibt).',
  'What we earn': 'Was wir verdienen',
  'The estimate follows the quote above: its products and our offer code.':
    'Die Schätzung folgt dem Angebot oben: seinen Produkten und unserem Angebotscode.',
};

// A page's own German joins these: a <script type="application/json" id="german"> of English → German.
Object.assign(GERMAN, JSON.parse(document.getElementById('german')?.textContent || '{}'));

/** A page's words in its language, `{name}` filled from `values`: for the text its script writes. */
globalThis.demoText = (english, values = {}) =>
  (lang === 'en' ? english : (GERMAN[english] ?? english)).replace(/\{(\w+)\}/g, (_, name) =>
    String(values[name] ?? ''),
  );

if (lang !== 'en') {
  // Text nodes one by one, so links inside a sentence stay links.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) =>
      node.parentElement?.closest('script, style, code, [data-lang-switch]')
        ? NodeFilter.FILTER_REJECT
        : NodeFilter.FILTER_ACCEPT,
  });
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const english = node.textContent.replace(/\s+/g, ' ').trim();
    const german = GERMAN[english];
    if (german) node.textContent = node.textContent.replace(/\S[\s\S]*\S|\S/, german);
  }
  const title = GERMAN[document.title];
  if (title) document.title = title;
  // Links within the site keep the language.
  for (const a of document.querySelectorAll('a[href]:not([data-lang-switch])')) {
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin) continue;
    url.searchParams.set('lang', 'de');
    a.href = url.href;
  }
}
