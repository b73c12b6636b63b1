// `npm run size`: what a browser downloads, gzip -9, against budgets.
// 1. Each public import alone (minified ESM with what it needs from its
//    dependencies), so a change that drags a dependency into an import shows.
// 2. The paste-in folder (packages/elements/dist/cdn/, built here with the
//    top-level vite.config.ts): every chunk a page loads for the elements on it
//    before they paint (the autoloader, attribution, and each element's static
//    graph, which the autoloader preloads), then what they import after that
//    paint (a builder's session and pricing), shown beside it.
// Prints a table and exits non-zero when anything is over what is enforced.
// `--write` also regenerates, between the size markers, the table in README.md
// and the rows of their own imports in packages/sdk and packages/core's READMEs:
// every size a README quotes comes from this one run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeReadmeBlock } from './readme-block.mjs';
import { build, defaultClientConditions } from 'vite';

const KB = 1024;

/**
 * Public imports and their budgets: the measured sizes with about 5 %
 * headroom, so that a change which drags more in fails here. decimal.js
 * (12.5 KB) and the zod/mini validators (about 8.5 KB) are the floor of
 * anything that prices or checks a catalog.
 */
const IMPORTS = [
  { name: 'priceQuote', from: '@quotekit/core', budget: 29.5 * KB },
  { name: 'supportCost', from: '@quotekit/core', budget: 22.5 * KB },
  { name: 'affiliateEstimate', from: '@quotekit/core', budget: 26.5 * KB },
  { name: 'encodeSavedQuote', from: '@quotekit/core', budget: 9 * KB },
  { name: 'formatMoney', from: '@quotekit/core', budget: 15.5 * KB },
  // The one-year rule in New York time (Intl) is 0.3 KB of it.
  { name: 'createAttribution', from: '@quotekit/sdk/attribution', budget: 2.25 * KB },
  { name: 'createClient', from: '@quotekit/sdk', budget: 30.5 * KB },
  { name: 'createQuoteSession', from: '@quotekit/sdk', budget: 33 * KB },
];

/**
 * Pages of the paste-in folder, gzip -9 of every script the page loads, each
 * against its goal. A page that meets its goal is held to it; a page that
 * misses it is held to `ceiling`, its measured size rounded up to the next
 * half kilobyte (so it cannot grow), and reported as a missed goal. Attribution is on, as on
 * a page that does not turn it off.
 */
const PAGES = [
  // quotekit.js itself; a page with attribution on also loads the next row.
  {
    name: 'the autoloader, `cdn/quotekit.js`',
    tags: [],
    attribution: false,
    goal: 3 * KB,
    ceiling: 3 * KB,
  },
  {
    name: 'attribution capture, which the autoloader loads where it is on',
    tags: null,
    goal: 2.25 * KB,
    ceiling: 2.25 * KB,
  },
  {
    name: 'a page with only `<offer-code-input>`',
    tags: ['offer-code-input'],
    goal: 16 * KB,
    ceiling: 16.5 * KB,
  },
  {
    name: 'a page with one `<quote-builder>`, script before its first priced paint',
    tags: ['quote-builder'],
    goal: 45 * KB,
    ceiling: 62 * KB,
  },
  // Measured 17.4 KB (17,823 B) to its sign-in form, with 5 % headroom: Lit,
  // the element base and the portal's English words. The partner client,
  // decimal.js, the API's schemas and the sections (42.6 KB) load once a key
  // is set.
  {
    name: 'a page with only `<partner-portal>`, script before its sign-in form',
    tags: ['partner-portal'],
    goal: 18.25 * KB,
    ceiling: 18.25 * KB,
  },
  {
    name: 'a page with all four elements, script before first paint',
    tags: ['quote-builder', 'offer-code-input', 'commission-estimator', 'support-token-calculator'],
    goal: 60 * KB,
    ceiling: 69 * KB,
  },
];
const WRITE = process.argv.includes('--write');

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
function pageFiles(tags, { attribution = true } = {}) {
  const files = new Set();
  const add = (fileName) => {
    if (files.has(fileName)) return;
    files.add(fileName);
    for (const next of chunks.get(fileName).imports) add(next);
  };
  if (tags === null) {
    // Attribution alone: its chunks, without the autoloader.
    files.add('quotekit.js');
    for (const next of chunks.get('quotekit.js').dynamicImports) {
      if (next.startsWith('chunks/attribution-')) add(next);
    }
    files.delete('quotekit.js');
    return files;
  }
  add('quotekit.js');
  // Attribution, which the autoloader imports when the page has it on.
  for (const next of attribution ? chunks.get('quotekit.js').dynamicImports : []) {
    if (next.startsWith('chunks/attribution-')) add(next);
  }
  for (const tag of tags) {
    // The element's own entry in the folder where it has one (src/cdn/<tag>.ts),
    // else the chunk that holds its define module.
    const chunk =
      [...chunks.values()].find((c) => c.facadeModuleId?.endsWith(`/cdn/${tag}.ts`)) ??
      [...chunks.values()].find((c) =>
        (c.moduleIds ?? Object.keys(c.modules)).some((id) =>
          id.endsWith(`/components/${tag}/define.ts`),
        ),
      );
    if (!chunk) throw new Error(`No chunk for <${tag}>.`);
    add(chunk.fileName);
  }
  return files;
}
/**
 * What the page's elements import once they have painted (a builder's session
 * and pricing): their chunks' dynamic imports with everything those import,
 * less what the page already loaded. German messages are left out (an
 * English page never loads them), and so are the autoloader's own imports
 * (elements not on the page, attribution).
 */
function afterPaintFiles(before) {
  const files = new Set();
  const add = (fileName) => {
    if (files.has(fileName) || before.has(fileName)) return;
    files.add(fileName);
    for (const next of chunks.get(fileName).imports) add(next);
  };
  for (const fileName of before) {
    if (fileName === 'quotekit.js') continue;
    for (const next of chunks.get(fileName).dynamicImports) {
      if (!/(^|\/)messages\.de-/.test(next)) add(next);
    }
  }
  return files;
}
if (!autoloader) throw new Error('The paste-in build wrote no quotekit.js.');
const pageRows = [];
for (const page of PAGES) {
  const files = pageFiles(page.tags, page);
  const size = [...files].reduce((sum, f) => sum + gzip(chunks.get(f).code), 0);
  const later = page.tags?.length ? afterPaintFiles(files) : new Set();
  const after = [...later].reduce((sum, f) => sum + gzip(chunks.get(f).code), 0);
  const sample = [...files].some((f) => chunks.get(f).code.includes('Starter Plus user'));
  const met = size <= page.goal;
  const afterNote =
    later.size > 0 ? `${kb(after)} in ${later.size} file${later.size === 1 ? '' : 's'}` : '—';
  pageRows.push({ name: page.name, files: files.size, size, goal: page.goal, met, afterNote });
  rows.push({
    name: `${page.name.replaceAll('`', '')} (${files.size} files)`,
    size,
    budget: met ? page.goal : page.ceiling,
    target: page.goal,
    sample,
    after: later.size > 0 ? `then after first paint: ${afterNote}` : '',
  });
}

let over = 0;
console.log(
  `${'what a browser downloads'.padEnd(80)} ${'gzip'.padStart(9)} ${'enforced'.padStart(9)} ${'goal'.padStart(9)}`,
);
for (const { name, size, budget, target, sample, after } of rows) {
  const ok = size <= budget && !sample;
  if (!ok) over += 1;
  const note = sample
    ? 'HAS A SAMPLE CATALOG'
    : !ok
      ? 'OVER WHAT IS ENFORCED'
      : target !== undefined && size > target
        ? `goal missed: ${kb(size)} > ${kb(target)}`
        : 'ok';
  console.log(
    `${name.padEnd(80)} ${kb(size).padStart(9)} ${kb(budget).padStart(9)} ${(target ? kb(target) : '').padStart(9)}  ${note}`,
  );
  if (after) console.log(`  ${after}`);
}

if (WRITE) {
  const table = [
    '| page (gzip -9, every script it loads) | files | size | goal | | loaded after first paint |',
    '| --- | --- | --- | --- | --- | --- |',
    ...pageRows.map(
      (r) =>
        `| ${r.name} | ${r.files} | ${kb(r.size)} | ≤ ${kb(r.goal)} | ${r.met ? 'met' : `goal missed: ${kb(r.size)} > ${kb(r.goal)}`} | ${r.afterNote} |`,
    ),
    '',
    '| import, alone (minified ESM with what it needs) | size | enforced |',
    '| --- | --- | --- |',
    ...rows
      .filter((r) => r.target === undefined)
      .map((r) => `| \`${r.name}\` | ${kb(r.size)} | ≤ ${kb(r.budget)} |`),
  ].join('\n');
  // Each README that quotes sizes shows rows of this one run: the repository's
  // README every row, a package's README its own imports.
  const importRows = (from) =>
    [
      '| import, alone (minified ESM with what it needs) | size | enforced |',
      '| --- | --- | --- |',
      ...rows
        .filter((r) => r.target === undefined && r.name.includes(`'${from}`))
        .map((r) => `| \`${r.name}\` | ${kb(r.size)} | ≤ ${kb(r.budget)} |`),
    ].join('\n');
  for (const [file, text] of [
    ['README.md', table],
    ['packages/sdk/README.md', importRows('@quotekit/sdk')],
    ['packages/core/README.md', importRows('@quotekit/core')],
  ]) {
    await writeReadmeBlock(file, 'size', text);
  }
  console.log('README.md, packages/sdk/README.md, packages/core/README.md: size tables written.');
}

if (over > 0) {
  console.error(`${over} line${over === 1 ? ' is' : 's are'} over what is enforced.`);
  process.exit(1);
}
