/**
 * Each public endpoint's own error shape, by path prefix (src/dialects/*\/…-error.ts), so the fuzz
 * test can tell "a 4xx in this endpoint's shape" from "some other body".
 */

type Check = (body: unknown) => string | undefined;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const nonEmpty = (value: unknown) => typeof value === 'string' && value.length > 0;
const stringOrNull = (value: unknown) => value === null || typeof value === 'string';

/** OpenAI: `{error:{message,type,param,code}}` (/v1/*, /v1/workflows, and the default for new routes). */
const openAI: Check = (body) => {
  if (!isObject(body) || !isObject(body.error)) return 'no error object';
  const { message, type, param, code } = body.error;
  if (!nonEmpty(message) || !nonEmpty(type) || !('param' in body.error) || !stringOrNull(param) || !('code' in body.error) || !stringOrNull(code)) {
    return 'error lacks message/type/param/code';
  }
  return undefined;
};

/** Anthropic: `{type:"error",error:{type,message}}`. */
const anthropic: Check = (body) => (isObject(body) && body.type === 'error' && isObject(body.error) && nonEmpty(body.error.type) && nonEmpty(body.error.message)
  ? undefined : 'not {type:"error",error:{type,message}}');

/** AIgo (seed 002) and the LLM stream API (seed 003): `{error:{message,code}}`. */
const messageAndCode: Check = (body) => (isObject(body) && isObject(body.error) && nonEmpty(body.error.message) && nonEmpty(body.error.code)
  ? undefined : 'not {error:{message,code}}');

/** The AI platform (seed 001): `{success:false,detail,error:{message,code,param}}`. */
const aiPlatform: Check = (body) => (isObject(body) && body.success === false && nonEmpty(body.detail) && isObject(body.error)
  && nonEmpty(body.error.message) && nonEmpty(body.error.code) && stringOrNull(body.error.param) ? undefined : 'not {success:false,detail,error:{message,code,param}}');

/** ai_core (seed 000): `{success:false,message}`. */
const aiCore: Check = (body) => (isObject(body) && body.success === false && nonEmpty(body.message) ? undefined : 'not {success:false,message}');

/** Shared root routes: ai_core's fields and OpenAI's error object together. */
const service: Check = (body) => aiCore(body) ?? openAI(body);

const byPrefix: [string, string, Check][] = [
  ['/v1/messages', 'anthropic', anthropic],
  ['/v1', 'openai', openAI],
  ['/api/v1', 'aigo', messageAndCode],
  ['/api', 'llm-stream', messageAndCode],
  ['/ai', 'ai-platform', aiPlatform],
];
const aiCorePaths = new Set(['/chat', '/chat/stream', '/config', '/heartbeat']);
const servicePaths = new Set(['/', '/health', '/openapi.json']);

/** The error shape a path answers in: its dialect's name and a check returning what is wrong (undefined when right). */
export function errorShapeFor(path: string): { dialect: string; check: Check } {
  const pathname = path.split('?')[0]!;
  for (const [prefix, dialect, check] of byPrefix) {
    if (pathname === prefix || pathname.startsWith(`${prefix}/`)) return { dialect, check };
  }
  if (aiCorePaths.has(pathname)) return { dialect: 'ai-core', check: aiCore };
  if (servicePaths.has(pathname) || pathname === '/docs' || pathname.startsWith('/docs/')) return { dialect: 'service', check: service };
  // Unknown root paths get the service routes' 404; routes added later (e.g. /admin) answer in OpenAI's shape.
  return { dialect: 'openai (default)', check: openAI };
}
