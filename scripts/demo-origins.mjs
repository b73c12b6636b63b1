// The origins `npm start` lets call its Order API: the demo's two sites,
// plus those in ALLOWED_ORIGINS (comma-separated), so a page of your own can
// try the paste-in folder against the demo's API.

/**
 * The demo's `origins` followed by each origin in `extra` (the environment's
 * ALLOWED_ORIGINS), without repeats. Throws an Error whose message is one
 * line for the console when `extra` names `*` (the demo hands out staff keys:
 * any site could then call the API with a visitor's cookies) or something
 * that is not an origin (`scheme://host[:port]`, no path).
 */
export function demoOrigins(origins, extra = '') {
  const all = [...origins];
  for (const raw of extra.split(',')) {
    const text = raw.trim().replace(/\/+$/, '');
    if (text === '') continue;
    if (text === '*') {
      throw new Error(
        'ALLOWED_ORIGINS=* is refused by npm start: name the origins of your pages, e.g. ALLOWED_ORIGINS=http://localhost:8080.',
      );
    }
    let url = null;
    try {
      url = new URL(text);
    } catch {
      // Reported below.
    }
    // Written as browsers send it (`HTTP://Shop.example:80` → `http://shop.example`).
    const origin = url?.origin ?? 'null';
    if (origin === 'null' || url.href !== `${origin}/`) {
      throw new Error(
        `ALLOWED_ORIGINS: ${JSON.stringify(text)} is not an origin (scheme://host[:port], no path), e.g. http://localhost:8080.`,
      );
    }
    if (!all.includes(origin)) all.push(origin);
  }
  return all;
}
