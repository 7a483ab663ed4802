#!/usr/bin/env node
// Runs the compiled CLI (dist/bundle/cli.js, from `npm run build`) when it is at least as new as
// every source file bundled into it, else the TypeScript sources through tsx — so a stale build
// never runs edited code.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// Start-up's long-lived objects go straight to the old generation instead of growing the young one;
// the server restores V8's default once it listens (src/cli/young-generation.ts says why).
setFlagsFromString('--semi-space-growth-factor=1');

const root = fileURLToPath(new URL('..', import.meta.url));
const compiled = join(root, 'dist', 'bundle', 'cli.js');
/** The source files the bundle was made from, relative to the root (written by scripts/bundle-cli.ts). */
const bundledSources = join(root, 'dist', 'bundle', 'sources.json');
const sources = join(root, 'src');

/** Whether no source file of the bundle changed since it was made; false when one is gone or the list is missing. */
function bundleIsFresh() {
  try {
    const built = statSync(compiled).mtimeMs;
    return JSON.parse(readFileSync(bundledSources, 'utf8')).every((file) => statSync(join(root, file)).mtimeMs <= built);
  } catch {
    return false;
  }
}

const useCompiled = existsSync(compiled) && (!existsSync(sources) || bundleIsFresh());
if (useCompiled) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(sources, 'cli.ts')).href);
}
