// `npm run build`: each package's tsc build, in dependency order, then the
// paste-in folder and the custom-elements manifest. Each step is announced
// with its number and time. `--quiet-tools` (what `npm start` runs) keeps the
// tools' own output off the screen, leaving the steps and any errors.
// A finished build records the build stamp (scripts/build-stamp.mjs), so
// `npm start` skips the next build while the sources stay the same.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { sourceStamp, writeStamp } from './build-stamp.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const quiet = process.argv.includes('--quiet-tools');
const stdio = quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit';
// Taken before building: an edit made during the build makes the next start build again.
const stamp = sourceStamp(ROOT);

const steps = [];
for (const pkg of ['core', 'server', 'sdk', 'elements']) {
  if (!existsSync(resolve(ROOT, `packages/${pkg}/src`))) continue;
  steps.push([`@quotekit/${pkg}`, 'npx', ['tsc', '-p', `packages/${pkg}/tsconfig.build.json`]]);
}
steps.push(['the paste-in folder packages/elements/dist/cdn/', 'npx', ['vite', 'build']]);
steps.push([
  'packages/elements/custom-elements.json',
  'npx',
  ['cem', 'analyze'],
  resolve(ROOT, 'packages/elements'),
]);

const started = Date.now();
for (const [index, [what, command, args, cwd = ROOT]] of steps.entries()) {
  const at = Date.now();
  const line = `  [${index + 1}/${steps.length}] building ${what}…`;
  // Quiet, the time follows on the step's line; otherwise the tool's output does.
  if (quiet) process.stdout.write(line);
  else console.log(line);
  execFileSync(command, args, { stdio, cwd });
  const took = `${((Date.now() - at) / 1000).toFixed(1)} s`;
  console.log(quiet ? ` ${took}` : `  ${what}: ${took}`);
}
writeStamp(ROOT, stamp);
console.log(`  built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
