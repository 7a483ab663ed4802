import type { FastifyInstance } from 'fastify';
import type { Gateway } from '../gateway/index.js';
import { qiaoVersion } from '../gateway/index.js';
import { describeRedis, describeStorage } from '../storage/index.js';

const loopback = new Set(['127.0.0.1', 'localhost', '::1']);

/** Starts listening and prints where, which models are served, and what to watch out for. */
export async function listen(app: FastifyInstance, gateway: Gateway, print: (line: string) => void = console.log): Promise<string> {
  const { host, port } = gateway.config.server;
  const address = await app.listen({ host, port });
  const lines: string[] = [];
  const line = (text: string) => lines.push(text);
  line(`Qiao ${qiaoVersion} listening on ${address}  (API: ${address}/v1, docs: ${address}/docs)`);
  if (gateway.config.configPath) line(`Config: ${gateway.config.configPath}`);
  line(`Storage: ${describeStorage(gateway.config.storage)}`);
  if (gateway.config.redis.url) line(`Redis: ${describeRedis(gateway.config.redis.url)}, keys prefixed "${gateway.config.redis.prefix ?? 'qiao:'}"`);
  for (const provider of gateway.registry.allProviders()) {
    const models = gateway.registry.modelsOf(provider).map((model) => model.id);
    const shown = models.length > 8 ? `${models.slice(0, 8).join(', ')} … (+${models.length - 8})` : models.join(', ');
    line(`  ${provider.name}${provider.configured ? '' : ' (not configured: missing API key)'}: ${shown || 'any model name, forwarded as given'}`);
  }
  const aliases = Object.entries(gateway.config.aliases);
  if (aliases.length) line(`  aliases: ${aliases.map(([alias, targets]) => `${alias} → ${targets.deployments.map((deployment) => deployment.target).join(' | ')}`).join(', ')}`);
  if (gateway.config.mockOnly) {
    line('No provider API key is configured: answering every model with the built-in mock provider (it echoes your message).');
    line('Set e.g. DASHSCOPE_API_KEY, DEEPSEEK_API_KEY or OPENAI_API_KEY (or write qiao.yaml) to reach real models.');
  }
  if (!loopback.has(host) && !gateway.guard.enabled) {
    line(`WARNING: listening on ${host} with no API key required — anyone who can reach this port can spend your provider credits. Set QIAO_ADMIN_KEY (and hand out virtual keys) or QIAO_API_KEY.`);
  }
  // One write, so the banner is never interleaved with log lines.
  print(lines.join('\n'));
  return address;
}
