import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import path from 'node:path'

export const projectRoot = path.resolve(import.meta.dirname, '../..')

/**
 * Runs one of our tsx scripts in a child process, as a user would (`tsx scripts/x.ts`).
 *
 * Node 20 runs tsx's module hooks on a separate thread; rarely (seen once in CI, never reproduced
 * in 40 local runs), that thread reports a module load that can never finish, and the child dies
 * with exit code 13 ("unsettled top-level await") before running any of our code, or hangs while
 * loading modules. That is the runtime, not the script under test, so such an attempt is run
 * again (at most `attempts` times). Any other outcome, success or failure, is returned as it is.
 */
export function runTsxScript(
  args: string[],
  opts: { env: NodeJS.ProcessEnv; timeoutMs: number; attempts?: number },
): SpawnSyncReturns<string> {
  const attempts = opts.attempts ?? 3
  let run: SpawnSyncReturns<string> | undefined
  for (let attempt = 1; attempt <= attempts; attempt++) {
    run = spawnSync(path.join(projectRoot, 'node_modules/.bin/tsx'), args, {
      cwd: projectRoot,
      env: opts.env,
      encoding: 'utf8',
      timeout: opts.timeoutMs,
    })
    const loaderGaveUp = run.status === 13 && /unsettled top-level await/i.test(run.stderr ?? '')
    const hung = run.signal === 'SIGTERM' && run.status === null
    if (!loaderGaveUp && !hung) return run
    console.warn(`[tests] ${args.join(' ')}: module loading stalled (attempt ${attempt} of ${attempts}); running it again`)
  }
  return run!
}
