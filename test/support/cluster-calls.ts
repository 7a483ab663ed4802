import type { Cluster } from './start-cluster.js';
import { clusterModel } from './start-cluster.js';

/** What an instance answered. */
export interface InstanceAnswer {
  /** Which instance answered. */
  instance: number;
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when it is not JSON. */
  body: unknown;
}

/** Any HTTP call to one instance; `apiKey` goes in `Authorization: Bearer`. */
export async function requestThrough(cluster: Cluster, instance: number, method: string, path: string, options: { body?: unknown; apiKey?: string } = {}): Promise<InstanceAnswer> {
  const response = await fetch(`${cluster.url(instance)}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined && { 'content-type': 'application/json' }),
      ...(options.apiKey !== undefined && { authorization: `Bearer ${options.apiKey}` }),
    },
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { instance, status: response.status, headers: response.headers, body };
}

/** One OpenAI chat completion through one instance (to the fake upstream's model unless `model` says otherwise). */
export function chatThrough(cluster: Cluster, instance: number, content: string, options: { apiKey?: string; model?: string; maxTokens?: number; stream?: boolean } = {}): Promise<InstanceAnswer> {
  return requestThrough(cluster, instance, 'POST', '/v1/chat/completions', {
    ...(options.apiKey !== undefined && { apiKey: options.apiKey }),
    body: {
      model: options.model ?? clusterModel,
      messages: [{ role: 'user', content }],
      ...(options.maxTokens !== undefined && { max_tokens: options.maxTokens }),
      ...(options.stream && { stream: true }),
    },
  });
}

/**
 * Runs `count` calls at once, alternating between the instances (call i goes to instance i mod n):
 * the shape of the RPM-across-both and budget-across-both scenarios.
 */
export function callsSpreadAcrossInstances<T>(cluster: Cluster, count: number, call: (instance: number, index: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => call(index % cluster.instances.length, index)));
}

/** Every instance's answer to the same call (e.g. a revoked key, a thread read): one per instance, in order. */
export async function askEveryInstance<T>(cluster: Cluster, call: (instance: number) => Promise<T>): Promise<T[]> {
  const answers: T[] = [];
  for (let index = 0; index < cluster.instances.length; index += 1) answers.push(await call(index));
  return answers;
}

/** The usage log as stored in the shared schema (snake_case columns), oldest first. */
export function usageRows(cluster: Cluster): Promise<Record<string, unknown>[]> {
  return cluster.schema.query(`select * from "${cluster.schema.name}".request_log order by id`);
}
