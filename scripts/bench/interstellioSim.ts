/**
 * The Interstellio simulator in its own process for `npm run bench -- usage-sync`, so the vendor's
 * work is not counted against ours: prints `{"url": ...}` once listening, stops on SIGTERM.
 * Settings from the environment: BENCH_ISL_PASSWORD, BENCH_ISL_LATENCY_MS.
 */
import { startInterstellioSimulator } from '../../simulators/interstellio/server'

const sim = await startInterstellioSimulator({
  port: 0,
  domain: 'bench.test',
  username: 'bench',
  password: process.env.BENCH_ISL_PASSWORD ?? 'bench-password',
  tenantId: 'bench-tenant',
  latencyMs: Number(process.env.BENCH_ISL_LATENCY_MS ?? 50),
})
process.stdout.write(`${JSON.stringify({ url: sim.url })}\n`)
const stop = () => void sim.stop().then(() => process.exit(0))
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
