// `npm run bench:ui`: how fast the demo's /pricing page shows a price, in
// Chromium on loopback, against the built paste-in folder and the Order API
// on PGlite.
//
// - First priced render: navigation start to the frame that shows the first
//   total of <quote-builder> (its `total-amount` part holding an amount),
//   beside the floor: the same page with that total written in static HTML
//   in place of <quote-builder>. Median of 20 cold loads each (a new browser
//   context per load, cache disabled), the two pages taking turns.
// - Re-price: from a quantity `input` event to the new total in the shadow
//   DOM, measured in the page with performance.now() and a MutationObserver,
//   over 200 changes; p50 and p95.
// - Main-thread long tasks (over 50 ms) during each load: how many, and the
//   longest.
// - Layout shift as the element loads: the `layout-shift` entries (without
//   recent input) from navigation until the total is on screen plus a short
//   settle, summed per load.
// - Script bytes transferred (the pages are served gzip -9, as `npm run size`
//   counts them).
//
// The pages are served here as a static host serves them (compressed, no
// dev-server client), with the same paths and placeholders as `npm start`.
// `--no-build` skips `npm run build`; `--runs N` changes the 20. `--quick`
// (run by `npm test`) takes 3 loads each and 20 re-prices. Whatever the mode,
// the script exits non-zero when a figure is not a finite number; a goal
// missed is reported, not failed. `--write` puts the table in README.md
// between the bench-ui markers.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from './chromium.mjs';
import { writeReadmeBlock } from './readme-block.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const WRITE = argv.includes('--write');
const RUNS =
  (argv.includes('--runs') && Number(argv[argv.indexOf('--runs') + 1])) || (QUICK ? 3 : 20);
const CHANGES = QUICK ? 20 : 200;
/** After the total is on screen, layout shifts are still counted for this long. */
const SETTLE_MS = 500;
const GOALS = { renderOverFloorMs: 100, repriceP95Ms: 8, longTaskMs: 50, layoutShift: 0.05 };
if (QUICK && WRITE) {
  console.error('--write takes the full run: drop --quick.');
  process.exit(1);
}

if (!argv.includes('--no-build')) {
  console.log('Building the packages and the paste-in folder (npm run build)…');
  execFileSync('npm', ['run', 'build', '--silent'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
if (!existsSync(join(ROOT, 'packages/elements/dist/cdn/quotekit.js'))) {
  console.error('No packages/elements/dist/cdn/: run without --no-build.');
  process.exit(1);
}

// ——— the vendor's site, served as a static host would, and the Order API ———

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
};
const SITE = join(ROOT, 'demo/vendor');
const FOLDERS = [
  ['/cdn/', join(ROOT, 'packages/elements/dist/cdn')],
  ['/assets/', join(ROOT, 'demo/assets')],
];
/** Extra pages by path: the floor. */
const extraPages = new Map();
const urls = { vendor: '', api: '' };
const compressed = new Map();

function fileFor(path) {
  for (const [prefix, dir] of FOLDERS) {
    if (!path.startsWith(prefix)) continue;
    const file = join(dir, path.slice(prefix.length));
    return file.startsWith(dir) && existsSync(file) ? file : null;
  }
  const page = join(SITE, path === '/' ? 'index.html' : `${path}.html`);
  return /^\/[a-z-]*$/.test(path) && existsSync(page) ? page : null;
}

const site = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://site').pathname;
  let body;
  let type;
  if (extraPages.has(path)) {
    body = Buffer.from(extraPages.get(path));
    type = TYPES['.html'];
  } else {
    const file = fileFor(path);
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    type = TYPES[extname(file)] ?? 'application/octet-stream';
    body = readFileSync(file);
    if (extname(file) === '.html') {
      body = Buffer.from(
        body.toString('utf8').replaceAll('%API%', urls.api).replaceAll('%VENDOR%', urls.vendor),
      );
    }
  }
  const headers = { 'Content-Type': type, 'Cache-Control': 'no-store' };
  if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
    const key = `${path}\0${body.length}`;
    if (!compressed.has(key)) compressed.set(key, gzipSync(body, { level: 9 }));
    body = compressed.get(key);
    headers['Content-Encoding'] = 'gzip';
  }
  response.writeHead(200, { ...headers, 'Content-Length': body.length }).end(body);
});
await new Promise((done) => site.listen(0, '127.0.0.1', done));
urls.vendor = `http://localhost:${site.address().port}`;

const freePort = () =>
  new Promise((done) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
const apiPort = await freePort();
urls.api = `http://127.0.0.1:${apiPort}`;
const dataDir = mkdtempSync(join(tmpdir(), 'quotekit-bench-ui-'));
const env = {
  ...process.env,
  PORT: String(apiPort),
  HOST: '127.0.0.1',
  QUOTEKIT_DATA: join(dataDir, 'data'),
  ALLOWED_ORIGINS: urls.vendor,
};
delete env.DATABASE_URL;
const api = spawn(process.execPath, [join(ROOT, 'packages/server/dist/main.js')], {
  cwd: ROOT,
  env,
  stdio: ['ignore', 'pipe', 'inherit'],
});
// However this process ends, the API it started ends with it.
process.on('exit', () => {
  api.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});
const stopApi = async () => {
  if (api.exitCode === null && api.signalCode === null) {
    api.kill('SIGTERM');
    await new Promise((done) => api.once('exit', done));
  }
  rmSync(dataDir, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => stopApi().finally(() => process.exit(1)));
}
await new Promise((done, fail) => {
  let output = '';
  api.stdout.setEncoding('utf8');
  api.stdout.on('data', (chunk) => {
    output += chunk;
    if (/Order API on/.test(output)) done();
  });
  api.once('exit', (code) => fail(new Error(`The Order API stopped (exit ${code}):\n${output}`)));
});

// ——— what the page records ———

/**
 * Runs before the page's own scripts: records long tasks, layout shifts, and
 * the moment the first total with an amount appears, in the light DOM (the
 * floor) or in a <quote-builder>'s shadow root, then the frame that shows it.
 */
function recorder() {
  const seen = { dom: null, shown: null, text: null, longTasks: [], shifts: [] };
  globalThis.__qkBench = seen;
  new PerformanceObserver((list) => {
    for (const task of list.getEntries()) seen.longTasks.push(task.duration);
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const shift of list.getEntries()) {
      if (!shift.hadRecentInput) seen.shifts.push({ at: shift.startTime, value: shift.value });
    }
  }).observe({ type: 'layout-shift', buffered: true });
  const roots = [document];
  const check = () => {
    if (seen.dom !== null) return;
    for (const root of roots) {
      const total = root.querySelector('[part="total-amount"]');
      if (!total || !/\d/.test(total.textContent)) continue;
      seen.dom = performance.now();
      seen.text = total.textContent.trim();
      observer.disconnect();
      // The frame that paints it: after its animation frame, the next task.
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => (seen.shown = performance.now());
        channel.port2.postMessage(null);
      });
      return;
    }
  };
  const observer = new MutationObserver(check);
  const options = { childList: true, subtree: true, characterData: true };
  observer.observe(document, options);
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, init);
    if (this.localName === 'quote-builder' && seen.dom === null) {
      roots.push(root);
      observer.observe(root, options);
    }
    return root;
  };
}

const browser = await launchChromium();

/** One cold load: a new context, the cache off; the figures the recorder kept. */
async function load(path) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await page.addInitScript(recorder);
    await page.goto(`${urls.vendor}${path}`);
    await page.waitForFunction(() => globalThis.__qkBench.shown !== null, null, {
      timeout: 30_000,
    });
    await page.waitForFunction(
      (settle) => performance.now() >= globalThis.__qkBench.shown + settle,
      SETTLE_MS,
      { timeout: 30_000 },
    );
    await page.waitForLoadState('networkidle');
    return await page.evaluate((settle) => {
      const seen = globalThis.__qkBench;
      const until = seen.shown + settle;
      const scripts = performance
        .getEntriesByType('resource')
        .filter((entry) => /\.m?js(\?|$)/.test(new URL(entry.name).pathname));
      return {
        dom: seen.dom,
        shown: seen.shown,
        text: seen.text,
        longTasks: seen.longTasks,
        layoutShift: seen.shifts.filter((s) => s.at <= until).reduce((sum, s) => sum + s.value, 0),
        scriptBytes: scripts.reduce((sum, entry) => sum + entry.encodedBodySize, 0),
        scripts: scripts.length,
      };
    }, SETTLE_MS);
  } finally {
    await context.close();
  }
}

/** The page's heading and total label and its first total, for the floor. */
async function firstTotal() {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${urls.vendor}/pricing`);
  const builder = page.locator('quote-builder');
  await builder.locator('[part="total-amount"]').filter({ hasText: /\d/ }).waitFor();
  const found = await builder.evaluate((element) => {
    const root = element.shadowRoot;
    return {
      heading: root.querySelector('h2').textContent.trim(),
      label: root.querySelector('[part="totals"] dt').textContent.trim(),
      total: root.querySelector('[part="total-amount"]').textContent.trim(),
    };
  });
  await context.close();
  return found;
}

const escape = (text) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const shown = await firstTotal();
const pricing = readFileSync(join(SITE, 'pricing.html'), 'utf8');
const floor = pricing.replace(
  /<quote-builder[\s\S]*?<\/quote-builder>/,
  `<section aria-labelledby="quote-heading">
          <h2 id="quote-heading">${escape(shown.heading)}</h2>
          <dl><dt>${escape(shown.label)}</dt><dd part="total-amount">${escape(shown.total)}</dd></dl>
        </section>`,
);
if (floor === pricing) throw new Error('demo/vendor/pricing.html has no <quote-builder>');
extraPages.set('/pricing-floor', floor.replaceAll('%API%', urls.api));

/** 200 quantity changes in one page, each timed from its input event to the new total. */
async function reprice() {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${urls.vendor}/pricing`);
  const builder = page.locator('quote-builder');
  // The first total is the server's first paint; quantities can change once pricing is in.
  await builder.locator('[part="products"] input[type="number"]').first().waitFor();
  const times = await builder.evaluate(async (element, changes) => {
    const root = element.shadowRoot;
    const input = root.querySelector('[part="products"] input[type="number"]');
    const total = () => root.querySelector('[part="total-amount"]')?.textContent ?? '';
    const nextFrame = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done)));
    const times = [];
    for (let i = 1; i <= changes; i += 1) {
      await nextFrame();
      const before = total();
      const updated = new Promise((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`no new total after quantity ${i}`)), 5000);
        const observer = new MutationObserver(() => {
          if (total() === before) return;
          const at = performance.now();
          observer.disconnect();
          clearTimeout(timer);
          done(at);
        });
        observer.observe(root, { childList: true, subtree: true, characterData: true });
      });
      input.value = String(i);
      const start = performance.now();
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      times.push((await updated) - start);
    }
    return times;
  }, CHANGES);
  await context.close();
  return times;
}

// Other work on the machine shows in every figure: say how busy it was.
const loadAtStart = loadavg()[0];

// Warm the API and the server's compressed copies; then the two pages take turns.
for (let i = 0; i < (QUICK ? 1 : 2); i += 1) {
  await load('/pricing');
  await load('/pricing-floor');
}
const priced = [];
const floors = [];
for (let i = 0; i < RUNS; i += 1) {
  priced.push(await load('/pricing'));
  floors.push(await load('/pricing-floor'));
  process.stdout.write(`\rcold loads: ${i + 1}/${RUNS}`);
}
process.stdout.write('\n');
const changes = await reprice();
await browser.close();
site.close();
await stopApi();

// ——— the table ———

const sorted = (values) => [...values].sort((a, b) => a - b);
const quantile = (values, q) => {
  const s = sorted(values);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
const median = (values) => {
  const s = sorted(values);
  const mid = s.length / 2;
  return s.length % 2 ? s[Math.floor(mid)] : (s[mid - 1] + s[mid]) / 2;
};
const ms = (value) => `${value.toFixed(1)} ms`;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const cls = (value) => value.toFixed(3);

const render = median(priced.map((r) => r.shown));
const renderDom = median(priced.map((r) => r.dom));
const floorShown = median(floors.map((r) => r.shown));
const over = render - floorShown;
const ratio = render / floorShown;
const p50 = quantile(changes, 0.5);
const p95 = quantile(changes, 0.95);
const tasks = priced.map((r) => r.longTasks.length);
const taskTime = priced.map((r) => r.longTasks.reduce((a, b) => a + b, 0));
const floorTasks = floors.map((r) => r.longTasks.length);
const longest = Math.max(0, ...priced.flatMap((r) => r.longTasks));
const floorLongest = Math.max(0, ...floors.flatMap((r) => r.longTasks));
const shift = median(priced.map((r) => r.layoutShift));
const shiftMax = Math.max(...priced.map((r) => r.layoutShift));
const floorShift = median(floors.map((r) => r.layoutShift));
const bytes = median(priced.map((r) => r.scriptBytes));
const floorBytes = median(floors.map((r) => r.scriptBytes));
const verdict = (ok) => (ok ? 'met' : 'missed');

// The measurement itself must work, whatever the figures: every one a number.
const figures = {
  render,
  renderDom,
  floorShown,
  over,
  ratio,
  p50,
  p95,
  tasks: median(tasks),
  longest,
  shift,
  bytes,
  floorBytes,
};
const broken = Object.entries(figures).filter(([, value]) => !Number.isFinite(value));
if (broken.length > 0 || changes.length !== CHANGES || bytes <= 0) {
  console.error(
    `The measurement failed: ${broken.map(([name, value]) => `${name} = ${value}`).join(', ') || `${changes.length} re-prices, ${bytes} script bytes`}.`,
  );
  process.exit(1);
}

const rows = [
  ['measure', `median of ${RUNS} cold loads each`, 'goal', ''],
  [
    '`/pricing`: first priced total on screen, over the same page with the total in static HTML',
    `${ms(render)} against ${ms(floorShown)}: +${ms(over)}, ${ratio.toFixed(2)}× the static page (${shown.total}, in the DOM at ${ms(renderDom)})`,
    `≤ +${GOALS.renderOverFloorMs} ms`,
    verdict(over <= GOALS.renderOverFloorMs),
  ],
  [
    'long tasks (over 50 ms) during that load',
    `${median(tasks)} per load (${ms(median(taskTime))} in all), up to ${Math.max(...tasks)}; the longest of any load ${ms(longest)} (the static page: ${median(floorTasks)}, longest ${ms(floorLongest)})`,
    `none over ${GOALS.longTaskMs} ms`,
    verdict(longest <= GOALS.longTaskMs),
  ],
  [
    `layout shift as the element loads (until the total is on screen + ${SETTLE_MS} ms)`,
    `${cls(shift)} (up to ${cls(shiftMax)}; the static page ${cls(floorShift)})`,
    `≤ ${GOALS.layoutShift}`,
    verdict(shift <= GOALS.layoutShift),
  ],
  [
    `re-price: a quantity \`input\` event to the new total in the DOM, ${CHANGES} changes`,
    `p50 ${ms(p50)}, p95 ${ms(p95)} (max ${ms(Math.max(...changes))})`,
    `p95 ≤ ${GOALS.repriceP95Ms} ms`,
    verdict(p95 <= GOALS.repriceP95Ms),
  ],
  [
    'script the page loads (gzip -9)',
    `${kb(bytes)} in ${priced[0].scripts} files (the static page ${kb(floorBytes)})`,
    'per page in `npm run size`',
    '—',
  ],
];
const loadAtEnd = loadavg()[0];
const loadAverage = `load average ${loadAtStart.toFixed(2)} at the start, ${loadAtEnd.toFixed(2)} at the end`;
const machine = `${cpus().length} cores; ${loadAverage}`;
const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
const line = (row) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
console.log(
  `\nChromium, ${RUNS} cold loads per page (median), loopback, PGlite; ${CHANGES} re-prices in one page.` +
    `\n${machine}.`,
);
console.log(line(rows[0]));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of rows.slice(1)) console.log(line(row));

if (WRITE) {
  // Busy means more runnable work than cores, from this run or beside it.
  const shared = Math.max(loadAtStart, loadAtEnd) > cpus().length;
  const sentence =
    `From \`npm run bench:ui\`: \`/pricing\` in Chromium on loopback against the Order API on PGlite, ` +
    `${RUNS} cold loads (cache off, a new context each) taking turns with the same page with the total ` +
    `in static HTML, medians; ${CHANGES} re-prices in one page. ` +
    (shared
      ? `The ${cpus().length}-core machine was shared with other work while it ran (${loadAverage}), which slows every figure.`
      : `On ${cpus().length} cores, otherwise idle (${loadAverage}).`);
  const table = [
    sentence,
    '',
    ...[rows[0], rows[0].map(() => '---'), ...rows.slice(1)].map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
  await writeReadmeBlock(join(ROOT, 'README.md'), 'bench-ui', table);
  console.log('README.md: bench-ui table written.');
}
process.exit(0);
