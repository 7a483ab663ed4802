import assert from 'node:assert/strict';
import { test } from 'node:test';
import { periodEnd, periodStart } from './budget-period.js';

test('periods are UTC days, ISO weeks from Monday, calendar months, or everything', () => {
  const at = new Date('2025-03-02T23:30:00Z'); // a Sunday
  assert.equal(periodStart('day', at).toISOString(), '2025-03-02T00:00:00.000Z');
  assert.equal(periodEnd('day', at)!.toISOString(), '2025-03-03T00:00:00.000Z');
  assert.equal(periodStart('week', at).toISOString(), '2025-02-24T00:00:00.000Z');
  assert.equal(periodEnd('week', at)!.toISOString(), '2025-03-03T00:00:00.000Z');
  assert.equal(periodStart('week', new Date('2025-03-03T00:00:00Z')).toISOString(), '2025-03-03T00:00:00.000Z', 'Monday starts a week');
  assert.equal(periodStart('month', at).toISOString(), '2025-03-01T00:00:00.000Z');
  assert.equal(periodEnd('month', new Date('2025-12-31T12:00:00Z'))!.toISOString(), '2026-01-01T00:00:00.000Z');
  assert.equal(periodStart('total', at).getTime(), 0);
  assert.equal(periodEnd('total', at), undefined);
});
