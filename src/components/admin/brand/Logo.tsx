import { getConfig } from '../../../lib/config'

/**
 * `admin.components.graphics.Logo`: the ISP's logo on the sign-in and password pages, from
 * ADMIN_LOGO_URL (default public/brand/logo.svg), named by COMPANY_SHORT_NAME.
 */
export function BrandLogo() {
  const { adminBrand, company } = getConfig()
  return (
    // A plain img: a configured URL of any origin; the SVG needs no optimising.
    <img className="isp-brand-logo" src={adminBrand.logoUrl} alt={company.shortName} width={240} height={64} />
  )
}
