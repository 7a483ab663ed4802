import { enginesHealth } from './engines-health.js';
import type { Gateway } from './gateway.js';
import { libraryVersions } from './library-versions.js';
import { qiaoVersion } from './qiao-version.js';
import { deploymentsReport } from './routing/index.js';

/** The health answer every seed's client reads: the fields of seeds 000, 002 and 003 merged. */
export function healthReport(gateway: Gateway): Record<string, unknown> {
  const providers: Record<string, unknown> = {};
  let modelsAvailable = 0;
  for (const provider of gateway.registry.allProviders()) {
    const count = gateway.registry.modelsOf(provider).length;
    modelsAvailable += count;
    const entry = gateway.config.providers.find((options) => options.name === provider.name);
    const discovery = gateway.registry.discoveryStatus(provider);
    providers[provider.name] = {
      type: entry?.type, source: entry?.source, configured: provider.configured, models: count,
      // Only for providers that list their models: whether the last listing reached the upstream.
      ...(discovery && {
        reachable: discovery.reachable,
        checked_at: discovery.checkedAt.toISOString(),
        ...(discovery.error !== undefined && { last_error: discovery.error }),
      }),
    };
  }
  return {
    success: true,
    status: 'ok',
    message: '服务正常运行',
    version: qiaoVersion,
    timestamp: new Date().toISOString(),
    uptime_seconds: Math.round((Date.now() - gateway.startedAt.getTime()) / 1000),
    models_available: modelsAvailable,
    versions: libraryVersions,
    providers,
    ...enginesHealth(gateway),
    deployments: deploymentsReport(gateway.router.snapshot()),
  };
}
