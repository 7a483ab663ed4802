/**
 * createLogger (seed 002, "日志工具"): a named pino logger with structured extras; credentials are
 * redacted. Run: npx tsx examples/logger.ts
 */
import { createLogger } from 'qiao';

const logger = createLogger('my_module', { logLevel: 'INFO' });
logger.info('an information message');
logger.warn('a warning');
logger.error('something went wrong: %s', 'connection failed');
logger.info({ userId: 123, action: 'login', status: 'success' }, 'user action');
logger.info({ apiKey: 'sk-secret-never-printed' }, 'credentials are redacted');
logger.debug('not printed at INFO');
