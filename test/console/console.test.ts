import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { launchConsoleBrowser, signIn, type ConsoleBrowser } from '../support/console-browser.js';
import { startCozeGateway } from '../support/coze-gateway.js';
import { cozeJoke, cozeWorkflows } from '../support/fake-coze.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

const adminKey = 'console-test-admin-key';
const words = (count: number) => Array.from({ length: count }, (_, index) => `word${index}`).join(' ');

/** Polls `check` until it returns a value or the deadline passes. */
async function eventually<T>(check: () => Promise<T | undefined>, what: string, deadlineMs = 10_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('console in Chromium: sign-in, playground, providers, workflows', { timeout: 60_000 }, () => {
  let qiao: RunningGateway;
  let browser: ConsoleBrowser;
  let page: Page;

  before(async () => {
    // The mock streams one word per 100 ms, so an answer is still running when Stop is clicked.
    qiao = await startGateway({ api: { auth_enabled: true, api_key: adminKey }, providers: { mock: { type: 'mock', paceMs: 100 } }, aliases: { fast: 'mock/mock-echo' } });
    browser = await launchConsoleBrowser();
    page = await browser.page();
  });
  after(async () => {
    await browser?.close();
    await qiao?.close();
  });

  test('/ links to the console, /console redirects to it, and the page is served without a key', async () => {
    const root = await fetch(`${qiao.url}/`, { headers: { authorization: `Bearer ${adminKey}` } });
    assert.equal(((await root.json()) as { links: Record<string, string> }).links.console, '/console/');
    const bare = await fetch(`${qiao.url}/console`, { redirect: 'manual' });
    assert.equal(bare.status, 301);
    assert.equal(bare.headers.get('location'), '/console/');
    const index = await fetch(`${qiao.url}/console/`);
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.match(await index.text(), /<qiao-app>/);
  });

  test('a wrong key is refused with the gateway\'s message; the admin key signs in', async () => {
    await page.goto(`${qiao.url}/console/`);
    await page.getByTestId('login-key').fill('not-the-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Invalid API key' }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('qiao.console.key')), null, 'a refused key is not kept');
    await signIn(page, qiao.url, adminKey);
    assert.deepEqual(await page.locator('nav a').allTextContents(), ['Playground', 'Providers & models', 'Keys', 'Usage']);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('qiao.console.key')), adminKey);
  });

  test('models are grouped by provider with capability badges', async () => {
    await page.locator('select[name=model] optgroup[label=mock]').waitFor({ state: 'attached' });
    await page.getByTestId('model').selectOption('mock/mock-think');
    assert.deepEqual(await page.getByTestId('model-badges').locator('.badge').allTextContents(), ['chat', 'reasoning', '32,768 tokens context']);
  });

  test('an answer streams token by token, reasoning apart, with time to first token and tokens/s', async () => {
    const sent = page.waitForRequest((request) => request.url().endsWith('/v1/chat/completions'));
    const prompt = 'hello brave new world, this answer streams word by word';
    await page.getByTestId('message').fill(prompt);
    await page.getByTestId('send').click();
    const body = JSON.parse((await sent).postData() ?? '{}') as Record<string, unknown>;
    assert.equal(body.model, 'mock/mock-think');
    assert.equal(body.stream, true);
    // Observed in one look at the page: part of the answer shown while the status still says streaming.
    await page.waitForFunction((full) => {
      const text = document.querySelector('[data-testid=answer-content]')?.textContent ?? '';
      const status = document.querySelector('[data-testid=answer-status]')?.textContent;
      return text.length > 0 && text.length < full.length && status === 'streaming…';
    }, prompt);
    await page.locator('[data-status=done]').waitFor();
    assert.equal(await page.getByTestId('answer-content').textContent(), prompt);
    assert.match(await page.getByTestId('reasoning').textContent() ?? '', /The user wrote 10 words/);
    assert.match(await page.getByTestId('ttft').textContent() ?? '', /^first token \d[\d,]* ms$/);
    assert.match(await page.getByTestId('tps').textContent() ?? '', /^\d[\d,.]* tokens\/s$/);
  });

  test('Stop aborts the running answer, and Qiao records the call as cancelled', async () => {
    await page.getByRole('button', { name: 'New conversation' }).click();
    await page.getByTestId('model').selectOption('mock/mock-echo');
    await page.getByTestId('message').fill(words(300));
    await page.getByTestId('send').click();
    await page.waitForFunction(() => (document.querySelector('[data-testid=answer-content]')?.textContent ?? '').startsWith('word0'));
    await page.getByTestId('stop').click();
    await page.locator('[data-status=stopped]').waitFor();
    assert.ok(((await page.getByTestId('answer-content').textContent()) ?? '').length < words(300).length, 'the answer was cut short');
    const cancelled = await eventually(async () => {
      await qiao.gateway.usage.flush();
      return (await qiao.gateway.storage.requestLog.recent(5)).find((entry) => entry.status === 'cancelled');
    }, 'a cancelled entry in the usage log');
    assert.equal(cancelled.requestedModel, 'mock/mock-echo');
    assert.equal(cancelled.stream, true);
  });

  test('tool calls are rendered with their arguments', async () => {
    await page.getByRole('button', { name: 'New conversation' }).click();
    await page.getByTestId('model').selectOption('mock/mock-tools');
    await page.getByText('Tools', { exact: true }).click();
    await page.locator('textarea[name=tools]').fill(JSON.stringify([{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }]));
    await page.getByTestId('message').fill('weather in Hangzhou');
    await page.getByTestId('send').click();
    await page.locator('[data-status=done]').waitFor();
    const call = page.getByTestId('tool-call');
    assert.match(await call.textContent() ?? '', /get_weather/);
    assert.match(await call.locator('pre').textContent() ?? '', /"input": "weather in Hangzhou"/);
    await page.locator('textarea[name=tools]').fill('');
  });

  test('continuing in a thread sends thread_id with the message', async () => {
    await page.getByRole('button', { name: 'New conversation' }).click();
    await page.getByTestId('model').selectOption('mock/mock-echo');
    await page.getByTestId('use-thread').check();
    const sent = page.waitForRequest((request) => request.url().endsWith('/v1/chat/completions'));
    await page.getByTestId('message').fill('first turn');
    await page.getByTestId('send').click();
    const body = JSON.parse((await sent).postData() ?? '{}') as { thread_id?: string; messages: unknown[] };
    assert.match(body.thread_id ?? '', /^console-[0-9a-f-]{36}$/);
    assert.deepEqual(body.messages, [{ role: 'user', content: 'first turn' }]);
    await page.locator('[data-status=done]').waitFor();
    assert.equal(await page.getByTestId('thread-id').inputValue(), body.thread_id, 'the thread id is shown for the next turn');
    await page.getByTestId('use-thread').uncheck();
  });

  test('Chinese and dark theme: switchable, remembered, and following the browser', async () => {
    await page.getByLabel('Language').selectOption('zh');
    await page.locator('nav a', { hasText: '试验场' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    await page.getByTestId('theme-toggle').click();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, 'rgb(18, 22, 28)');
    await page.getByTestId('theme-toggle').click();
    await page.getByLabel('语言').selectOption('en');
    await page.locator('nav a', { hasText: 'Playground' }).waitFor();

    const chinese = await browser.context.browser()?.newContext({ locale: 'zh-CN', colorScheme: 'dark' });
    const other = chinese ? await chinese.newPage() : await browser.context.newPage();
    await other.goto(`${qiao.url}/console/`);
    await other.getByRole('heading', { name: '登录' }).waitFor();
    if (chinese) {
      assert.equal(await other.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(18, 22, 28)', 'dark follows prefers-color-scheme');
      await chinese.close();
    }
  });
  test('providers and models: state from /health, models with badges, aliases with routes', async () => {
    await page.goto(`${qiao.url}/console/#/providers`);
    const row = page.locator('[data-testid=providers-table] tr[data-provider=mock]');
    await row.waitFor();
    assert.match(await row.textContent() ?? '', /mock.*config.*configured.*4/);
    assert.match(await page.locator('.model-group', { hasText: 'mock/mock-think' }).textContent() ?? '', /reasoning/);
    const alias = page.locator('section', { hasText: 'Aliases and routes' }).locator('tbody tr');
    assert.deepEqual(await alias.locator('td').allTextContents(), ['fast', 'mock/mock-echo']);
  });

  test('an admin adds a provider with POST /config; its key is write-only and never shown', async () => {
    const secret = 'sk-console-secret-0123456789';
    await page.getByTestId('provider-type').fill('deepseek');
    await page.getByTestId('provider-model').fill('deepseek-chat');
    await page.getByTestId('provider-key').fill(secret);
    await page.locator('input[name=base_url]').fill('http://127.0.0.1:9/v1');
    const sent = page.waitForRequest((request) => request.url().endsWith('/config'));
    await page.getByRole('button', { name: 'Save provider' }).click();
    assert.deepEqual(JSON.parse((await sent).postData() ?? '{}'), { provider_type: 'deepseek', model: 'deepseek-chat', api_key: secret, base_url: 'http://127.0.0.1:9/v1' });
    await page.locator('.notice', { hasText: 'Provider deepseek saved.' }).waitFor();
    const row = page.locator('[data-testid=providers-table] tr[data-provider=deepseek]');
    await row.waitFor();
    assert.match(await row.textContent() ?? '', /deepseek.*runtime/);
    assert.equal(await page.getByTestId('provider-key').inputValue(), '');
    assert.ok(!(await page.content()).includes(secret), 'the key is not in the page');
    await row.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Edit provider deepseek' }).waitFor();
    assert.equal(await page.getByTestId('provider-type').inputValue(), 'deepseek');
    assert.equal(await page.getByTestId('provider-key').inputValue(), '', 'editing never fills the key in');
  });

  test('a Coze workflow runs from the parameters form, streamed', async () => {
    const { coze, qiao: cozeQiao } = await startCozeGateway();
    const tab = await browser.context.newPage();
    try {
      await tab.goto(`${cozeQiao.url}/console/#/playground`);
      await tab.getByRole('button', { name: 'Sign in' }).click(); // authentication is off: no key needed
      await tab.getByTestId('mode-workflow').click();
      // Every workflow provider's default workflow is offered (from /ai/services).
      await tab.locator(`#qiao-workflows option[value="coze/${cozeWorkflows.joke}"]`).waitFor({ state: 'attached' });
      await tab.getByTestId('workflow-id').fill(`coze/${cozeWorkflows.joke}`);
      await tab.locator('input[name=parameter-name]').fill('topic');
      await tab.locator('input[name=parameter-value]').fill('电影');
      const sent = tab.waitForRequest((request) => request.url().includes('/v1/workflows/'));
      await tab.getByTestId('run-workflow').click();
      const request = await sent;
      assert.ok(request.url().endsWith(`/v1/workflows/coze/${cozeWorkflows.joke}/runs`));
      assert.deepEqual(JSON.parse(request.postData() ?? '{}'), { parameters: { topic: '电影' }, stream: true });
      await tab.getByTestId('workflow-output').locator('.status.done').waitFor();
      assert.equal(await tab.getByTestId('workflow-text').textContent(), cozeJoke);
    } finally {
      await tab.close();
      await cozeQiao.close();
      await coze.close();
    }
  });
});
