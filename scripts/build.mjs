// `npm run build`: each package's tsc build, in dependency order.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

for (const pkg of ['core', 'server', 'sdk', 'elements']) {
  const config = `packages/${pkg}/tsconfig.build.json`;
  if (!existsSync(`packages/${pkg}/src`)) continue;
  console.log(`building @quotekit/${pkg}`);
  execFileSync('npx', ['tsc', '-p', config], { stdio: 'inherit' });
}

// The paste-in folder (packages/elements/dist/cdn/) and the custom-elements manifest.
console.log('building the paste-in folder packages/elements/dist/cdn/');
execFileSync('npx', ['vite', 'build'], { stdio: 'inherit' });
console.log('writing packages/elements/custom-elements.json');
execFileSync('npx', ['cem', 'analyze'], { stdio: 'inherit', cwd: 'packages/elements' });
