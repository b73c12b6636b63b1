// An app whose background opportunity matching a test can wait for.
import { createApp, type AppEvents, type Database } from '@quotekit/server';
import { testClient } from './harness.js';

type Matching = Parameters<NonNullable<AppEvents['opportunityMatching']>>[0];

/** An app over `db` whose opportunity matching the test can wait for. */
export function matchingApp(db: Database, clock: () => Date) {
  const outcomes = new Map<string, Matching>();
  const waiting = new Map<string, (event: Matching) => void>();
  const unexpected: unknown[] = [];
  const app = createApp({
    db,
    clock,
    clientAddress: testClient,
    onError: (error) => unexpected.push(error),
    events: {
      opportunityMatching(event) {
        outcomes.set(event.orderId, event);
        waiting.get(event.orderId)?.(event);
      },
    },
  });
  return {
    app,
    unexpected,
    /** The outcome of matching the order, once it is done. */
    matched: (orderId: string): Promise<Matching> =>
      outcomes.has(orderId)
        ? Promise.resolve(outcomes.get(orderId)!)
        : new Promise((resolve) => waiting.set(orderId, resolve)),
    outcomeOf: (orderId: string) => outcomes.get(orderId),
  };
}
