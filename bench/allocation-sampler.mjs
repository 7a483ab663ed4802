// Preloaded into Qiao by `ALLOC=1 npm run bench:profile`: V8's sampling heap profiler, counting
// objects that were collected too (the short-lived garbage a request leaves behind). SIGUSR2 starts
// sampling after the warm-up; SIGTERM writes the profile to QIAO_ALLOCATION_PROFILE and exits.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const session = new Session();
session.connect();
const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));

process.on('SIGUSR2', () => {
  void post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
});
process.once('SIGTERM', async () => {
  const { profile } = await post('HeapProfiler.stopSampling');
  writeFileSync(process.env.QIAO_ALLOCATION_PROFILE, JSON.stringify(profile));
  process.exit(0);
});
