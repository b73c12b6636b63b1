// The mocha globals web-test-runner provides to `*.browser.test.ts` files
// (no @types/mocha in this repository: only what the suites use).
declare function describe(title: string, suite: () => void): void;
declare function it(title: string, test: () => void | Promise<unknown>): void;
declare function before(hook: () => void | Promise<unknown>): void;
declare function after(hook: () => void | Promise<unknown>): void;
declare function beforeEach(hook: () => void | Promise<unknown>): void;
declare function afterEach(hook: () => void | Promise<unknown>): void;
