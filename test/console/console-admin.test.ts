import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { launchConsoleBrowser, signIn, type ConsoleBrowser } from '../support/console-browser.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

// Keys and usage pages against the admin API of the brief's contract (/admin/keys, /admin/usage,
// /admin/logs, /v1/me*). On a gateway without that API every test here fails at once, saying so.
const adminKey = 'console-admin-test-key';

describe('console in Chromium: keys and usage (admin API)', { timeout: 60_000 }, () => {
  let qiao: RunningGateway;
  let browser: ConsoleBrowser;
  let admin: Page;
  let adminApiStatus = 0;
  let secret = '';

  const requireAdminApi = () => assert.notEqual(adminApiStatus, 404, 'this gateway has no /admin/keys route: these tests need the admin API (keys and usage)');
  const adminGet = async <T>(path: string) => (await (await fetch(`${qiao.url}${path}`, { headers: { authorization: `Bearer ${adminKey}` } })).json()) as T;
  const keyRow = (page: Page) => page.locator('[data-testid=keys-table] tr[data-key-name=console-e2e]');

  before(async () => {
    qiao = await startGateway({ api: { auth_enabled: true, api_key: adminKey }, providers: { mock: { type: 'mock', paceMs: 50 } } });
    adminApiStatus = (await fetch(`${qiao.url}/admin/keys`, { headers: { authorization: `Bearer ${adminKey}` } })).status;
    browser = await launchConsoleBrowser();
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: qiao.url });
    admin = await browser.page();
    await signIn(admin, qiao.url, adminKey);
  });
  after(async () => {
    await browser?.close();
    await qiao?.close();
  });

  test('create a key: the secret is shown once with a copy button, and listed without it', async () => {
    requireAdminApi();
    await admin.goto(`${qiao.url}/console/#/keys`);
    await admin.getByTestId('key-name').fill('console-e2e');
    await admin.locator('input[name=rpm]').fill('60');
    await admin.locator('input[name=budget_usd]').fill('5');
    await admin.getByTestId('key-create').click();
    const shown = admin.getByTestId('new-key');
    await shown.waitFor();
    secret = await shown.inputValue();
    assert.ok(secret.length >= 20, 'a secret is shown');
    await admin.getByTestId('copy').click();
    await admin.getByTestId('copy').filter({ hasText: 'Copied' }).waitFor();
    assert.equal(await admin.evaluate(() => navigator.clipboard.readText()), secret);
    await admin.getByTestId('close-dialog').click();
    await keyRow(admin).waitFor();
    assert.match(await keyRow(admin).textContent() ?? '', /60 rpm.*\$0(\.00)? \/ \$5\.00.*active/);
    assert.ok(!(await admin.content()).includes(secret), 'the secret is gone from the page once the dialog is closed');
    const listed = await adminGet<{ data: { name: string; rpm: number; budget: { usd: number; period: string } }[] }>('/admin/keys');
    const created = listed.data.find((key) => key.name === 'console-e2e');
    assert.equal(created?.rpm, 60);
    assert.deepEqual({ usd: created?.budget.usd, period: created?.budget.period }, { usd: 5, period: 'month' });
  });

  test('edit a key\'s limits', async () => {
    requireAdminApi();
    await keyRow(admin).getByTestId('edit-key').click();
    const form = admin.getByTestId('key-edit-form');
    await form.locator('input[name=rpm]').fill('120');
    const sent = admin.waitForRequest((request) => request.method() === 'PATCH');
    await form.getByTestId('key-save').click();
    assert.deepEqual(JSON.parse((await sent).postData() ?? '{}'), { rpm: 120 });
    await keyRow(admin).filter({ hasText: '120 rpm' }).waitFor();
  });

  test('a virtual key sees the playground and its own usage only', async () => {
    requireAdminApi();
    const tab = await browser.context.newPage();
    try {
      await signIn(tab, qiao.url, secret);
      assert.deepEqual(await tab.locator('nav a').allTextContents(), ['Playground', 'Usage']);
      assert.equal(await tab.getByTestId('who').textContent(), 'Key: console-e2e');
      await tab.locator('select[name=model] option[value="mock/mock-echo"]').waitFor({ state: 'attached' });
      await tab.getByTestId('model').selectOption('mock/mock-echo');
      await tab.getByTestId('message').fill('hello from a virtual key');
      await tab.getByTestId('send').click();
      await tab.locator('[data-status=done]').waitFor();
      await qiao.gateway.usage.flush();
      const logs = tab.waitForRequest((request) => request.url().includes('/v1/me/logs'));
      await tab.goto(`${qiao.url}/console/#/usage`);
      await logs;
      await tab.getByRole('heading', { name: 'My usage' }).waitFor();
      await tab.locator('[data-testid=logs-table] tr[data-model="mock/mock-echo"]').first().waitFor();
      assert.equal(await tab.getByTestId('filter-key').count(), 0, 'no key filter for a virtual key');
    } finally {
      await tab.close();
    }
  });

  test('the admin sees calls in usage: charts, the log with filters, and a detail view', async () => {
    requireAdminApi();
    // One more call, stopped while streaming, to filter on.
    await admin.goto(`${qiao.url}/console/#/playground`);
    await admin.locator('select[name=model] option[value="mock/mock-echo"]').waitFor({ state: 'attached' });
    await admin.getByTestId('model').selectOption('mock/mock-echo');
    await admin.getByTestId('message').fill(Array.from({ length: 200 }, (_, index) => `w${index}`).join(' '));
    await admin.getByTestId('send').click();
    await admin.waitForFunction(() => (document.querySelector('[data-testid=answer-content]')?.textContent ?? '').startsWith('w0'));
    await admin.getByTestId('stop').click();
    await admin.locator('[data-status=stopped]').waitFor();
    // The gateway notices the closed connection and records the call.
    const deadline = Date.now() + 10_000;
    while (!(await qiao.gateway.storage.requestLog.recent(10)).some((entry) => entry.status === 'cancelled')) {
      assert.ok(Date.now() < deadline, 'the stopped call is recorded');
      await qiao.gateway.usage.flush();
      await new Promise((resolve) => setImmediate(resolve));
    }

    await admin.goto(`${qiao.url}/console/#/usage`);
    const virtualCall = admin.locator('[data-testid=logs-table] tbody tr', { hasText: 'console-e2e' });
    await virtualCall.first().waitFor();
    assert.match(await admin.getByTestId('chart-model').locator('svg').getAttribute('aria-label') ?? '', /mock\/mock-echo [1-9]/);
    assert.match(await admin.getByTestId('chart-key').locator('svg').getAttribute('aria-label') ?? '', /console-e2e [1-9]/);
    assert.match(await admin.getByTestId('usage-totals').textContent() ?? '', /Requests[1-9]/);

    await virtualCall.first().getByTestId('log-details').click();
    const detail = admin.getByTestId('log-detail');
    await detail.waitFor();
    assert.match(await detail.textContent() ?? '', /mock\/mock-echo/);
    assert.match(await detail.textContent() ?? '', /Attempts/);
    await admin.getByRole('button', { name: 'Close' }).click();

    await admin.locator('select[name=status]').selectOption('cancelled');
    await admin.locator('[data-testid=logs-table] tbody tr').first().waitFor();
    await admin.waitForFunction(() => [...document.querySelectorAll('[data-testid=logs-table] tbody tr')].every((row) => row.getAttribute('data-status') === 'cancelled'));
  });

  test('revoke a key: it is marked revoked and stops working', async () => {
    requireAdminApi();
    await admin.goto(`${qiao.url}/console/#/keys`);
    const revoke = keyRow(admin).getByTestId('revoke');
    await revoke.click();
    await revoke.filter({ hasText: 'Really revoke console-e2e?' }).click();
    await keyRow(admin).filter({ hasText: 'revoked' }).waitFor();
    const refused = await fetch(`${qiao.url}/v1/models`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(refused.status, 401);
  });
});
