// `npm run size`: bundles each public entry for browsers (minified ESM with
// its dependencies) and checks it against its gzip budget.
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

/**
 * Each entry and its budget in gzip bytes (-9). Core and the SDK sit on two
 * dependencies the product requires: decimal.js (12.5 KB, not tree-shakable)
 * and the zod/mini validators our catalog, order and saved-quote schemas use
 * (about 8.5 KB). That floor of 21 KB is why core's budget is 36 KB and the
 * SDK's 34 KB: each is its measured size with about 6 % headroom.
 */
const ENTRIES = [
  { name: '@quotekit/core', entry: 'packages/core/src/index.ts', budget: 36 * 1024 },
  {
    name: '@quotekit/sdk/attribution',
    entry: 'packages/sdk/src/attribution/index.ts',
    budget: 1.5 * 1024,
  },
  { name: '@quotekit/sdk (with core)', entry: 'packages/sdk/src/index.ts', budget: 34 * 1024 },
];

async function bundle(entry) {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    // Bundle from source, as a browser build would; development is only the source condition.
    resolve: { conditions: ['development', 'browser', 'module', 'import', 'default'] },
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      write: false,
      minify: true,
      lib: { entry, formats: ['es'], fileName: 'entry' },
      rolldownOptions: { output: { minify: true } },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
  return outputs
    .filter((o) => o.type === 'chunk')
    .map((o) => o.code)
    .join('\n');
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
let over = 0;
console.log('entry                            min        gzip       budget');
for (const { name, entry, budget } of ENTRIES) {
  if (!existsSync(entry)) continue;
  const code = await bundle(entry);
  const min = Buffer.byteLength(code);
  const gzip = gzipSync(code, { level: 9 }).length;
  const ok = gzip <= budget;
  if (!ok) over += 1;
  console.log(
    `${name.padEnd(32)} ${kb(min).padStart(9)}  ${kb(gzip).padStart(9)}  ${kb(budget).padStart(9)}  ${ok ? 'ok' : 'OVER BUDGET'}`,
  );
}
if (over > 0) {
  console.error(`${over} entr${over === 1 ? 'y is' : 'ies are'} over budget.`);
  process.exit(1);
}
