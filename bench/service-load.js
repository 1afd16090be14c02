// The load generator of bench/service.bench.js, in its own process: autocannon POSTs new settlements,
// round robin over the members, each with its own Idempotency-Key; sends the result back and exits.
import autocannon from 'autocannon';

process.once('message', async ({ base, token, members, connections, seconds, warmup }) => {
  let n = 0;
  const auth = { authorization: `Bearer ${token}` };
  // The same load for `warmup` seconds, not counted; then, when the parent says go, the measured run.
  const run = (duration) => autocannon({
    url: base,
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        path: '/v1/settlements',
        setupRequest: (req) => {
          n += 1;
          const claim = { id: `B${n}`, type: 'outpatient', visitDate: '2024-09-02', hospital: { level: 1 }, items: [{ category: 'drug', class: 'A', amount: 80 }, { category: 'service', class: 'B', amount: 40 }] };
          return { ...req, headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': `bench-${token}-${n}` }, body: JSON.stringify({ memberId: members[n % members.length], claim }) };
        },
      },
    ],
  });
  if (warmup > 0) {
    await run(warmup);
    process.send({ warm: true });
  }
  await new Promise((resolve) => process.once('message', resolve));
  const cpu0 = process.cpuUsage();
  const result = await run(seconds);
  process.send({ '2xx': result['2xx'], non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, latency: result.latency, cpu: process.cpuUsage(cpu0) }, () => process.exit(0));
});
