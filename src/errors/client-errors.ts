import { GatewayError } from './gateway-error.js';

/** The request is malformed: bad JSON, a missing or wrong-typed field, an impossible combination. */
export class InvalidRequestError extends GatewayError {
  readonly code: string = 'invalid_request';
  readonly status: number = 400;
}

/** A field or value the target provider cannot express. */
export class UnsupportedParameterError extends InvalidRequestError {
  override readonly code = 'unsupported_parameter';
}

/** The credentials are missing or wrong. */
export class AuthenticationError extends GatewayError {
  readonly code = 'invalid_api_key';
  readonly status = 401;
}

/** The credentials are valid but not allowed to do this. */
export class PermissionDeniedError extends GatewayError {
  readonly code = 'permission_denied';
  readonly status = 403;
}

/** The route or resource does not exist. */
export class NotFoundError extends GatewayError {
  readonly code: string = 'not_found';
  readonly status = 404;
}

/** No configured provider serves the requested model. */
export class ModelNotFoundError extends NotFoundError {
  override readonly code = 'model_not_found';
}

/** The request body exceeds the configured limit. */
export class PayloadTooLargeError extends GatewayError {
  readonly code = 'payload_too_large';
  readonly status = 413;
}

/** The request's content type is not one the endpoint reads. */
export class UnsupportedMediaTypeError extends GatewayError {
  readonly code = 'unsupported_media_type';
  readonly status = 415;
}

/** A rate limit or quota was hit; `retryAfterSeconds` says when to come back. */
export class RateLimitError extends GatewayError {
  readonly code: string = 'rate_limit_exceeded';
  readonly status = 429;
  override readonly retryable = true;
}
