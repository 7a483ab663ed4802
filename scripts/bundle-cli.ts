/**
 * `npm run build`, second step: bundles the CLI (src/cli.ts) into dist/bundle/cli.js, which
 * bin/qiao.js runs. Node resolves, reads and links every ES module separately, and Qiao's ~300
 * modules plus kysely's and TypeBox's ~500 were about a third of the sidecar's start-up; in one file
 * they are one read and one parse. What Qiao imports dynamically (to load it only when configured)
 * becomes a chunk of its own, imports of packages included.
 *
 * Inlined: Qiao's own modules and the packages below (plain JavaScript, no files of their own to
 * find at run time). Every other package stays an import, resolved from dist/ as before: native
 * modules, packages that read their own files, Fastify and its plugins (which check each other's
 * versions and identities), and those loaded lazily (undici, ioredis, pg).
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const sources = join(root, 'src');
const dist = join(root, 'dist');

const inlinedPackages = new Set([
  // ES modules, hundreds of small files
  'kysely', '@sinclair/typebox',
  // CommonJS, plain JavaScript that needs nothing beyond Node's built-in modules
  'cockatiel', 'commander', 'dotenv', 'prom-client', 'tdigest', 'bintrees', '@opentelemetry/api',
]);
/** What bundled CommonJS code `require`s (Node's built-in modules) is required from an ES module. */
const requireForCommonJs = "import { createRequire as createRequireForCommonJs } from 'node:module'; const require = createRequireForCommonJs(import.meta.url);";

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

/**
 * `import.meta.url` keeps naming the module's own place in dist/ (where tsc puts it), so paths
 * relative to it (package.json, console/, packages for createRequire) resolve as before.
 */
function keepModuleUrls(outdir: string): Plugin {
  return {
    name: 'keep-module-urls',
    setup(bundler) {
      bundler.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (!args.path.startsWith(`${sources}/`)) return undefined;
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const compiled = join(dist, relative(sources, args.path)).replace(/\.ts$/, '.js');
        // Chunks are written beside the entry: the same relative path holds in each.
        const moduleUrl = `new URL(${JSON.stringify(relative(outdir, compiled))}, import.meta.url).href`;
        return { contents: source.replaceAll('import.meta.url', moduleUrl), resolveDir: dirname(args.path), loader: 'ts' };
      });
    },
  };
}

/**
 * esbuild escapes what is not ASCII in code but keeps comments as written; one `§` in a comment made
 * V8 hold the whole 1 MB bundle as a two-byte string. Escaped there too, the code means the same.
 */
function asciiOnly(code: string): string {
  return code.replace(/[^\x00-\x7f]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Writes the bundle (entry `cli.js` and its chunks) into `outdir`, replacing what was there, with
 * `sources.json`: the source files in it, which bin/qiao.js compares with the bundle's age. Returns
 * how many modules it holds.
 */
export async function bundleCli(outdir: string): Promise<number> {
  await rm(outdir, { recursive: true, force: true });
  const result = await build({
    entryPoints: [join(sources, 'cli.ts')],
    absWorkingDir: root,
    outdir,
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    metafile: true,
    banner: { js: requireForCommonJs },
    logLevel: 'warning',
    write: false,
    plugins: [keepPackagesExternal, keepModuleUrls(outdir)],
  });
  await mkdir(outdir, { recursive: true });
  for (const file of result.outputFiles) await writeFile(file.path, file.path.endsWith('.js') ? asciiOnly(file.text) : file.contents);
  const inputs = Object.keys(result.metafile.inputs);
  await writeFile(join(outdir, 'sources.json'), JSON.stringify(inputs.filter((input) => input.startsWith('src/'))));
  return inputs.length;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outdir = join(dist, 'bundle');
  const modules = await bundleCli(outdir);
  process.stdout.write(`bundled ${modules} modules into ${relative(root, outdir)}/\n`);
}
