/**
 * The mark of the ISP's logo (public/brand/logo.svg: the rounded tile with three fibres meeting
 * in a point), on its own as a square, for the admin panel's icon and favicon when
 * ADMIN_ICON_URL does not name one. The same geometry as the logo, moved to the origin.
 */
export const MARK_VIEW_BOX = '0 0 44 44'
export const MARK_TILE_COLOUR = '#0b3b8c'
export const MARK_FIBRES = ['M11 22C20 22 24 10 35 10', 'M11 22H35', 'M11 22C20 22 24 34 35 34'] as const
export const MARK_HUB = { cx: 11, cy: 22, r: 4.5 } as const

/** The mark as a standalone SVG document. */
export function markSvg(): string {
  const fibres = MARK_FIBRES.map((d) => `<path d="${d}"/>`).join('')
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${MARK_VIEW_BOX}">` +
    `<rect width="44" height="44" rx="10" fill="${MARK_TILE_COLOUR}"/>` +
    `<g fill="none" stroke="#ffffff" stroke-width="3.5" stroke-linecap="round">${fibres}</g>` +
    `<circle cx="${MARK_HUB.cx}" cy="${MARK_HUB.cy}" r="${MARK_HUB.r}" fill="#ffffff"/></svg>`
  )
}

/** The mark as a `data:` URL, for `<link rel="icon">` (no file to serve, nothing fetched). */
export function markDataUrl(): string {
  return `data:image/svg+xml,${encodeURIComponent(markSvg())}`
}
