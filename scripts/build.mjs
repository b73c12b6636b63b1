// `npm run build`: each package's tsc build, in dependency order.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

for (const pkg of ['core', 'server', 'sdk', 'elements']) {
  const config = `packages/${pkg}/tsconfig.build.json`;
  if (!existsSync(`packages/${pkg}/src`)) continue;
  console.log(`building @quotekit/${pkg}`);
  execFileSync('npx', ['tsc', '-p', config], { stdio: 'inherit' });
}
