import type { Redis } from 'ioredis';
import { ThreadBusyError } from '../../errors/index.js';
import type { Logger } from '../logger.js';
import { RedisTurnLock } from './redis-turn-lock.js';
import { once, TurnQueue, type Release } from './turn-queue.js';

/**
 * One turn at a time per thread: in this process by a queue (turns run in arrival order), and
 * across instances by a Redis lock when the gateway has Redis. The Redis lock is taken after the
 * queue, so an instance holds at most one Redis lock per thread.
 */
export class ThreadLocks {
  private readonly queue = new TurnQueue();
  private readonly redisLock: RedisTurnLock | undefined;

  constructor(private readonly waitMs: number, logger: Logger, redis?: Redis) {
    this.redisLock = redis && new RedisTurnLock(redis, logger);
  }

  /** Waits for the thread's previous turn; the returned function lets the next one go. */
  async acquire(threadKey: string, threadId: string, signal?: AbortSignal): Promise<Release> {
    const started = Date.now();
    const busy = () => new ThreadBusyError(`Another turn on thread "${threadId}" is still running; try again when it has finished.`);
    const releaseQueue = await this.queue.acquire(threadKey, this.waitMs, signal, busy);
    if (!this.redisLock) return releaseQueue;
    try {
      const releaseRedis = await this.redisLock.acquire(threadKey, Math.max(0, this.waitMs - (Date.now() - started)), signal, busy);
      return once(() => void releaseRedis().finally(releaseQueue));
    } catch (error) {
      releaseQueue();
      throw error;
    }
  }
}
