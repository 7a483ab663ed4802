import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { startFakeOpenAIChat } from './openai-chat-fake.js';
import type { FakeUpstream } from './fake-upstream.js';
import { createTestSchema, testDatabaseUrl, type TestSchema } from './postgres-schema.js';
import { createTestRedisPrefix, testRedisUrl, type TestRedisPrefix } from './redis-prefix.js';
import { startQiaoProcess, type QiaoProcess } from './start-qiao-process.js';

/** The model every instance serves from the fake upstream (`upstream/gpt-4o-mini`). */
export const clusterModel = 'upstream/gpt-4o-mini';

/** How to start a cluster. */
export interface ClusterOptions {
  /** How many instances (default 2). */
  instances?: number;
  /** Extra qiao.yaml settings (as an object), merged over the default: the fake upstream as provider `upstream`, discovery off. */
  config?: Record<string, unknown>;
  /** Extra environment for every instance (e.g. QIAO_ADMIN_KEY, QIAO_API_KEY). */
  env?: Record<string, string>;
}

/** Several real `qiao serve` processes on one PostgreSQL schema and one Redis prefix, in front of one fake upstream. */
export interface Cluster {
  /** The running processes, by index; `restart` replaces an entry. */
  instances: QiaoProcess[];
  /** The fake OpenAI-compatible upstream every instance calls; it records every request. */
  upstream: FakeUpstream;
  /** The shared schema: read any table with `schema.query(\`select … from "${schema.name}".table\`)`. */
  schema: TestSchema;
  /** The shared Redis prefix: `redis.keys()` lists what the instances wrote. */
  redis: TestRedisPrefix;
  /** The environment every instance gets (DATABASE_URL, QIAO_DB_SCHEMA, QIAO_SECRET_KEY, REDIS_URL, QIAO_REDIS_PREFIX, …). */
  env: Record<string, string>;
  /** Base URL of one instance. */
  url(index: number): string;
  /** SIGTERM and wait: the instance finishes in-flight calls and flushes its usage log before it exits. */
  stop(index: number): Promise<void>;
  /** Stops the instance and starts a new process in its place on the same database and Redis. */
  restart(index: number): Promise<void>;
  /** Stops every instance; afterwards the database holds everything they recorded. */
  stopAll(): Promise<void>;
  /** Stops everything, drops the schema, deletes the Redis keys, removes the working directories. */
  close(): Promise<void>;
}

async function stopProcess(instance: QiaoProcess): Promise<void> {
  if (instance.child.exitCode !== null || instance.child.signalCode !== null) return;
  const exited = once(instance.child, 'exit');
  instance.child.kill('SIGTERM');
  await exited;
}

/**
 * Starts `instances` real Qiao processes (the CLI, through start-qiao-process) that share a fresh
 * PostgreSQL schema, a fresh Redis prefix and one QIAO_SECRET_KEY. Fails — never skips — when
 * PostgreSQL or Redis does not answer.
 */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const [schema, redis, upstream] = await Promise.all([createTestSchema(), createTestRedisPrefix(), startFakeOpenAIChat()]);
  const env = {
    DATABASE_URL: testDatabaseUrl, QIAO_DB_SCHEMA: schema.name, QIAO_SECRET_KEY: `cluster-secret-${schema.name}`,
    REDIS_URL: testRedisUrl, QIAO_REDIS_PREFIX: redis.prefix, ...options.env,
  };
  const file = JSON.stringify({
    models: { discoveryIntervalSeconds: 0 },
    providers: { upstream: { type: 'openai-compatible', baseUrl: `${upstream.baseUrl}/v1`, apiKey: 'sk-fake-upstream', models: ['gpt-4o-mini'] } },
    ...options.config,
  });
  const start = () => startQiaoProcess(['serve', '--port', '0'], { 'qiao.json': file }, env);
  const instances: QiaoProcess[] = [];
  const cleanUp = async () => {
    await Promise.allSettled(instances.map(stopProcess));
    for (const instance of instances) rmSync(instance.cwd, { recursive: true, force: true });
    await Promise.allSettled([upstream.close(), schema.drop(), redis.clear()]);
  };
  try {
    // All at once, as replicas are deployed: they race to create the schema and migrate it.
    const started = await Promise.allSettled(Array.from({ length: options.instances ?? 2 }, start));
    for (const result of started) if (result.status === 'fulfilled') instances.push(result.value);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (error) {
    await cleanUp();
    throw error;
  }
  const instance = (index: number) => {
    const found = instances[index];
    if (!found) throw new Error(`the cluster has no instance ${index}`);
    return found;
  };
  return {
    instances, upstream, schema, redis, env,
    url: (index) => instance(index).url,
    stop: (index) => stopProcess(instance(index)),
    async restart(index) {
      await stopProcess(instance(index));
      rmSync(instance(index).cwd, { recursive: true, force: true });
      instances[index] = await start();
    },
    async stopAll() {
      await Promise.all(instances.map(stopProcess));
    },
    close: cleanUp,
  };
}

/** Resolves once the instance has printed something matching `pattern` (e.g. a notice printed after the banner); rejects if it exits first. */
export function outputMatching(instance: QiaoProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(instance.output());
      if (!match) return;
      instance.child.stdout.off('data', onData);
      resolve(match[0]);
    };
    const onData = () => setImmediate(check);
    instance.child.stdout.on('data', onData);
    void instance.exited.then(() => reject(new Error(`the instance exited without printing ${pattern}:\n${instance.output()}`)));
    check();
  });
}
