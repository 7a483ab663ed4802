/**
 * `npm run build`, second step: bundles the compiled CLI (dist/cli.js, from tsc) into one file,
 * dist/cli.bundle.js, which bin/qiao.js runs. Node resolves, reads and links every ES module
 * separately, and Qiao's ~300 modules plus kysely's and TypeBox's ~500 were about a third of the
 * sidecar's start-up; in one file they are one read and one parse.
 *
 * Inlined: Qiao's own modules and the ES-module-only packages below (plain JavaScript, no files of
 * their own to find at run time). Every other package stays an import, resolved from dist/ as before:
 * native modules, packages that read their own files, and those loaded lazily (undici, ioredis, pg).
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const outfile = join(dist, 'cli.bundle.js');
const inlinedPackages = new Set(['kysely', '@sinclair/typebox', 'eventsource-parser']);

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const keepPackagesExternal: Plugin = {
  name: 'keep-packages-external',
  setup(bundler) {
    bundler.onResolve({ filter: /^[^./]/ }, (args) => (inlinedPackages.has(packageName(args.path)) ? undefined : { external: true }));
  },
};

/** `import.meta.url` keeps naming the module's own file in dist/, so paths relative to it (package.json, console/) still resolve. */
const keepModuleUrls: Plugin = {
  name: 'keep-module-urls',
  setup(bundler) {
    bundler.onLoad({ filter: /\.js$/ }, async (args) => {
      if (!args.path.startsWith(`${dist}/`)) return undefined;
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const fromBundle = relative(dirname(outfile), args.path);
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(`./${fromBundle}`)}, import.meta.url).href`), resolveDir: dirname(args.path), loader: 'js' };
    });
  },
};

const result = await build({
  entryPoints: [join(dist, 'cli.js')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
  plugins: [keepPackagesExternal, keepModuleUrls],
});
const inputs = Object.keys(result.metafile.inputs).length;
process.stdout.write(`bundled ${inputs} modules into ${relative(root, outfile)}\n`);
