// `npm run size`: what a browser downloads, gzip -9, against budgets.
// 1. Each public import alone (minified ESM with what it needs from its
//    dependencies), so a change that drags a dependency into an import shows.
// 2. The paste-in folder (packages/elements/dist/cdn/, built here with the
//    top-level vite.config.ts): every chunk a page loads for the elements on it.
// Prints a table and exits non-zero when anything is over its budget.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, defaultClientConditions } from 'vite';

const KB = 1024;

/**
 * Public imports and their budgets: the measured sizes with about 5 %
 * headroom, so that a change which drags more in fails here. decimal.js
 * (12.5 KB) and the zod/mini validators (about 8.5 KB) are the floor of
 * anything that prices or checks a catalog.
 */
const IMPORTS = [
  { name: 'priceQuote', from: '@quotekit/core', budget: 29 * KB },
  { name: 'supportCost', from: '@quotekit/core', budget: 22.5 * KB },
  { name: 'affiliateEstimate', from: '@quotekit/core', budget: 26.5 * KB },
  { name: 'encodeSavedQuote', from: '@quotekit/core', budget: 9 * KB },
  { name: 'formatMoney', from: '@quotekit/core', budget: 15.5 * KB },
  // The one-year rule in New York time (Intl) is 0.3 KB of it.
  { name: 'createAttribution', from: '@quotekit/sdk/attribution', budget: 2.25 * KB },
  { name: 'createClient', from: '@quotekit/sdk', budget: 30.5 * KB },
  { name: 'createQuoteSession', from: '@quotekit/sdk', budget: 32.5 * KB },
];

/**
 * Pages of the paste-in folder: the elements on them, the budget in force and
 * the target (the goal) we build towards. A page that meets its target is held
 * at the target; a page that misses it is held at its measured size, so it
 * cannot grow while the work that brings it down goes on. The element pages
 * miss their targets today: every element chunk shares the SDK's client and
 * session, which carry decimal.js and zod/mini.
 */
const PAGES = [
  { name: 'cdn/quotekit.js alone (attribution capture)', tags: [], budget: 3 * KB, target: 3 * KB },
  {
    name: 'a page with <offer-code-input>',
    tags: ['offer-code-input'],
    budget: 46 * KB,
    target: 16 * KB,
  },
  {
    name: 'a page with <quote-builder>',
    tags: ['quote-builder'],
    budget: 60 * KB,
    target: 45 * KB,
  },
  {
    name: 'a page with all four elements',
    tags: ['quote-builder', 'offer-code-input', 'commission-estimator', 'support-token-calculator'],
    budget: 72 * KB,
    target: 60 * KB,
  },
];

const conditions = ['@quotekit/source', ...defaultClientConditions];
const gzip = (code) => gzipSync(code, { level: 9 }).length;
const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;
const rows = [];

async function importSize({ name, from }) {
  const dir = resolve('.size');
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, `${name}.ts`);
  writeFileSync(entry, `export { ${name} } from '${from}';\n`);
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    resolve: { conditions },
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      write: false,
      minify: true,
      lib: { entry, formats: ['es'], fileName: 'entry' },
      rolldownOptions: { output: { codeSplitting: false } },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
  return gzip(
    outputs
      .filter((o) => o.type === 'chunk')
      .map((o) => o.code)
      .join('\n'),
  );
}

for (const item of IMPORTS) {
  rows.push({
    name: `import { ${item.name} } from '${item.from}'`,
    size: await importSize(item),
    budget: item.budget,
  });
}

// The paste-in folder, written to disk as `npm run build` does.
const result = await build({ configFile: resolve('vite.config.ts'), logLevel: 'silent' });
const chunks = new Map(
  (Array.isArray(result) ? result : [result])
    .flatMap((r) => r.output)
    .filter((o) => o.type === 'chunk')
    .map((o) => [o.fileName, o]),
);
const autoloader = chunks.get('quotekit.js');
/** The autoloader, its static imports, and each tag's chunk with its static imports. */
function pageFiles(tags) {
  const files = new Set();
  const add = (fileName) => {
    if (files.has(fileName)) return;
    files.add(fileName);
    for (const next of chunks.get(fileName).imports) add(next);
  };
  add('quotekit.js');
  for (const tag of tags) {
    const chunk = [...chunks.values()].find((c) =>
      (c.moduleIds ?? Object.keys(c.modules)).some((id) =>
        id.endsWith(`/components/${tag}/define.ts`),
      ),
    );
    if (!chunk) throw new Error(`No chunk for <${tag}>.`);
    add(chunk.fileName);
  }
  return files;
}
if (!autoloader) throw new Error('The paste-in build wrote no quotekit.js.');
for (const page of PAGES) {
  const files = pageFiles(page.tags);
  const size = [...files].reduce((sum, f) => sum + gzip(chunks.get(f).code), 0);
  const sample = [...files].some((f) => chunks.get(f).code.includes('Starter Plus user'));
  rows.push({
    name: `${page.name} (${files.size} files)`,
    size,
    budget: page.budget,
    target: page.target,
    sample,
  });
}

let over = 0;
console.log(
  `${'what a browser downloads'.padEnd(66)} ${'gzip'.padStart(9)} ${'budget'.padStart(9)} ${'target'.padStart(9)}`,
);
for (const { name, size, budget, target, sample } of rows) {
  const ok = size <= budget && !sample;
  if (!ok) over += 1;
  const note = sample
    ? 'HAS A SAMPLE CATALOG'
    : !ok
      ? 'OVER BUDGET'
      : size > (target ?? budget)
        ? `ok, target missed by ${kb(size - target)}`
        : 'ok';
  console.log(
    `${name.padEnd(66)} ${kb(size).padStart(9)} ${kb(budget).padStart(9)} ${(target ? kb(target) : '').padStart(9)}  ${note}`,
  );
}
if (process.argv.includes('--write')) await writeReadme();
if (over > 0) {
  console.error(`${over} line${over === 1 ? ' is' : 's are'} over budget.`);
  process.exit(1);
}

/** `--write`: the README's size table, between its size markers, from this run. */
async function writeReadme() {
  const { format, resolveConfig } = await import('prettier');
  const cell = (name) =>
    name.replace(/^(import .*|cdn\/quotekit\.js)/, '`$1`').replace(/<[a-z-]+>/g, '`$&`');
  const table = [
    '| what | gzip -9 | budget in force | target |',
    '| --- | --- | --- | --- |',
    ...rows.map(
      ({ name, size, budget, target }) =>
        `| ${cell(name)} | ${kb(size)} | ${kb(budget)} | ${target ? (size > target ? `${kb(target)} (missed)` : `${kb(target)} (met)`) : ''} |`,
    ),
  ].join('\n');
  const readme = readFileSync('README.md', 'utf8');
  const marked = /<!-- size:start -->[\s\S]*<!-- size:end -->/;
  if (!marked.test(readme))
    throw new Error('README.md has no <!-- size:start --> … <!-- size:end --> markers.');
  const next = readme.replace(marked, `<!-- size:start -->\n\n${table}\n\n<!-- size:end -->`);
  writeFileSync(
    'README.md',
    await format(next, { ...(await resolveConfig('README.md')), filepath: 'README.md' }),
  );
  console.log('README.md: size table written.');
}
