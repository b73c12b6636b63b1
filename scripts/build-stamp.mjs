// The build stamp: one hash over everything `npm run build` reads, written
// beside the demo's data once a build has finished. `npm start` builds again
// only when the sources hash differently from the last finished build, or an
// output it serves is missing.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** Files at the root that change what the build writes. */
const ROOT_INPUTS = ['package.json', 'package-lock.json', 'tsconfig.base.json', 'vite.config.ts'];
/** Under packages/<name>/: what the build does not read, or writes itself. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'test', 'bench']);
const SKIPPED_FILE = /(\.test\.ts|\.md|^custom-elements\.json)$/;

/** What `npm start` serves: if any is missing, the build runs whatever the stamp says. */
export const BUILD_OUTPUTS = [
  'packages/server/dist/main.js',
  'packages/server/dist/keys.js',
  'packages/elements/dist/cdn/quotekit.js',
];

/** Where the stamp of the last finished build is kept (`.quotekit/` is not committed). */
export const stampFile = (root) => join(root, '.quotekit', 'build-stamp');

/** Every build input under `root`, as sorted paths relative to it with `/` separators. */
export function buildInputs(root) {
  const found = ROOT_INPUTS.filter((file) => existsSync(join(root, file)));
  found.push('scripts/build.mjs');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(path);
      } else if (entry.isFile() && !SKIPPED_FILE.test(entry.name)) {
        found.push(relative(root, path).split(sep).join('/'));
      }
    }
  };
  const packages = join(root, 'packages');
  if (existsSync(packages)) {
    for (const entry of readdirSync(packages, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(packages, entry.name));
    }
  }
  return [...new Set(found)].filter((file) => existsSync(join(root, file))).sort();
}

/** The sources' hash: each input's path and content, so a rename counts as well as an edit. */
export function sourceStamp(root) {
  const hash = createHash('sha256');
  for (const file of buildInputs(root)) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/**
 * Whether `npm start` can skip the build: every output is there and `stamp`
 * (the sources' hash now) is the stamp the last finished build wrote.
 */
export function isUpToDate(root, stamp = sourceStamp(root)) {
  if (!BUILD_OUTPUTS.every((file) => existsSync(join(root, file)))) return false;
  try {
    return readFileSync(stampFile(root), 'utf8').trim() === stamp;
  } catch {
    return false;
  }
}

/** Records `stamp` (taken before the build started) once the build has finished. */
export function writeStamp(root, stamp) {
  const file = stampFile(root);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${stamp}\n`);
}
