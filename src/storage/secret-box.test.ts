import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { SecretBox, secretKeyFilePath } from './secret-box.js';

const databasePath = () => join(mkdtempSync(join(tmpdir(), 'qiao-secret-')), 'qiao.db');

describe('SecretBox', () => {
  test('seals with a fresh IV each time and opens again; the plaintext is not in the sealed text', async () => {
    const box = new SecretBox({ passphrase: 'any string at all', databasePath: databasePath() });
    const first = await box.seal('sk-plain-secret', 'row:a');
    const second = await box.seal('sk-plain-secret', 'row:a');
    assert.notEqual(first, second);
    assert.ok(!first.includes('sk-plain-secret'));
    assert.match(first, /^v1:/);
    assert.equal(await box.open(first, 'row:a'), 'sk-plain-secret');
  });

  test('a value does not open under another context, another key, or once altered', async () => {
    const path = databasePath();
    const sealed = await new SecretBox({ passphrase: 'one', databasePath: path }).seal('sk-x', 'row:a');
    await assert.rejects(new SecretBox({ passphrase: 'one', databasePath: path }).open(sealed, 'row:b'));
    await assert.rejects(new SecretBox({ passphrase: 'two', databasePath: path }).open(sealed, 'row:a'));
    const [version, iv, tag, ciphertext] = sealed.split(':');
    const altered = [version, iv, tag, Buffer.from(Buffer.from(ciphertext!, 'base64').map((byte) => byte ^ 1)).toString('base64')].join(':');
    await assert.rejects(new SecretBox({ passphrase: 'one', databasePath: path }).open(altered, 'row:a'));
  });

  test('without a passphrase, a 32-byte key file (0600) is created beside the database on first use, and reused', async () => {
    const path = databasePath();
    const box = new SecretBox({ databasePath: path });
    assert.ok(!existsSync(secretKeyFilePath(path)), 'nothing written before first use');
    const sealed = await box.seal('sk-y', 'row:a');
    const keyFile = secretKeyFilePath(path);
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.equal(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64').length, 32);
    assert.equal(await new SecretBox({ databasePath: path }).open(sealed, 'row:a'), 'sk-y');
  });
});
