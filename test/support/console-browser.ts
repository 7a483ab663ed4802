import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ensureConsoleBuilt } from '../../src/server/console-bundle.js';

/** Debian's Chromium (`apt-get install chromium`). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A headless Chromium with a fresh profile, removed on close. */
export interface ConsoleBrowser {
  context: BrowserContext;
  /** A new tab with the console's language and colour scheme. */
  page(options?: { locale?: string; colorScheme?: 'light' | 'dark' }): Promise<Page>;
  close(): Promise<void>;
}

/** Launches Chromium (and builds the console first when its sources are newer than the build). */
export async function launchConsoleBrowser(options: { locale?: string; colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number } } = {}): Promise<ConsoleBrowser> {
  await ensureConsoleBuilt();
  const profile = await mkdtemp(join(tmpdir(), 'qiao-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    locale: options.locale ?? 'en-US',
    colorScheme: options.colorScheme ?? 'light',
    viewport: options.viewport ?? { width: 1280, height: 860 },
  });
  context.setDefaultTimeout(15_000);
  return {
    context,
    async page(pageOptions = {}) {
      const page = context.pages()[0] && context.pages()[0]!.url() === 'about:blank' ? context.pages()[0]! : await context.newPage();
      if (pageOptions.colorScheme) await page.emulateMedia({ colorScheme: pageOptions.colorScheme });
      return page;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Opens the console and signs in with `key`; resolves once the navigation shows. */
export async function signIn(page: Page, baseUrl: string, key: string): Promise<void> {
  await page.goto(`${baseUrl}/console/`);
  await page.getByTestId('login-key').fill(key);
  await page.getByRole('button', { name: /sign in|登录/i }).click();
  await page.locator('nav a').first().waitFor();
}
