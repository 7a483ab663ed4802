import { readFileSync } from 'node:fs';

/** Qiao's version, from package.json (same relative path from src/ and dist/). */
export const qiaoVersion: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
