// The packages as users get them: `npm run build`, then for each package
// publint and `attw --pack`, then the packed tarballs installed into an empty
// folder, each entry imported in Node and bundled through Vite (in
// development mode, whose resolve conditions once picked unpublished source).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const PACKAGES = ['core', 'sdk', 'server', 'elements'];
const repo = resolve('.');
const sh = (command, args, options = {}) =>
  execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
let failed = 0;

function step(name, fn) {
  try {
    fn();
    console.log(`✔ ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`✘ ${name}`);
    console.log(String(error.stdout ?? '') + String(error.stderr ?? '') || error.message);
  }
}

step('npm run build', () => sh('npm', ['run', 'build']));
for (const pkg of PACKAGES) {
  step(`publint packages/${pkg}`, () => sh('npx', ['publint', '--strict', `packages/${pkg}`]));
  // ESM-only packages: there is no CommonJS entry to resolve.
  step(`attw --pack packages/${pkg}`, () =>
    sh('npx', ['attw', '--pack', `packages/${pkg}`, '--profile', 'esm-only']),
  );
}

const dir = mkdtempSync(join(tmpdir(), 'quotekit-pack-'));
try {
  step('npm pack each package and install the tarballs into an empty folder', () => {
    for (const pkg of PACKAGES) {
      sh('npm', ['pack', '--pack-destination', dir], { cwd: join(repo, 'packages', pkg) });
    }
    const tarballs = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
    writeFileSync(
      join(dir, 'package.json'),
      '{ "name": "smoke", "private": true, "type": "module" }',
    );
    sh(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        'msw',
        ...tarballs.map((t) => `./${t}`),
      ],
      { cwd: dir },
    );
  });

  step('import every Node entry of the installed packages', () => {
    const entries = [
      ['@quotekit/core', 'priceQuote'],
      ['@quotekit/sdk', 'createQuoteSession'],
      ['@quotekit/sdk/attribution', 'createAttribution'],
      ['@quotekit/server', 'createApp'],
      ['@quotekit/server/msw', 'createHandlers'],
    ];
    const script = entries
      .map(
        ([entry, name]) =>
          `{ const m = await import('${entry}'); if (typeof m.${name} !== 'function') throw new Error('${entry} has no ${name}'); }`,
      )
      .join('\n');
    writeFileSync(join(dir, 'node-smoke.mjs'), `${script}\nconsole.log('ok');\n`);
    sh('node', ['node-smoke.mjs'], { cwd: dir });
  });

  step('bundle core, sdk and every element through Vite from the installed packages', () => {
    writeFileSync(
      join(dir, 'main.js'),
      [
        "import { priceQuote, catalogs } from '@quotekit/core';",
        "import { createQuoteSession } from '@quotekit/sdk';",
        "import { createAttribution } from '@quotekit/sdk/attribution';",
        "import { QuoteBuilder } from '@quotekit/elements';",
        "import '@quotekit/elements/quote-builder';",
        "import '@quotekit/elements/offer-code-input';",
        "import '@quotekit/elements/commission-estimator';",
        "import '@quotekit/elements/support-token-calculator';",
        'console.log(priceQuote, catalogs, createQuoteSession, createAttribution, QuoteBuilder);',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'index.html'), '<script type="module" src="./main.js"></script>');
    sh(
      process.execPath,
      [
        join(repo, 'node_modules/vite/bin/vite.js'),
        'build',
        '--mode',
        'development',
        '--logLevel',
        'error',
      ],
      {
        cwd: dir,
      },
    );
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(failed ? `${failed} packing check(s) failed.` : 'packed packages: all checks passed');
process.exit(failed ? 1 : 0);
