import fs from 'node:fs'
import path from 'node:path'
import { randomBytes } from 'node:crypto'

import type { Adapter } from '@payloadcms/plugin-cloud-storage/types'

/**
 * A `@payloadcms/plugin-cloud-storage` adapter that keeps files in a folder on local disk: the
 * default when no S3 bucket is configured (one machine, `npm start`, tests). Writes go to a
 * temporary name and are renamed into place, so a reader never sees half a file. Paths are
 * resolved under the folder and refused if they would leave it.
 */
export function localDiskAdapter(opts: { dir: string }): Adapter {
  const root = path.resolve(opts.dir)
  const inside = (relative: string) => {
    const full = path.resolve(root, relative)
    if (full !== root && !full.startsWith(root + path.sep)) throw new Error('storage path escapes the storage folder')
    return full
  }
  return ({ prefix }) => ({
    name: 'local-disk',
    handleUpload: async ({ file, storageFilePath }) => {
      const target = inside(storageFilePath)
      await fs.promises.mkdir(path.dirname(target), { recursive: true })
      const temporary = `${target}.${randomBytes(6).toString('hex')}.partial`
      await fs.promises.writeFile(temporary, file.buffer, { mode: 0o640 })
      await fs.promises.rename(temporary, target)
    },
    handleDelete: async ({ storageFilePath }) => {
      await fs.promises.rm(inside(storageFilePath), { force: true })
    },
    staticHandler: async (_req, { params, doc }) => {
      const folder = (doc as { prefix?: string } | undefined)?.prefix ?? params.prefix ?? prefix ?? ''
      let full: string
      try {
        full = inside(path.posix.join(folder, params.filename))
      } catch {
        return new Response(null, { status: 404 })
      }
      const stat = await fs.promises.stat(full).catch(() => null)
      if (!stat?.isFile()) return new Response(null, { status: 404 })
      const body = await fs.promises.readFile(full)
      const mimeType = (doc as { mimeType?: string } | undefined)?.mimeType ?? 'application/octet-stream'
      return new Response(new Uint8Array(body), {
        status: 200,
        headers: { 'Content-Type': mimeType, 'Content-Length': String(body.length), 'Cache-Control': 'private, no-store' },
      })
    },
  })
}
