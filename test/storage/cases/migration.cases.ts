import assert from 'node:assert/strict';
import { migrationProvider } from '../../../src/storage/migrations/index.js';
import { minimalLogEntry } from './request-log.cases.js';
import type { StorageContractCase } from '../storage-engines.js';

const migrationNames = async () => Object.keys(await migrationProvider.getMigrations()).sort();

export const migrationCases: StorageContractCase[] = [
  {
    name: 'migrations: every migration runs once; opening again (twice) runs none and keeps the data',
    async run(subject) {
      const first = await subject.open();
      await first.requestLog.insertMany([minimalLogEntry('kept')]);
      await subject.open();
      const third = await subject.open();
      const applied = (await subject.rows('kysely_migration')).map((row) => String(row.name)).sort();
      assert.deepEqual(applied, await migrationNames());
      assert.deepEqual((await third.requestLog.recent(5)).map((entry) => entry.requestId), ['kept']);
    },
  },
  {
    name: 'migrations: two instances starting together on an empty shared database both come up on one schema',
    engines: ['postgresql'],
    async run(subject) {
      const [one, two] = await Promise.all([subject.open(), subject.open()]);
      await one.requestLog.insertMany([minimalLogEntry('from-one')]);
      await two.requestLog.insertMany([minimalLogEntry('from-two')]);
      assert.deepEqual((await one.requestLog.recent(5)).map((entry) => entry.requestId), ['from-two', 'from-one']);
      assert.equal((await subject.rows('kysely_migration')).length, (await migrationNames()).length);
    },
  },
];
