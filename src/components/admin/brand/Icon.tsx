import { getConfig } from '../../../lib/config'
import { MARK_FIBRES, MARK_HUB, MARK_TILE_COLOUR, MARK_VIEW_BOX } from './mark'

/**
 * `admin.components.graphics.Icon`: the ISP's square mark beside the breadcrumbs (its link is
 * named "Dashboard" by Payload, so the mark itself is hidden from assistive technology).
 * ADMIN_ICON_URL names an image to use instead; otherwise the logo's own mark is drawn inline.
 */
export function BrandIcon() {
  const { iconUrl } = getConfig().adminBrand
  if (iconUrl) {
    // A plain img: a configured URL of any origin and size, shown as is.
    return <img src={iconUrl} alt="" width="100%" height="100%" style={{ display: 'block', objectFit: 'contain' }} />
  }
  return (
    <svg className="isp-brand-mark" viewBox={MARK_VIEW_BOX} width="100%" height="100%" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">
      <rect className="isp-brand-mark__tile" width="44" height="44" rx="10" fill={MARK_TILE_COLOUR} />
      <g fill="none" stroke="#ffffff" strokeWidth="3.5" strokeLinecap="round">
        {MARK_FIBRES.map((d) => (
          <path key={d} d={d} />
        ))}
      </g>
      <circle cx={MARK_HUB.cx} cy={MARK_HUB.cy} r={MARK_HUB.r} fill="#ffffff" />
    </svg>
  )
}
