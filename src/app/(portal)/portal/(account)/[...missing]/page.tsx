import { notFound } from 'next/navigation'

/** Any other portal path: the portal's 404, with its header. */
export default function Missing() {
  notFound()
}
