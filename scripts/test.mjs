// `npm test`: type check, lint, format, size budgets, the packed packages
// (publint, attw, a tarball smoke test), the pricing benchmark's short mode,
// the Node suites, the browser suites, the /pricing page benchmark's quick
// mode, then every Storybook story in Chromium.
// Ends with one plain line, `N passed, N failed, N skipped`, and exits
// non-zero when any step fails.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const totals = { passed: 0, failed: 0, skipped: 0 };
let failedSteps = [];

function run(name, command, args, { parse } = {}) {
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let out = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      out += chunk;
    });
    child.on('close', (code) => {
      if (parse) parse(out);
      if (code !== 0) failedSteps.push(name);
      resolve(code);
    });
  });
}

const last = (text, re) => {
  const all = [...text.matchAll(re)];
  return all.length ? Number(all[all.length - 1][1]) : 0;
};

/** Test files under packages/<name>/{src,test} and test/, sorted. */
function testFiles() {
  const found = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(path);
      else if (entry.name.endsWith('.test.ts')) found.push(path);
    }
  };
  for (const pkg of readdirSync('packages')) {
    walk(join('packages', pkg, 'src'));
    walk(join('packages', pkg, 'test'));
  }
  // End-to-end tests across the packages.
  walk('test');
  return found.sort();
}

// Element tests all run in the browser, whatever their name.
const inBrowser = (f) =>
  f.endsWith('.browser.test.ts') || f.startsWith(join('packages', 'elements'));
const nodeTests = testFiles().filter((f) => !inBrowser(f));
const browserTests = testFiles().filter(inBrowser);

await run('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']);
await run('lint', 'npx', ['eslint', '.']);
await run('format', 'npx', ['prettier', '--check', '.', '--log-level', 'warn']);
await run('size', 'node', ['scripts/size.mjs']);
await run('packing', 'node', ['scripts/pack-check.mjs']);
// The pricing benchmark in its short mode: its implementations must still agree.
await run('bench', 'npx', [
  'tsx',
  '--conditions=@quotekit/source',
  'packages/core/bench/pricing.bench.ts',
  '--short',
]);
// The Order API benchmark in its short mode: no order lost or doubled.
await run('bench:api', 'npx', [
  'tsx',
  '--conditions=@quotekit/source',
  'packages/server/bench/api.bench.ts',
  '--short',
]);
await run(
  'node tests',
  'npx',
  ['tsx', '--conditions=@quotekit/source', '--test', '--test-reporter=spec', ...nodeTests],
  {
    parse(out) {
      totals.passed += last(out, /^ℹ pass (\d+)/gm);
      totals.failed += last(out, /^ℹ fail (\d+)/gm);
      totals.skipped += last(out, /^ℹ skipped (\d+)/gm) + last(out, /^ℹ todo (\d+)/gm);
    },
  },
);
if (browserTests.length > 0) {
  await run('browser tests', 'npx', ['web-test-runner', '--config', 'web-test-runner.config.js'], {
    parse(out) {
      // The runner's progress display leaves terminal escapes at the start of its summary line.
      const plain = stripVTControlCharacters(out);
      const m = [...plain.matchAll(/^browser: (\d+) passed, (\d+) failed, (\d+) skipped$/gm)].pop();
      if (m) {
        totals.passed += Number(m[1]);
        totals.failed += Number(m[2]);
        totals.skipped += Number(m[3]);
      }
    },
  });
}

// The /pricing page benchmark in its quick mode: every figure must come out a
// number (the goals are reported by `npm run bench:ui`, not enforced here).
// The packing step above built what it serves.
await run('bench:ui', 'node', ['scripts/bench-ui.mjs', '--quick', '--no-build']);

// Storybook, built and every story opened in Chromium: 0 console errors, 0 axe violations.
await run('stories', 'node', ['scripts/check-stories.mjs'], {
  parse(out) {
    const m = [...out.matchAll(/^stories: (\d+) passed, (\d+) failed, (\d+) skipped$/gm)].pop();
    if (m) {
      totals.passed += Number(m[1]);
      totals.failed += Number(m[2]);
      totals.skipped += Number(m[3]);
    }
  },
});

if (failedSteps.length > 0) console.log(`\nFailed steps: ${failedSteps.join(', ')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length > 0 || totals.failed > 0 ? 1 : 0);
