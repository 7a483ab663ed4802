// Preloaded with `node --import` by tests: when the process exits, writes the file of every
// CommonJS module it loaded, one a line, to the file named by RECORD_LOADED_MODULES. (ES modules are
// not listed: the packages tests look for are CommonJS.)
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const { cache } = createRequire(import.meta.url);
process.on('exit', () => {
  writeFileSync(process.env.RECORD_LOADED_MODULES, Object.keys(cache).join('\n'));
});
