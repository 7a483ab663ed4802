import type { FastifyError } from 'fastify';
import {
  GatewayError, InvalidRequestError, NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError, toGatewayError,
} from '../../errors/index.js';

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** `/messages/0/role` → `messages[0].role`. */
function paramFromPointer(pointer: string): string {
  return pointer.split('/').filter(Boolean).reduce((path, segment) => (
    /^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment
  ), '');
}

function describeValidation(errors: AjvError[]): InvalidRequestError {
  // anyOf/oneOf produce one error per branch; the most specific one is the deepest.
  const error = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0]!;
  const base = paramFromPointer(error.instancePath);
  const missing = error.params.missingProperty;
  if (error.keyword === 'required' && typeof missing === 'string') {
    const param = base ? `${base}.${missing}` : missing;
    return new InvalidRequestError(`Missing required parameter: '${param}'.`, { param });
  }
  const extra = error.params.additionalProperty;
  if (error.keyword === 'additionalProperties' && typeof extra === 'string') {
    const param = base ? `${base}.${extra}` : extra;
    return new InvalidRequestError(`Unknown parameter: '${param}'.`, { param });
  }
  const param = base || undefined;
  const allowed = Array.isArray(error.params.allowedValues) ? ` (one of: ${error.params.allowedValues.join(', ')})` : '';
  const constant = error.keyword === 'const' ? ` (${JSON.stringify(error.params.allowedValue)})` : '';
  const what = param ? `Invalid value for '${param}'` : 'Invalid request body';
  return new InvalidRequestError(`${what}: ${error.message ?? 'not valid'}${allowed}${constant}.`, { param });
}

/** Maps what Fastify throws (schema validation, body parsing, limits, unknown routes) to Qiao's errors. */
export function fromFastifyError(error: FastifyError | GatewayError | Error): GatewayError {
  if (error instanceof GatewayError) return error;
  const fastifyError = error as FastifyError & { validation?: AjvError[] };
  if (fastifyError.validation?.length) return describeValidation(fastifyError.validation);
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new PayloadTooLargeError('Request body is too large.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new InvalidRequestError('Request body is empty; expected a JSON object.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new UnsupportedMediaTypeError('Unsupported content type; send application/json.');
    case 'FST_ERR_NOT_FOUND':
      return new NotFoundError('Not found.');
  }
  if (fastifyError instanceof SyntaxError || fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return new InvalidRequestError(`Request body is not valid JSON: ${fastifyError.message}`);
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new InvalidRequestError(fastifyError.message);
  }
  return toGatewayError(error);
}
