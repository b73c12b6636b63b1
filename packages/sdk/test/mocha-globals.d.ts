// The mocha globals web-test-runner provides to `*.browser.test.ts` files
// (no @types/mocha in this repository: only what the suites use).
type MochaDone = (error?: unknown) => void;
type MochaTest = (() => void | Promise<unknown>) | ((done: MochaDone) => void);
declare function describe(title: string, suite: () => void): void;
declare function it(title: string, test: MochaTest): void;
declare function before(hook: MochaTest): void;
declare function after(hook: MochaTest): void;
declare function beforeEach(hook: MochaTest): void;
declare function afterEach(hook: MochaTest): void;
