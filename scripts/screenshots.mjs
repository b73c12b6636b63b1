// `npm run screenshots`: pictures of each element from Storybook, for the
// READMEs, written to docs/screenshots/. Builds Storybook first.
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const SHOTS = [
  ['quote-builder', 'elements-quote-builder--offer-applied'],
  ['quote-builder-phone', 'elements-quote-builder--phone'],
  ['quote-builder-estimate', 'elements-quote-builder--estimate'],
  ['quote-builder-dark', 'elements-quote-builder--dark'],
  ['quote-builder-de', 'elements-quote-builder--german'],
  ['offer-code-input', 'elements-offer-code-input--valid'],
  ['commission-estimator', 'elements-commission-estimator--affiliate'],
  ['support-token-calculator', 'elements-support-token-calculator--dedicated'],
];
const OUT = resolve('storybook-static');
const DIR = resolve('docs/screenshots');

execFileSync('npm', ['run', 'build-storybook', '--', '--quiet'], { stdio: 'ignore' });
mkdirSync(DIR, { recursive: true });
const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.css': 'text/css',
};
const server = createServer((request, response) => {
  const path = join(OUT, decodeURIComponent(new URL(request.url, 'http://x').pathname));
  if (!path.startsWith(OUT) || !existsSync(path) || !statSync(path).isFile()) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' });
  createReadStream(path).pipe(response);
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const page = await browser.newPage({ viewport: { width: 900, height: 800 }, deviceScaleFactor: 1 });
for (const [name, id] of SHOTS) {
  await page.goto(`http://127.0.0.1:${server.address().port}/iframe.html?id=${id}&viewMode=story`);
  await page.waitForFunction(() =>
    ['finished', 'errored'].includes(globalThis.__STORYBOOK_PREVIEW__?.currentRender?.phase),
  );
  await page.waitForTimeout(300); // let the last render and the fonts settle
  await page.locator('#storybook-root').screenshot({ path: join(DIR, `${name}.png`) });
  console.log(`docs/screenshots/${name}.png`);
}
await browser.close();
server.close();
