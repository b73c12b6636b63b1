// ?lang=de switches a demo page (and the elements on it) to German; the
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
