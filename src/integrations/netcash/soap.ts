import { XMLBuilder, XMLParser } from 'fast-xml-parser'

/** NetCash's NIWS services are WCF: SOAP 1.1, operations in the tempuri.org namespace. */
export const SOAP_NAMESPACE = 'http://tempuri.org/'
export const soapAction = (operation: string) => `${SOAP_NAMESPACE}INIWS_NIF/${operation}`

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false, processEntities: true })
// Values stay strings: "000" is an error code, not the number 0, and a file token is not a number.
const parser = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false, trimValues: false, processEntities: true, htmlEntities: true })

/**
 * XML parsers turn CRLF in text into LF (XML's end-of-line rule), which would change the batch
 * file NetCash receives: carriage returns travel as `&#13;`, which parsers decode back.
 */
const keepCarriageReturns = (xml: string) => xml.replace(/\r/g, '&#13;')

/** The request envelope for `operation` with its parameters in order (values escaped by the builder). */
export function soapRequest(operation: string, params: Array<[string, string]>): string {
  const body = { [operation]: { '@_xmlns': SOAP_NAMESPACE, ...Object.fromEntries(params) } }
  return keepCarriageReturns(`<?xml version="1.0" encoding="utf-8"?>${builder.build({
    'soap:Envelope': { '@_xmlns:soap': 'http://schemas.xmlsoap.org/soap/envelope/', 'soap:Body': body },
  })}`)
}

export type SoapAnswer = { ok: true; result: unknown } | { ok: false; fault: string } | { ok: false; unreadable: string }

/** `<OperationResponse><OperationResult>…` read out of a response envelope, or its fault. */
export function readSoapResponse(xml: string, operation: string): SoapAnswer {
  let doc: Record<string, unknown>
  try {
    doc = parser.parse(xml) as Record<string, unknown>
  } catch (err) {
    return { ok: false, unreadable: `not XML (${err instanceof Error ? err.message.slice(0, 80) : 'parse error'})` }
  }
  const body = (doc.Envelope as Record<string, unknown> | undefined)?.Body as Record<string, unknown> | undefined
  if (!body) return { ok: false, unreadable: 'no SOAP envelope or body' }
  const fault = body.Fault as Record<string, unknown> | undefined
  if (fault) return { ok: false, fault: String(fault.faultstring ?? 'SOAP fault') }
  const response = body[`${operation}Response`] as Record<string, unknown> | undefined
  if (!response || !(`${operation}Result` in response)) return { ok: false, unreadable: `no ${operation}Result in the answer` }
  return { ok: true, result: response[`${operation}Result`] }
}

/** Parses a request envelope (for the simulator): the operation and its string parameters. */
export function readSoapRequest(xml: string): { operation: string; params: Record<string, string> } | null {
  try {
    const doc = parser.parse(xml) as Record<string, unknown>
    const body = (doc.Envelope as Record<string, unknown> | undefined)?.Body as Record<string, unknown> | undefined
    const [operation, value] = Object.entries(body ?? {})[0] ?? []
    if (!operation) return null
    const params = Object.fromEntries(Object.entries((value ?? {}) as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : v == null ? '' : String(v)]))
    return { operation, params }
  } catch {
    return null
  }
}

/** A response envelope (for the simulator). `result` is a string or an object of child elements. */
export function soapResponse(operation: string, result: unknown): string {
  return keepCarriageReturns(`<?xml version="1.0" encoding="utf-8"?>${builder.build({
    's:Envelope': {
      '@_xmlns:s': 'http://schemas.xmlsoap.org/soap/envelope/',
      's:Body': { [`${operation}Response`]: { '@_xmlns': SOAP_NAMESPACE, [`${operation}Result`]: result } },
    },
  })}`)
}

export function soapFault(message: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>${builder.build({
    's:Envelope': { '@_xmlns:s': 'http://schemas.xmlsoap.org/soap/envelope/', 's:Body': { 's:Fault': { faultcode: 's:Server', faultstring: message } } },
  })}`
}
