// The packages as users get them: the install-from-tarballs commands of
// packages/elements/README.md ("From npm"), run as written — `npm run build`
// and `npm pack` here, `npm install` of the tarballs in an empty folder — then
// for each package publint and `attw --pack`, and each entry of the installed
// packages imported in Node and bundled through Vite (in development mode,
// whose resolve conditions once picked unpublished source).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * The README's commands: the shell block after `<!-- install-from-tarballs -->`,
 * split at `# in your project` into what runs in the clone and what runs in
 * the user's project, with its tarball folder replaced by a fresh one. `npm ci`
 * is left out: this checkout is installed already, and running it here would
 * delete the node_modules the check itself runs from.
 */
function readmeCommands(packs) {
  const readme = readFileSync(join(repo, 'packages/elements/README.md'), 'utf8');
  const block = /<!-- install-from-tarballs -->\s*```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('packages/elements/README.md has no install-from-tarballs block.');
  const [clone, project] = block
    .replaceAll('/tmp/quotekit-packs', packs)
    .split('# in your project');
  const lines = (text) =>
    (text ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#') && line !== 'npm ci');
  if (!project) throw new Error('The install-from-tarballs block has no "# in your project" part.');
  return { clone: lines(clone), project: lines(project) };
}

const dir = mkdtempSync(join(tmpdir(), 'quotekit-pack-'));
const packs = join(dir, 'packs');
const app = join(dir, 'app');
const commands = readmeCommands(packs);
step(`the README's commands in the clone: ${commands.clone.join('; ')}`, () => {
  for (const line of commands.clone) sh('sh', ['-c', line], { cwd: repo });
});
for (const pkg of PACKAGES) {
  step(`publint packages/${pkg}`, () => sh('npx', ['publint', '--strict', `packages/${pkg}`]));
  // ESM-only packages: there is no CommonJS entry to resolve.
  step(`attw --pack packages/${pkg}`, () =>
    sh('npx', ['attw', '--pack', `packages/${pkg}`, '--profile', 'esm-only']),
  );
}

try {
  step("the README's commands in an empty project: npm install of the tarballs", () => {
    sh('mkdir', ['-p', app]);
    writeFileSync(
      join(app, 'package.json'),
      '{ "name": "smoke", "private": true, "type": "module" }',
    );
    for (const line of commands.project) sh('sh', ['-c', line], { cwd: app });
    const installed = readdirSync(join(app, 'node_modules/@quotekit')).sort();
    if (installed.join() !== [...PACKAGES].sort().join()) {
      throw new Error(`installed @quotekit/${installed.join(', ')}, not ${PACKAGES.join(', ')}`);
    }
    // msw for the checks below (the server's /msw entry imports it; an optional peer).
    sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', 'msw'], { cwd: app });
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
    writeFileSync(join(app, 'node-smoke.mjs'), `${script}\nconsole.log('ok');\n`);
    sh('node', ['node-smoke.mjs'], { cwd: app });
  });

  step('bundle core, sdk and every element through Vite from the installed packages', () => {
    writeFileSync(
      join(app, 'main.js'),
      [
        "import { priceQuote, catalogs } from '@quotekit/core';",
        "import { createQuoteSession } from '@quotekit/sdk';",
        "import { createAttribution } from '@quotekit/sdk/attribution';",
        "import { QuoteBuilder } from '@quotekit/elements';",
        "import '@quotekit/elements/quote-builder';",
        "import '@quotekit/elements/offer-code-input';",
        "import '@quotekit/elements/commission-estimator';",
        "import '@quotekit/elements/support-token-calculator';",
        "import '@quotekit/elements/partner-portal';",
        'console.log(priceQuote, catalogs, createQuoteSession, createAttribution, QuoteBuilder);',
      ].join('\n'),
    );
    writeFileSync(join(app, 'index.html'), '<script type="module" src="./main.js"></script>');
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
        cwd: app,
      },
    );
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(failed ? `${failed} packing check(s) failed.` : 'packed packages: all checks passed');
process.exit(failed ? 1 : 0);
