import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const algorithm = 'aes-256-gcm';
const format = 'v1';

/** Where the 32-byte key comes from: a passphrase (QIAO_SECRET_KEY), else a key file created once. */
export interface SecretKeySource {
  /** Any string; hashed with SHA-256 to the 32-byte key. */
  passphrase?: string;
  /** The SQLite file the secrets are stored in; a generated key lives in `secret.key` beside it. Absent for a shared database, where the passphrase is required. */
  databasePath?: string;
}

/** The key file beside the database: created once with 32 random bytes, mode 0600. */
export function secretKeyFilePath(databasePath: string): string {
  return join(dirname(databasePath), 'secret.key');
}

async function readOrCreateKeyFile(path: string): Promise<Buffer> {
  try {
    await writeFile(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    await chmod(path, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = Buffer.from((await readFile(path, 'utf8')).trim(), 'base64');
  if (key.length !== 32) throw new Error(`${path} does not hold a 32-byte base64 key; remove it to generate a new one (stored provider keys are then lost).`);
  return key;
}

/**
 * Seals secrets (provider API keys) with AES-256-GCM before they are stored, and opens them again.
 * The key is resolved on first use, so no key file appears until a secret is stored or read.
 * `context` is bound to each sealed value (GCM additional data): a value copied to another row does not open.
 */
export class SecretBox {
  private key: Promise<Buffer> | undefined;

  constructor(private readonly source: SecretKeySource) {}

  /** `v1:<iv>:<tag>:<ciphertext>`, base64 parts. */
  async seal(plaintext: string, context: string): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv(algorithm, await this.resolveKey(), iv);
    cipher.setAAD(Buffer.from(context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [format, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
  }

  /** The plaintext; throws when the value was sealed under another key or altered. */
  async open(sealed: string, context: string): Promise<string> {
    const [version, iv, tag, ciphertext] = sealed.split(':');
    if (version !== format || !iv || !tag || ciphertext === undefined) throw new Error('unknown sealed-secret format');
    const decipher = createDecipheriv(algorithm, await this.resolveKey(), Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
  }

  private resolveKey(): Promise<Buffer> {
    this.key ??= this.loadKey().catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }

  private async loadKey(): Promise<Buffer> {
    const { passphrase, databasePath } = this.source;
    if (passphrase) return createHash('sha256').update(passphrase).digest();
    if (databasePath === undefined) throw new Error('No secret key: set QIAO_SECRET_KEY (the same on every instance sharing the database).');
    if (databasePath === ':memory:') return randomBytes(32);
    return readOrCreateKeyFile(secretKeyFilePath(databasePath));
  }
}
