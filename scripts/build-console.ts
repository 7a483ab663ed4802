// Builds the web console (console/src → console/dist) with esbuild: `npm run console:build`, and
// `prepare` after `npm install` / `npm ci`. The server also rebuilds a stale console on its first
// console request (src/server/console-bundle.ts).
import { buildConsole, consoleDirectories } from '../src/server/console-bundle.js';

const started = performance.now();
await buildConsole();
console.log(`console built in ${Math.round(performance.now() - started)} ms → ${consoleDirectories.output}`);
