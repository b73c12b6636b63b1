// Browser suites (`*.browser.test.ts`) in Debian's Chromium.
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// msw's worker script, served from the installed package so that its version
// always matches the library's (no generated copy to keep in step).
const MSW_WORKER = createRequire(import.meta.url).resolve('msw/mockServiceWorker.js');

/** Serves `/mockServiceWorker.js` at the root, the scope `setupWorker` registers by default. */
function mswWorker(context, next) {
  if (context.path !== '/mockServiceWorker.js') return next();
  context.type = 'application/javascript';
  context.set('Service-Worker-Allowed', '/');
  context.body = readFileSync(MSW_WORKER);
  return undefined;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Prints `browser: N passed, N failed, N skipped` alone on a line after the run. */
function summaryReporter() {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0;
      let failed = 0;
      let skipped = 0;
      const count = (suite) => {
        for (const test of suite.tests) {
          if (test.skipped) skipped += 1;
          else if (test.passed) passed += 1;
          else failed += 1;
        }
        for (const child of suite.suites) count(child);
      };
      for (const session of sessions) {
        if (session.testResults) count(session.testResults);
        // A file that failed to load has no results: count it as a failure.
        else if (!session.passed) failed += 1;
      }
      console.log(`browser: ${passed} passed, ${failed} failed, ${skipped} skipped`);
    },
  };
}

export default {
  files: [
    'packages/*/src/**/*.browser.test.ts',
    'packages/*/test/**/*.browser.test.ts',
    // Every element test runs in the browser.
    'packages/elements/src/**/*.test.ts',
  ],
  nodeResolve: { exportConditions: ['browser', '@quotekit/source'] },
  middleware: [mswWorker],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022' })],
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 120000,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: CHROMIUM_ARGS,
      },
    }),
  ],
  // nanostores reads process.env.NODE_ENV; a browser page has no `process`.
  testRunnerHtml: (testFramework) => `<!doctype html>
<html>
  <head><script>globalThis.process = { env: { NODE_ENV: 'development' } };</script></head>
  <body><script type="module" src="${testFramework}"></script></body>
</html>`,
  reporters: [
    defaultReporter({ reportTestResults: true, reportTestProgress: false }),
    summaryReporter(),
  ],
};
