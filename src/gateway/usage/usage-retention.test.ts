import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openSqliteStorage, type RequestLogEntry } from '../../storage/index.js';
import { silentLogger } from '../logger.js';
import { UsageRetention } from './usage-retention.js';

const entry = (requestId: string, createdAt: Date): RequestLogEntry => ({
  requestId, createdAt, endpoint: '/v1/chat/completions', requestedModel: 'm', stream: false, status: 'ok', httpStatus: 200,
  usageEstimated: false, latencyMs: 1, attempts: 1,
});

test('retention deletes calls older than retentionDays and keeps the rest', async () => {
  const storage = await openSqliteStorage(':memory:', { secretKey: 'test-secret' });
  try {
    const now = new Date('2025-06-30T12:00:00Z');
    await storage.requestLog.insertMany([
      entry('old', new Date('2025-05-01T00:00:00Z')), entry('edge', new Date('2025-06-23T11:59:59Z')), entry('kept', new Date('2025-06-23T12:00:01Z')),
      entry('new', new Date('2025-06-30T11:00:00Z')),
    ]);
    const retention = new UsageRetention(storage, 7, silentLogger);
    assert.equal(await retention.runOnce(now), 2);
    assert.deepEqual((await storage.requestLog.recent(10)).map((row) => row.requestId).sort(), ['kept', 'new']);
    assert.equal(await retention.runOnce(now), 0);
  } finally {
    await storage.close();
  }
});
