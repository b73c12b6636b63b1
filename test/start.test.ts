// `npm start`'s decisions, on a made-up checkout in a temporary directory:
// when it can skip the build (the build stamp), and which origins may call
// the demo's API.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  BUILD_OUTPUTS,
  buildInputs,
  isUpToDate,
  sourceStamp,
  writeStamp,
} from '../scripts/build-stamp.mjs';
import { demoOrigins } from '../scripts/demo-origins.mjs';

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function write(root: string, file: string, text: string) {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
}

/** A checkout with sources, a test, a README and a finished build's outputs. */
function checkout() {
  const root = mkdtempSync(join(tmpdir(), 'quotekit-stamp-'));
  dirs.push(root);
  write(root, 'package.json', '{}');
  write(root, 'vite.config.ts', 'export default {};');
  write(root, 'scripts/build.mjs', '// build');
  write(root, 'packages/core/package.json', '{"name":"@quotekit/core"}');
  write(root, 'packages/core/src/index.ts', 'export const a = 1;');
  write(root, 'packages/core/src/index.test.ts', 'test');
  write(root, 'packages/core/test/fixtures.ts', 'fixture');
  write(root, 'packages/core/README.md', '# core');
  write(root, 'packages/elements/src/cdn/quotekit.ts', 'loader');
  for (const file of BUILD_OUTPUTS) write(root, file, 'built');
  write(root, 'packages/elements/custom-elements.json', '{}');
  return root;
}

/** Builds `root` as scripts/build.mjs does: stamp taken first, written at the end. */
function build(root: string) {
  writeStamp(root, sourceStamp(root));
}

describe('the build stamp', () => {
  test('a checkout never built needs a build; right after a build it does not', () => {
    const root = checkout();
    assert.equal(isUpToDate(root), false);
    build(root);
    assert.equal(isUpToDate(root), true);
  });

  test('editing, adding, removing or renaming a source needs a build', () => {
    const root = checkout();
    const changes: [string, () => void][] = [
      ['an edit', () => write(root, 'packages/core/src/index.ts', 'export const a = 2;')],
      ['a new file', () => write(root, 'packages/core/src/extra.ts', 'x')],
      ['a removed file', () => unlinkSync(join(root, 'packages/core/src/extra.ts'))],
      [
        'a rename',
        () => {
          unlinkSync(join(root, 'packages/elements/src/cdn/quotekit.ts'));
          write(root, 'packages/elements/src/cdn/loader.ts', 'loader');
        },
      ],
      ['a package.json', () => write(root, 'packages/core/package.json', '{"name":"x"}')],
      ['the Vite config', () => write(root, 'vite.config.ts', 'export default { a: 1 };')],
      ['the build script', () => write(root, 'scripts/build.mjs', '// build 2')],
    ];
    for (const [what, change] of changes) {
      build(root);
      change();
      assert.equal(isUpToDate(root), false, what);
    }
  });

  test('tests, READMEs, test fixtures and what the build writes do not need a build', () => {
    const root = checkout();
    build(root);
    write(root, 'packages/core/src/index.test.ts', 'another test');
    write(root, 'packages/core/test/fixtures.ts', 'another fixture');
    write(root, 'packages/core/README.md', '# core, reworded');
    write(root, 'packages/elements/custom-elements.json', '{"modules":[]}');
    write(root, 'packages/elements/dist/cdn/chunks/new.js', 'chunk');
    assert.equal(isUpToDate(root), true);
    assert.deepEqual(
      buildInputs(root).filter((file) => /test|README|dist|custom-elements/.test(file)),
      [],
    );
  });

  test('a missing output needs a build, whatever the stamp says', () => {
    for (const output of BUILD_OUTPUTS) {
      const root = checkout();
      build(root);
      unlinkSync(join(root, output));
      assert.equal(isUpToDate(root), false, output);
    }
  });

  test('an edit made while the build ran needs the next start to build again', () => {
    const root = checkout();
    const before = sourceStamp(root);
    write(root, 'packages/core/src/index.ts', 'export const a = 3;');
    writeStamp(root, before);
    assert.equal(isUpToDate(root), false);
  });
});

describe('the origins that may call the demo API', () => {
  const demo = ['http://localhost:5173', 'http://127.0.0.1:5174'];

  test('ALLOWED_ORIGINS adds its origins after the demo’s, once each', () => {
    assert.deepEqual(demoOrigins(demo, undefined), demo);
    assert.deepEqual(demoOrigins(demo, ''), demo);
    assert.deepEqual(
      demoOrigins(demo, ' http://localhost:8080/, https://Shop.example:443,http://localhost:5173'),
      [...demo, 'http://localhost:8080', 'https://shop.example'],
    );
  });

  test('* is refused, and so is anything that is not an origin', () => {
    assert.throws(
      () => demoOrigins(demo, 'http://localhost:8080,*'),
      /ALLOWED_ORIGINS=\* is refused/,
    );
    for (const bad of [
      'localhost:8080',
      'http://shop.example/pricing',
      'http://shop.example?x=1',
      'nonsense',
    ]) {
      assert.throws(() => demoOrigins(demo, bad), /is not an origin/, bad);
    }
  });
});
