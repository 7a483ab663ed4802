/**
 * `npm run bench:vectors`: the vector store's insert rate and top-10 search latency and recall on
 * 100,000 documents of 1,024 dimensions (QUICK=1: 10,000 × 256), through the same VectorStoreService
 * and sqlite-vec file the gateway uses (embeddings given, so no model is called).
 *
 * Data: "clustered" vectors (1,000 random centres plus Gaussian noise, cos ≈ 0.6 within a cluster,
 * queries drawn the same way) stand in for real embeddings; "random" Gaussian vectors are the worst
 * case for 1-bit pre-selection. Recall@10 is measured against a brute-force scan in JavaScript.
 * Latency is reported as wall time and as CPU time of the search (what it costs on an idle core: the
 * search is synchronous), because a shared machine's load inflates wall time.
 * Env: QUICK=1, DOCS=n, DIMS=n, QUERIES=n (latency), RECALL_QUERIES=n, DATA=clustered|random|both.
 * See docs/vector-store.md.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { VectorStoreService, defaultVectorStoreSettings, type VectorStoreSettings } from '../src/gateway/index.js';
import type { CallContext, MetadataFilter } from '../src/gateway/index.js';
import { openSqliteVectorStorage } from '../src/storage/index.js';
import { bruteForceTopK, randomVectors, recall, seededRandom } from '../test/support/random-vectors.js';

const QUICK = process.env.QUICK === '1';
const DOCS = Number(process.env.DOCS ?? (QUICK ? 10_000 : 100_000));
const DIMS = Number(process.env.DIMS ?? (QUICK ? 256 : 1024));
const QUERIES = Number(process.env.QUERIES ?? (QUICK ? 100 : 200));
const RECALL_QUERIES = Number(process.env.RECALL_QUERIES ?? (QUICK ? 20 : 30));
const DATA = process.env.DATA ?? 'both';
const BATCH = 1000;
const log = (message: string) => void process.stderr.write(`${message}\n`);

const context: CallContext = { requestId: 'bench', endpoint: 'bench', abortSignal: new AbortController().signal, caller: { ownerId: 'bench', isAdmin: false } };

/** Vectors around `clusters` random centres: centre + 0.8 × noise. */
function clusteredVectors(count: number, dimensions: number, seed: number, centres: Float32Array[]): Float32Array[] {
  const random = seededRandom(seed);
  const noise = randomVectors(count, dimensions, seed + 1);
  return noise.map((vector) => {
    const centre = centres[Math.floor(random() * centres.length)]!;
    return vector.map((x, i) => centre[i]! + 0.8 * x);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

async function timeSearches(service: VectorStoreService, queries: Float32Array[], topK: number, filter?: MetadataFilter) {
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (const query of queries) {
    const vector = Array.from(query);
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    await service.search('bench', { vector, topK, ...(filter && { filter }) }, context);
    const cpu = process.cpuUsage(cpuStarted);
    times.push(performance.now() - started);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99), cpuP50: percentile(cpuTimes, 0.5), cpuP99: percentile(cpuTimes, 0.99) };
}

async function measureRecall(service: VectorStoreService, documents: Float32Array[], queries: Float32Array[], truth: number[][]) {
  let total = 0;
  for (const [index, query] of queries.entries()) {
    const { matches } = await service.search('bench', { vector: Array.from(query), topK: 10 }, context);
    total += recall(matches.map((match) => Number(match.id)), truth[index]!);
  }
  return total / queries.length;
}

async function run(kind: 'clustered' | 'random') {
  const directory = mkdtempSync(join(tmpdir(), 'qiao-bench-vectors-'));
  const path = join(directory, 'vectors.db');
  const centres = randomVectors(1000, DIMS, 1);
  const make = (count: number, seed: number) => (kind === 'clustered' ? clusteredVectors(count, DIMS, seed, centres) : randomVectors(count, DIMS, seed));
  log(`[${kind}] generating ${DOCS} × ${DIMS}…`);
  const documents = make(DOCS, 100);
  const storage = await openSqliteVectorStorage(path);
  const service = (settings: Partial<VectorStoreSettings>) => new VectorStoreService({ open: async () => storage }, async () => {
    throw new Error('no embedding calls in the benchmark');
  }, { ...defaultVectorStoreSettings, ...settings });
  const main = service({});
  await main.createCollection({ name: 'bench', model: 'none', dimensions: DIMS }, context);

  log(`[${kind}] inserting in batches of ${BATCH}…`);
  const insertStarted = performance.now();
  const insertCpu = process.cpuUsage();
  for (let start = 0; start < DOCS; start += BATCH) {
    const batch = documents.slice(start, start + BATCH).map((vector, offset) => ({
      id: String(start + offset), text: `document ${start + offset}`, metadata: { group: (start + offset) % 10 }, embedding: Array.from(vector),
    }));
    await main.upsertDocuments('bench', batch, context);
  }
  const insertSeconds = (performance.now() - insertStarted) / 1000;
  const insertCpuUsage = process.cpuUsage(insertCpu);
  const insertCpuSeconds = (insertCpuUsage.user + insertCpuUsage.system) / 1e6;
  const fileMb = (statSync(path).size + statSync(`${path}-wal`, { throwIfNoEntry: false })?.size! || 0) / 1e6;

  const latencyQueries = make(QUERIES, 200);
  const recallQueries = make(RECALL_QUERIES, 300);
  log(`[${kind}] brute force for ${RECALL_QUERIES} queries…`);
  const truth = recallQueries.map((query) => bruteForceTopK(documents, query, 10));

  const rows: Record<string, unknown>[] = [];
  for (const candidates of [50, 100, 200, 400]) {
    const tuned = service({ minCandidates: candidates, candidateMultiplier: 1, exactSearchMaxDocuments: 0 });
    const timing = await timeSearches(tuned, latencyQueries, 10);
    rows.push({ mode: `1-bit + re-rank ${candidates}${candidates === 200 ? ' (default)' : ''}`, ...timing, recall: await measureRecall(tuned, documents, recallQueries, truth) });
  }
  const exact = service({ exactSearchMaxDocuments: Number.MAX_SAFE_INTEGER });
  rows.push({ mode: 'exact scan', ...(await timeSearches(exact, latencyQueries.slice(0, 20), 10)), recall: await measureRecall(exact, documents, recallQueries.slice(0, 5), truth) });
  rows.push({ mode: 'filter {group: 3} (10% of documents, exact)', ...(await timeSearches(main, latencyQueries.slice(0, 20), 10, { group: 3 })), recall: Number.NaN });
  await storage.close();
  rmSync(directory, { recursive: true, force: true });

  const load = loadavg()[0]!.toFixed(1);
  process.stdout.write(`\n${kind}: ${DOCS} documents × ${DIMS} dimensions — insert ${(DOCS / insertSeconds).toFixed(0)} docs/s (${insertSeconds.toFixed(1)} s, CPU ${insertCpuSeconds.toFixed(1)} s, file ${fileMb.toFixed(0)} MB); ${cpus().length} CPUs, load average ${load}\n`);
  process.stdout.write('| search (top 10) | wall p50 ms | wall p99 ms | CPU p50 ms | CPU p99 ms | recall@10 |\n|---|---|---|---|---|---|\n');
  const ms = (value: unknown) => (value as number).toFixed(1);
  for (const row of rows) {
    process.stdout.write(`| ${row.mode} | ${ms(row.p50)} | ${ms(row.p99)} | ${ms(row.cpuP50)} | ${ms(row.cpuP99)} | ${Number.isNaN(row.recall) ? '—' : (row.recall as number).toFixed(3)} |\n`);
  }
}

for (const kind of DATA === 'both' ? ['clustered', 'random'] as const : [DATA as 'clustered' | 'random']) await run(kind);
