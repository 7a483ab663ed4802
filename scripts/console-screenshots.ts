// `npm run console:screenshots`: starts Qiao with the mock provider, drives the console in Debian's
// Chromium and saves a picture of each page into docs/images/ (light and dark; the playground also
// in Chinese). Where the gateway has no /admin API the pages are fed sample data in its shape.
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { launchConsoleBrowser, signIn } from '../test/support/console-browser.js';
import { startGateway } from '../test/support/start-gateway.js';
import { fulfilSample } from './console-sample-data.js';

const adminKey = 'screenshot-admin-key';
const output = new URL('../docs/images/', import.meta.url).pathname;

const qiao = await startGateway({
  api: { auth_enabled: true, api_key: adminKey },
  providers: { mock: { type: 'mock', paceMs: 15 } },
  aliases: { fast: 'mock/mock-echo', smart: ['mock/mock-think', 'mock/mock-echo'] },
});
const browser = await launchConsoleBrowser({ viewport: { width: 1280, height: 900 } });
try {
  await mkdir(output, { recursive: true });
  const probe = await fetch(`${qiao.url}/admin/keys`, { headers: { authorization: `Bearer ${adminKey}` } });
  const page = await browser.page();
  if (probe.status === 404) {
    console.log('No /admin API on this gateway: keys, usage and deployments show sample data.');
    await page.route('**/admin/**', fulfilSample);
  }
  await signIn(page, qiao.url, adminKey);
  for (const language of ['en', 'zh'] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      await show(page, language, scheme);
      await playgroundAnswer(page, language === 'zh' ? '你好，桥！请把这句话原样流式返回。' : 'Hello Qiao! Stream this sentence back, word by word.');
      await save(page, `console-playground-${language}-${scheme}`);
      if (language === 'zh') continue;
      for (const route of ['providers', 'keys', 'usage'] as const) {
        await page.goto(`${qiao.url}/console/#/${route}`);
        await page.locator(route === 'usage' ? '[data-testid=logs-table], [data-testid=usage-logs] .hint' : 'main section.card').first().waitFor();
        await page.locator('main .empty', { hasText: /Loading|加载中/ }).waitFor({ state: 'detached' });
        await save(page, `console-${route}-${scheme}`);
      }
    }
  }
} finally {
  await browser.close();
  await qiao.close();
}

async function show(page: Page, language: 'en' | 'zh', scheme: 'light' | 'dark'): Promise<void> {
  await page.evaluate(([lang, theme]) => {
    localStorage.setItem('qiao.console.language', lang);
    localStorage.setItem('qiao.console.theme', theme);
  }, [language, scheme]);
  await page.goto(`${qiao.url}/console/#/playground`);
  await page.reload();
}

async function playgroundAnswer(page: Page, prompt: string): Promise<void> {
  await page.locator('select[name=model] option[value="mock/mock-think"]').waitFor({ state: 'attached' });
  await page.getByTestId('model').selectOption('mock/mock-think');
  await page.locator('textarea[name=system]').fill('You are a concise assistant.');
  await page.getByTestId('message').fill(prompt);
  await page.getByTestId('send').click();
  await page.locator('[data-status=done]').last().waitFor();
}

async function save(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${output}${name}.png`, fullPage: true });
  console.log(`docs/images/${name}.png`);
}
