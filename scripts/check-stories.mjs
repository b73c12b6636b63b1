// Builds Storybook and opens every story in Debian's Chromium: each must
// render with 0 console errors, 0 uncaught errors and 0 axe violations.
// Prints one line per story, then `stories: N passed, N failed, 0 skipped`.
//
//   node scripts/check-stories.mjs [--no-build] [filter]
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const OUT = resolve('storybook-static');
const args = process.argv.slice(2);
const filter = args.find((a) => !a.startsWith('--')) ?? '';
const require = createRequire(import.meta.url);

if (!args.includes('--no-build')) {
  const build = spawnSync('npm', ['run', 'build-storybook', '--', '--quiet'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) {
    console.error('Storybook did not build: run `npm run build-storybook` to see why.');
    process.exit(1);
  }
}

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};
const server = createServer((request, response) => {
  // Browsers ask for it unprompted; Storybook ships an SVG icon instead.
  if (request.url === '/favicon.ico') {
    response.writeHead(204).end();
    return;
  }
  const path = join(OUT, decodeURIComponent(new URL(request.url, 'http://x').pathname));
  if (!path.startsWith(OUT) || !existsSync(path) || !statSync(path).isFile()) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' });
  createReadStream(path).pipe(response);
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const origin = `http://127.0.0.1:${server.address().port}`;

const index = JSON.parse(readFileSync(join(OUT, 'index.json'), 'utf8'));
const stories = Object.values(index.entries).filter(
  (entry) => entry.type === 'story' && entry.id.includes(filter),
);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic'],
});
const context = await browser.newContext();
let failed = 0;

for (const story of stories) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // The browser logs each error answer the stories' mock API gives on purpose.
    const mocked = /^https:\/\/[^/]+\.stories\.quotekit\.test\//.test(message.location().url);
    if (mocked && message.text().startsWith('Failed to load resource')) return;
    problems.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  try {
    await page.goto(`${origin}/iframe.html?id=${story.id}&viewMode=story`);
    const phase = await page
      .waitForFunction(
        () => {
          const phase = globalThis.__STORYBOOK_PREVIEW__?.currentRender?.phase;
          return ['finished', 'errored', 'aborted'].includes(phase) && phase;
        },
        undefined,
        { timeout: 15_000 },
      )
      .then((handle) => handle.jsonValue());
    if (phase !== 'finished') problems.push(`story ${phase}`);
    await page.evaluate(() =>
      Promise.all(
        [...document.querySelectorAll('#storybook-root *')]
          .map((element) => element.updateComplete)
          .filter(Boolean),
      ),
    );
    await page.addScriptTag({ content: AXE });
    const violations = await page.evaluate(async () => {
      const result = await globalThis.axe.run(document.querySelector('#storybook-root'));
      return result.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.help}`);
    });
    for (const violation of violations) problems.push(`axe: ${violation}`);
  } catch (error) {
    problems.push(`check: ${error.message.split('\n')[0]}`);
  }
  await page.close();
  if (problems.length > 0) failed += 1;
  console.log(`${problems.length ? '✘' : '✔'} ${story.title} › ${story.name}`);
  for (const problem of problems) console.log(`    ${problem}`);
}

await browser.close();
server.close();
if (stories.length === 0) console.error(`No stories${filter ? ` match "${filter}"` : ''}.`);
console.log(`stories: ${stories.length - failed} passed, ${failed} failed, 0 skipped`);
process.exit(failed > 0 || stories.length === 0 ? 1 : 0);
