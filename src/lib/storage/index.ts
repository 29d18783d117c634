import { cloudStoragePlugin } from '@payloadcms/plugin-cloud-storage'
import { s3Storage } from '@payloadcms/storage-s3'
import type { Plugin } from 'payload'

import { INVOICE_PDFS } from '../../collections/InvoicePdfs'
import type { AppConfig } from '../config'
import { localDiskAdapter } from './localDiskAdapter'

/**
 * Where stored files (invoice PDFs) live, chosen by configuration: an S3-compatible bucket when
 * S3_BUCKET is set (AWS, or MinIO and friends through S3_ENDPOINT + S3_FORCE_PATH_STYLE), otherwise
 * a folder on local disk. Either way Payload never serves the files itself from a public path:
 * reads go through the upload collection's access rules and our download endpoints.
 */
export function fileStorage(storage: AppConfig['storage']): Plugin {
  if (storage.kind === 's3') {
    return s3Storage({
      collections: { [INVOICE_PDFS]: true },
      bucket: storage.bucket,
      config: {
        region: storage.region,
        endpoint: storage.endpoint,
        forcePathStyle: storage.forcePathStyle,
        credentials: storage.credentials,
      },
    })
  }
  return cloudStoragePlugin({
    collections: { [INVOICE_PDFS]: { adapter: localDiskAdapter({ dir: storage.dir }), disableLocalStorage: true } },
  })
}
