import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { Document, isMap, parseDocument } from 'yaml';
import { loadConfig, type QiaoConfig } from '../config/index.js';

const defaultFiles = ['qiao.yaml', 'qiao.yml', 'qiao.json'];

/** Where ConfigManager reads from and saves to. */
export interface ConfigManagerOptions {
  /** The file; else QIAO_CONFIG, else qiao.yaml / qiao.yml / qiao.json in `cwd`, else a new qiao.yaml there. */
  path?: string;
  cwd?: string;
}

const isJson = (path: string) => extname(path).toLowerCase() === '.json';
const keysOf = (path: string) => path.split('.').filter(Boolean);

/**
 * Qiao's config file (YAML or JSON) with dotted access: `ConfigManager.loadConfig()`, then
 * `get('server.port', 8000)`, `set('providers.ollama.baseUrl', …)`, `save()`. YAML comments survive a save.
 * `toQiaoConfig()` validates it exactly as the server does at boot.
 */
export class ConfigManager {
  private constructor(readonly path: string, private readonly document: Document) {}

  /** Reads the file (an empty configuration when it does not exist yet). */
  static loadConfig(options: ConfigManagerOptions | string = {}): ConfigManager {
    const { path, cwd = process.cwd() } = typeof options === 'string' ? { path: options } : options;
    const chosen = path ?? process.env.QIAO_CONFIG;
    const file = chosen ? resolve(cwd, chosen) : defaultFiles.map((name) => resolve(cwd, name)).find((candidate) => existsSync(candidate)) ?? resolve(cwd, 'qiao.yaml');
    const parsed = existsSync(file) ? parseDocument(readFileSync(file, 'utf8')) : undefined;
    if (parsed?.errors.length) throw new SyntaxError(`${file} is not valid ${isJson(file) ? 'JSON' : 'YAML'}: ${parsed.errors[0]!.message}`);
    const document: Document = parsed?.contents ? parsed : new Document({});
    if (!isMap(document.contents)) throw new TypeError(`${file} must hold an object at the top level.`);
    return new ConfigManager(file, document);
  }

  /** The value at a dotted path, or `fallback` when absent. */
  get<T = unknown>(path: string, fallback?: T): T | undefined {
    const value = this.document.getIn(keysOf(path)) as unknown;
    if (value === undefined) return fallback;
    return (value !== null && typeof value === 'object' && 'toJSON' in value ? (value as { toJSON(): unknown }).toJSON() : value) as T;
  }

  /** Sets the value at a dotted path, creating the objects on the way. */
  set(path: string, value: unknown): this {
    const keys = keysOf(path);
    if (keys.length === 0) throw new TypeError('ConfigManager.set needs a non-empty path.');
    this.document.setIn(keys, value);
    return this;
  }

  /** Whether a dotted path has a value. */
  has(path: string): boolean {
    return this.document.hasIn(keysOf(path));
  }

  /** The whole configuration as plain data. */
  toObject(): Record<string, unknown> {
    return (this.document.toJSON() ?? {}) as Record<string, unknown>;
  }

  /** Writes the file back (JSON when it ends in .json, else YAML); `path` saves elsewhere. */
  save(path: string = this.path): void {
    writeFileSync(path, isJson(path) ? `${JSON.stringify(this.toObject(), null, 2)}\n` : String(this.document));
  }

  /** Validates and resolves the configuration as `qiao serve` would (environment included); throws ConfigError naming the field. */
  toQiaoConfig(env: Record<string, string | undefined> = process.env): QiaoConfig {
    return loadConfig({ file: this.toObject(), env, cwd: resolve(this.path, '..') });
  }
}
