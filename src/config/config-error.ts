/** A configuration problem found at boot; the message names the file path or variable at fault. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
