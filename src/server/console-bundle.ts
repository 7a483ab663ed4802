import { copyFile, mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../console/', import.meta.url));

/** Where the console's sources are and where its static files are built (src/server and dist/server resolve alike). */
export const consoleDirectories = { source: join(root, 'src'), output: join(root, 'dist') } as const;

/** Files copied as they are next to the bundle. */
const staticFiles = ['index.html', 'styles.css', 'favicon.svg'];

async function newestModification(directory: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? await newestModification(path) : (await stat(path)).mtimeMs);
  }
  return newest;
}

/** Whether the built files are missing or older than a source file. */
export async function consoleIsStale(): Promise<boolean> {
  const built = await stat(join(consoleDirectories.output, 'app.js')).catch(() => undefined);
  if (!built) return true;
  const sources = await newestModification(consoleDirectories.source).catch(() => 0);
  return sources > built.mtimeMs;
}

/** Each file is written beside its target and renamed, so a server reading it never sees half a file. */
async function writeAtomically(path: string, contents: Uint8Array | string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, path);
}

/** Bundles console/src/main.ts with esbuild (loaded only here) and copies the page and styles into console/dist. */
export async function buildConsole(): Promise<void> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(consoleDirectories.source, 'main.ts')],
    bundle: true, minify: true, format: 'esm', target: 'es2022', platform: 'browser', sourcemap: false,
    outfile: join(consoleDirectories.output, 'app.js'), write: false, logLevel: 'silent',
  });
  await mkdir(consoleDirectories.output, { recursive: true });
  for (const name of staticFiles) {
    const temporary = join(consoleDirectories.output, `${name}.${process.pid}.tmp`);
    await copyFile(join(consoleDirectories.source, name), temporary);
    await rename(temporary, join(consoleDirectories.output, name));
  }
  // app.js last: its modification time is what marks the build as fresh.
  for (const file of result.outputFiles) await writeAtomically(file.path, file.contents);
}

let ready: Promise<void> | undefined;

/** Builds the console once per process when it is stale; later calls share the same promise (failures are retried). */
export function ensureConsoleBuilt(): Promise<void> {
  ready ??= (async () => {
    if (await consoleIsStale()) await buildConsole();
  })().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return ready;
}
