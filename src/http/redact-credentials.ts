/** Header names that carry credentials (authorization, x-api-key, api-key, x-goog-api-key, custom tokens). */
const credentialHeader = /authorization|key|token|secret|cookie|password/i;

/** Shorter values are not redacted: they would cut ordinary words out of messages. */
const minimumSecretLength = 8;

/** The secrets an upstream call sends: credential header values, and the token after an auth scheme. */
function credentialsOf(headers: Record<string, string>): string[] {
  const secrets: string[] = [];
  for (const name in headers) {
    if (!credentialHeader.test(name)) continue;
    const value = headers[name]!.trim();
    const space = value.indexOf(' ');
    if (space > 0) secrets.push(value.slice(space + 1).trim());
    secrets.push(value);
  }
  return secrets.filter((secret) => secret.length >= minimumSecretLength);
}

/**
 * Removes the call's own credentials from an upstream's error text: some upstreams echo the key they
 * rejected, and that text becomes an error message that reaches clients, logs and the usage log.
 */
export function redactCredentials(text: string, headers: Record<string, string>): string {
  let redacted = text;
  for (const secret of credentialsOf(headers)) {
    if (redacted.includes(secret)) redacted = redacted.replaceAll(secret, '[redacted]');
  }
  return redacted;
}
