#!/usr/bin/env node
// Runs the compiled CLI (dist/bundle/cli.js, from `npm run build`) when it is at least as new as
// every source file, else the TypeScript sources through tsx — so a stale build never runs edited code.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// Start-up's long-lived objects go straight to the old generation instead of growing the young one;
// the server restores V8's default once it listens (src/cli/young-generation.ts says why).
setFlagsFromString('--semi-space-growth-factor=1');

const root = fileURLToPath(new URL('..', import.meta.url));
const compiled = join(root, 'dist', 'bundle', 'cli.js');
const sources = join(root, 'src');

function newestModification(directory) {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestModification(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const useCompiled = existsSync(compiled) && (!existsSync(sources) || statSync(compiled).mtimeMs >= newestModification(sources));
if (useCompiled) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(sources, 'cli.ts')).href);
}
