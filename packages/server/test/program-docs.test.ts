// docs/program.md is what `npm run docs:program` makes from the real app:
// a route whose answers change without the walk-through being regenerated fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { PROGRAM_DOC, programDocs } from '../../../scripts/docs-program.js';

test('docs/program.md equals what npm run docs:program produces from the app', async () => {
  const generated = await programDocs();
  assert.ok(
    generated.includes('"code": "month_not_ended"'),
    'the walk-through shows a refused run',
  );
  assert.equal(
    readFileSync(PROGRAM_DOC, 'utf8'),
    generated,
    'docs/program.md is out of date: run npm run docs:program',
  );
});
