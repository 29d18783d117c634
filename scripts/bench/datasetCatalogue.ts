/**
 * The fixed value lists the benchmark data set draws from. Kept apart from the demo seed's on
 * purpose: a change to the demo data must not change the benchmark data set (figures measured on
 * different data sets cannot be compared). Changing anything here means bumping DATASET_VERSION.
 */

export type BenchPackage = {
  name: string
  type: 'fibre' | 'lte'
  downMbps: number
  upMbps: number
  capGb: number | null
  /** Residential list price, VAT inclusive. */
  residentialCents: number
  /** Business list price, VAT exclusive. */
  businessCents: number
}

export const PACKAGES: BenchPackage[] = [
  { name: 'Fibre 25/25 Uncapped', type: 'fibre', downMbps: 25, upMbps: 25, capGb: null, residentialCents: 49900, businessCents: 59900 },
  { name: 'Fibre 50/50 Uncapped', type: 'fibre', downMbps: 50, upMbps: 50, capGb: null, residentialCents: 79900, businessCents: 89900 },
  { name: 'Fibre 100/100 Uncapped', type: 'fibre', downMbps: 100, upMbps: 100, capGb: null, residentialCents: 99900, businessCents: 119900 },
  { name: 'Fibre 200/100 Uncapped', type: 'fibre', downMbps: 200, upMbps: 100, capGb: null, residentialCents: 129900, businessCents: 159900 },
  { name: 'LTE 50 GB', type: 'lte', downMbps: 20, upMbps: 10, capGb: 50, residentialCents: 29900, businessCents: 34900 },
  { name: 'LTE 100 GB', type: 'lte', downMbps: 30, upMbps: 15, capGb: 100, residentialCents: 44900, businessCents: 49900 },
]

/** Package numbers (1-based) a first connection is drawn from: mostly 50/50 fibre, some LTE. */
export const FIRST_SERVICE_PACKAGES = [1, 1, 2, 2, 2, 3, 3, 4, 5, 6]
/** A second connection is an LTE backup. */
export const SECOND_SERVICE_PACKAGES = [5, 6]

/** A monthly add-on some services carry as a second invoice line. */
export const STATIC_IP = { description: 'Static IP address', residentialCents: 9900, businessCents: 8600 }
/** The one-off charge of the ad hoc invoices. */
export const ROUTER = { description: 'Replacement router', residentialCents: 149900, businessCents: 129900 }

export const FIRST_NAMES = ['Sipho', 'Lerato', 'Johan', 'Ayesha', 'Thabo', 'Nomvula', 'Pieter', 'Zanele', 'Kagiso', 'Annelie', 'Bongani', 'Fatima', 'Lwazi', 'Chantel', 'Mpho', 'Riaan', 'Naledi', 'Themba', 'Priya', 'Willem', 'Khanyisile', 'Sibusiso', 'Megan', 'Tumelo', 'Refilwe', 'Hennie', 'Nandi', 'Yusuf', 'Busisiwe', 'Gert', 'Thandi', 'Mandla', 'Karabo', 'Lindiwe', 'Ruan', 'Zainab']
export const LAST_NAMES = ['Dlamini', 'Mokoena', 'Botha', 'Naidoo', 'Khumalo', 'Van Wyk', 'Nkosi', 'Pillay', 'Mahlangu', 'Pretorius', 'Zulu', 'Ndlovu', 'Coetzee', 'Molefe', 'Jacobs', 'Govender', 'Sithole', 'Du Plessis', 'Mthembu', 'Adams', 'Baloyi', 'Venter', 'Maseko', 'Hendricks', 'Radebe', 'Smit', 'Moodley', 'Fourie']
export const COMPANY_KINDS = ['Logistics (Pty) Ltd', 'Dental Studio', 'Print Works', 'Wine Traders CC', 'Accounting Partners', 'Realty', 'Legal Chambers', 'Engineering (Pty) Ltd', 'Consulting CC', 'Auto Repairs']
export const STREETS = ['Jan Smuts Ave', 'Main Rd', 'Church St', 'Oxford Rd', 'Beach Rd', 'Voortrekker Rd', 'Nelson Mandela Dr', 'Long St', 'Florida Rd', 'Rivonia Rd']
export const MOBILE_PREFIXES = ['82', '83', '84', '72', '73', '74', '76', '79', '60', '61', '71', '81']
export const BANKS = ['FNB', 'ABSA', 'Standard Bank', 'Nedbank', 'Capitec']
export const CARD_BRANDS = ['Visa', 'Mastercard']
export const ORDER_CHANNELS = ['website', 'call_centre', 'reseller']

export const PLACES = [
  { suburb: 'Randburg', city: 'Johannesburg', province: 'Gauteng', postalCode: '2194', lat: -26.0936, lng: 28.0064 },
  { suburb: 'Soweto', city: 'Johannesburg', province: 'Gauteng', postalCode: '1804', lat: -26.2485, lng: 27.854 },
  { suburb: 'Midrand', city: 'Johannesburg', province: 'Gauteng', postalCode: '1685', lat: -25.9992, lng: 28.1263 },
  { suburb: 'Hatfield', city: 'Pretoria', province: 'Gauteng', postalCode: '0083', lat: -25.7487, lng: 28.2381 },
  { suburb: 'Centurion', city: 'Pretoria', province: 'Gauteng', postalCode: '0157', lat: -25.8603, lng: 28.1894 },
  { suburb: 'Observatory', city: 'Cape Town', province: 'Western Cape', postalCode: '7925', lat: -33.9381, lng: 18.4722 },
  { suburb: 'Bellville', city: 'Cape Town', province: 'Western Cape', postalCode: '7530', lat: -33.9, lng: 18.6292 },
  { suburb: 'Stellenbosch Central', city: 'Stellenbosch', province: 'Western Cape', postalCode: '7600', lat: -33.9321, lng: 18.8602 },
  { suburb: 'Umhlanga', city: 'Durban', province: 'KwaZulu-Natal', postalCode: '4319', lat: -29.7277, lng: 31.0849 },
  { suburb: 'Morningside', city: 'Durban', province: 'KwaZulu-Natal', postalCode: '4001', lat: -29.8279, lng: 31.0139 },
  { suburb: 'Summerstrand', city: 'Gqeberha', province: 'Eastern Cape', postalCode: '6001', lat: -33.9856, lng: 25.6597 },
  { suburb: 'Bloemfontein Central', city: 'Bloemfontein', province: 'Free State', postalCode: '9301', lat: -29.1167, lng: 26.2167 },
  { suburb: 'Polokwane Central', city: 'Polokwane', province: 'Limpopo', postalCode: '0699', lat: -23.9045, lng: 29.4689 },
  { suburb: 'Mbombela Central', city: 'Mbombela', province: 'Mpumalanga', postalCode: '1201', lat: -25.4753, lng: 30.9694 },
  { suburb: 'Mahikeng Central', city: 'Mahikeng', province: 'North West', postalCode: '2745', lat: -25.8652, lng: 25.6442 },
  { suburb: 'Kimberley Central', city: 'Kimberley', province: 'Northern Cape', postalCode: '8301', lat: -28.7282, lng: 24.7499 },
]
