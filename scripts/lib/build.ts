import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

const INPUTS = ['src', 'payload.config.ts', 'next.config.ts', 'tsconfig.json', 'package-lock.json']
const SKIP = new Set(['payload-types.ts'])

/** A fingerprint of everything a production build is made from. */
export function sourceHash(root: string): string {
  const hash = createHash('sha256')
  const visit = (p: string) => {
    const abs = path.join(root, p)
    if (!fs.existsSync(abs)) return
    const stat = fs.statSync(abs)
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(abs).sort()) visit(path.join(p, name))
    } else if (!SKIP.has(path.basename(p))) {
      hash.update(p).update('\0').update(fs.readFileSync(abs)).update('\0')
    }
  }
  INPUTS.forEach(visit)
  return hash.digest('hex')
}

const stampFile = (distDir: string) => path.join(distDir, 'SOURCE_HASH')

export function buildIsCurrent(root: string, distDir: string): boolean {
  const stamp = stampFile(path.join(root, distDir))
  return (
    fs.existsSync(path.join(root, distDir, 'BUILD_ID')) &&
    fs.existsSync(stamp) &&
    fs.readFileSync(stamp, 'utf8') === sourceHash(root)
  )
}

/** Runs `next build` unless the last build was made from these very sources. */
export async function ensureBuild(root: string, opts: { distDir?: string; log: (l: string) => void; env?: NodeJS.ProcessEnv }) {
  const distDir = opts.distDir ?? '.next'
  if (buildIsCurrent(root, distDir)) {
    opts.log(`reusing the production build in ${distDir} (sources unchanged)`)
    return
  }
  opts.log('building the app (next build, 1-2 minutes)...')
  const before = sourceHash(root)
  const code: number = await new Promise((resolve) => {
    const child = spawn(process.execPath, [nextBin(root), 'build'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...opts.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: '1' },
    })
    child.on('exit', (c) => resolve(c ?? 1))
  })
  if (code !== 0) throw new Error(`next build failed with exit code ${code}`)
  // Stamped only when the sources did not change while it built (an edit mid-build would otherwise
  // be taken as built). `next build` may rewrite tsconfig.json, an input: then the next start
  // builds once more and stamps.
  const after = sourceHash(root)
  if (after === before) fs.writeFileSync(stampFile(path.join(root, distDir)), after)
  else opts.log('the sources changed during the build: it is used now and rebuilt next time')
}

export function nextBin(root: string): string {
  return path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next')
}
