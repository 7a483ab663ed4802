/** Who is signed in, as `GET /v1/me` describes the key. */
export interface Me {
  kind: 'admin' | 'virtual' | 'anonymous';
  id?: string;
  name?: string;
  models?: string[];
  rpm?: number | null;
  tpm?: number | null;
  budget?: { tokens?: number | null; usd?: number | null; period?: string } | null;
  spend?: { tokens?: number; usd?: number; period_start?: string } | null;
}

const keyItem = 'qiao.console.key';

/** The key is kept for the browser tab only (sessionStorage), never in localStorage or a cookie. */
export const session = {
  key(): string | undefined {
    return sessionStorage.getItem(keyItem) ?? undefined;
  },
  save(key: string): void {
    sessionStorage.setItem(keyItem, key);
  },
  forget(): void {
    sessionStorage.removeItem(keyItem);
  },
};

/** Whether the caller may use admin pages (keys, providers' editing, every key's usage). */
export const isAdmin = (me: Me) => me.kind !== 'virtual';
