import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
const start = (f: string, args: string[]) => new Promise<{ port: number; pid: number; kill: () => void }>((res) => {
  const p = spawn(process.execPath, ['--import', 'tsx', f, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  p.stdout!.on('data', (d: Buffer) => { const m = /READY (\d+)/.exec(d.toString()); if (m) res({ port: +m[1]!, pid: p.pid!, kill: () => p.kill() }); });
});
const cpu = (pid: number) => { const s = readFileSync(`/proc/${pid}/stat`, 'utf8'); const f = s.slice(s.lastIndexOf(')') + 2).split(' '); return (+f[11]! + +f[12]!) * 10; };
const up = await start('bench/mock-upstream.ts', ['0']);
const a = await start('bench/bare-proxy.ts', [`http://127.0.0.1:${up.port}`, '0']);
const c = await start('bench/_exp-proxy-c.ts', [`http://127.0.0.1:${up.port}`, '0']);
const d = await start('bench/_exp-proxy-d.ts', [`http://127.0.0.1:${up.port}`, '0']);
const b = await start('bench/_exp-proxy-b.ts', [`http://127.0.0.1:${up.port}`, '0']);
for (let round = 0; round < 2; round++) for (const stream of [false, true]) for (const [n, t] of [['A-pipe', a], ['B-buffer', b], ['C-streamreq-manualres', c], ['D-bufreq-pipeline', d]] as const) {
  const c0 = cpu(t.pid);
  const r = await autocannon({ url: `http://127.0.0.1:${t.port}/v1/chat/completions`, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', messages: [], stream }), connections: 50, duration: round === 0 ? 2 : 4 });
  const c1 = cpu(t.pid);
  console.log(round, stream ? 'sse ' : 'json', n, Math.round(r.requests.total / r.duration), 'rps', Math.round((c1 - c0) * 1000 / r.requests.total), 'us/req', r.non2xx, r.errors);
}
up.kill(); a.kill(); b.kill(); c.kill(); d.kill();
