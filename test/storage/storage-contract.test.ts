import { describe, test } from 'node:test';
import { storageContractCases } from './cases/index.js';
import { storageEngines } from './storage-engines.js';

// The Storage interface, case by case, on SQLite (a temporary file) and PostgreSQL (a fresh schema
// of the `test` database on 127.0.0.1:5432, dropped afterwards). PostgreSQL must answer: an
// unreachable server fails these tests, it does not skip them.
for (const engine of storageEngines) {
  describe(`Storage contract on ${engine.name}`, () => {
    for (const contractCase of storageContractCases.filter((candidate) => !candidate.engines || candidate.engines.includes(engine.name))) {
      test(contractCase.name, async () => {
        const subject = await engine.create();
        try {
          await contractCase.run(subject);
        } finally {
          await subject.dispose();
        }
      });
    }
  });
}
