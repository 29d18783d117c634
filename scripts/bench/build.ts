import fs from 'node:fs'
import path from 'node:path'

import { buildIsCurrent, ensureBuild, sourceHash } from '../lib/build'

/** Files `next build` rewrites for the dist folder it builds into (it adds `<distDir>/types` to tsconfig's include). */
const REWRITTEN_BY_NEXT = ['tsconfig.json', 'next-env.d.ts']

/**
 * The production build in its own dist folder (`.next-bench`), so benchmarking never touches the
 * `.next` that `npm start` and `npm test` use. Reused while the sources are unchanged (the same
 * fingerprint as `ensureBuild`'s).
 *
 * `next build` rewrites tsconfig.json and next-env.d.ts to point at the folder it built; both are
 * put back as they were afterwards, so a benchmark run leaves the working tree as it found it and
 * `.next` stays current. The build is then stamped from the restored sources (ensureBuild declines
 * to stamp one whose inputs changed while it ran, and tsconfig.json is one).
 */
export async function ensureBenchBuild(root: string, opts: { distDir: string; log: (line: string) => void; env: NodeJS.ProcessEnv }) {
  if (buildIsCurrent(root, opts.distDir)) return opts.log(`build: reusing the production build in ${opts.distDir} (sources unchanged)`)
  const before = sourceHash(root)
  const saved = REWRITTEN_BY_NEXT.map((f) => ({ file: path.join(root, f), text: fs.existsSync(path.join(root, f)) ? fs.readFileSync(path.join(root, f)) : undefined }))
  const started = Date.now()
  try {
    await ensureBuild(root, { distDir: opts.distDir, log: (l) => opts.log(`build: ${l}`), env: opts.env })
  } finally {
    for (const { file, text } of saved) {
      if (text === undefined) fs.rmSync(file, { force: true })
      else if (!fs.existsSync(file) || !fs.readFileSync(file).equals(text)) fs.writeFileSync(file, text)
    }
  }
  if (!buildIsCurrent(root, opts.distDir) && sourceHash(root) === before) {
    fs.writeFileSync(path.join(root, opts.distDir, 'SOURCE_HASH'), before)
    opts.log('build: the only change during the build was next build rewriting tsconfig.json, now undone: the build is current')
  }
  opts.log(`build: done in ${Math.round((Date.now() - started) / 1000)} s`)
}
