import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidRequestError, PayloadTooLargeError } from '../../errors/index.js';
import { fromFastifyError } from './fastify-error.js';

const validation = (errors: object[]) => Object.assign(new Error('validation'), { validation: errors, statusCode: 400 });

test('schema errors name the field: missing, wrong type, unknown property, deepest branch of a union', () => {
  const missing = fromFastifyError(validation([{ instancePath: '', keyword: 'required', params: { missingProperty: 'model' }, message: "must have required property 'model'" }]));
  assert.ok(missing instanceof InvalidRequestError);
  assert.equal(missing.param, 'model');

  const wrongType = fromFastifyError(validation([{ instancePath: '/messages/0/content', keyword: 'type', params: {}, message: 'must be string' }]));
  assert.equal(wrongType.param, 'messages[0].content');
  assert.match(wrongType.message, /must be string/);

  const unknown = fromFastifyError(validation([{ instancePath: '/generation_config', keyword: 'additionalProperties', params: { additionalProperty: 'temprature' }, message: 'must NOT have additional properties' }]));
  assert.equal(unknown.param, 'generation_config.temprature');
  assert.match(unknown.message, /Unknown parameter: 'generation_config\.temprature'/);

  const union = fromFastifyError(validation([
    { instancePath: '/stop', keyword: 'type', params: {}, message: 'must be string' },
    { instancePath: '/stop/1', keyword: 'type', params: {}, message: 'must be string' },
  ]));
  assert.equal(union.param, 'stop[1]');
});

test('Fastify body errors map to the right GatewayError', () => {
  assert.ok(fromFastifyError(Object.assign(new Error('too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 })) instanceof PayloadTooLargeError);
  assert.match(fromFastifyError(Object.assign(new Error('empty'), { code: 'FST_ERR_CTP_EMPTY_JSON_BODY', statusCode: 400 })).message, /empty/);
  assert.match(fromFastifyError(new SyntaxError('Unexpected token }')).message, /not valid JSON/);
  assert.equal(fromFastifyError(new Error('boom')).status, 500);
  assert.doesNotMatch(fromFastifyError(new Error('secret internals')).message, /secret internals/);
});
