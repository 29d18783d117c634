import { spawn } from 'node:child_process'
import path from 'node:path'

export const projectRoot = path.resolve(import.meta.dirname, '../..')

export type ScriptRun = { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** One run of a child, killed when it outlives `timeoutMs`. Asynchronous, so the test's own timer keeps running. */
function runOnce(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ScriptRun> {
  return new Promise((resolve) => {
    const child = spawn(path.join(projectRoot, 'node_modules/.bin/tsx'), args, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs)
    child.on('close', (status, signal) => {
      clearTimeout(timer)
      resolve({ status, signal, stdout, stderr })
    })
  })
}

/**
 * Runs one of our tsx scripts in a child process, as a user would (`tsx scripts/x.ts`).
 *
 * Node 20 runs tsx's module hooks on a separate thread; rarely (seen once in CI, never reproduced
 * in 40 local runs), that thread reports a module load that can never finish, and the child dies
 * with exit code 13 ("unsettled top-level await") before running any of our code, or hangs while
 * loading modules. That is the runtime, not the script under test, so such an attempt is run
 * again (at most `attempts` times). Any other outcome, success or failure, is returned as it is.
 * The calling test's timeout must cover `attempts × timeoutMs` (see `scriptBudgetMs`).
 */
export async function runTsxScript(args: string[], opts: { env: NodeJS.ProcessEnv; timeoutMs: number; attempts?: number }): Promise<ScriptRun> {
  const attempts = opts.attempts ?? 3
  let run: ScriptRun | undefined
  for (let attempt = 1; attempt <= attempts; attempt++) {
    run = await runOnce(args, opts.env, opts.timeoutMs)
    const loaderGaveUp = run.status === 13 && /unsettled top-level await/i.test(run.stderr)
    const hung = run.signal === 'SIGTERM' && run.status === null
    if (!loaderGaveUp && !hung) return run
    console.warn(`[tests] ${args.join(' ')}: module loading stalled (attempt ${attempt} of ${attempts}); running it again`)
  }
  return run!
}

/** The test timeout that lets `runTsxScript` use all its attempts, plus a margin for the test's own work. */
export const scriptBudgetMs = (timeoutMs: number, attempts = 3) => timeoutMs * attempts + 30_000
