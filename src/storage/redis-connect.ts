import type { Redis } from 'ioredis';

/** What `connectRedis` needs beyond the URL. */
export interface RedisConnectOptions {
  /** Key prefix (QIAO_REDIS_PREFIX); default `qiao:`. */
  prefix?: string;
  /** Longest wait for the first answer at start (default 10 s). */
  timeoutMs?: number;
  /** Told once each time the connection is lost (ioredis reconnects by itself). */
  onLost?: (error: Error) => void;
  /** Told when the connection is back after a loss. */
  onRestored?: () => void;
}

/** `host:port`, never the password. */
export function describeRedis(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname || 'localhost'}:${parsed.port || '6379'}`;
}

/**
 * Opens the shared Redis connection and waits until it answers a PING, so a wrong REDIS_URL or a
 * stopped Redis stops the start instead of letting limits silently fall apart later. Afterwards a
 * lost connection is reported once (not on every reconnect attempt) and ioredis keeps reconnecting.
 */
export async function connectRedis(url: string, options: RedisConnectOptions = {}): Promise<Redis> {
  // ioredis is loaded only when Redis is configured.
  const { openRedis } = await import('./redis-client.js');
  const redis = openRedis(url, options.prefix === undefined ? {} : { prefix: options.prefix });
  let lastError: Error | undefined;
  let started = false;
  let lost = false;
  redis.on('error', (error: Error) => {
    lastError = error;
    if (!started || lost) return;
    lost = true;
    options.onLost?.(error);
  });
  redis.on('ready', () => {
    if (lost) options.onRestored?.();
    lost = false;
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${options.timeoutMs ?? 10_000} ms`)), options.timeoutMs ?? 10_000);
  });
  try {
    await Promise.race([redis.ping(), deadline]);
    started = true;
    return redis;
  } catch (error) {
    redis.disconnect();
    const reason = lastError?.message ?? (error instanceof Error ? error.message : String(error));
    throw new Error(`Redis at ${describeRedis(url)} does not answer: ${reason}`);
  } finally {
    clearTimeout(timer);
  }
}
