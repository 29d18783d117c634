import { formatDate, formatGb, formatRand, formatSastDateTime } from '../display'
import { portalPage, type Brand } from './brand'
import { button, facts, link, paragraph, renderEmail, type Block, type EmailContent, type RenderedEmail } from './emailLayout'
import { checkTemplateParams, type CheckedParams, type NotificationTemplateName, type TemplateParams } from './params'
import { clip, fitSms } from './sms'

/**
 * The words of every notification: one SMS (GSM-7, at most 160 characters, starting with the
 * brand and ending with the account number) and one email per template.
 *
 * SMS wordings are listed fullest first; the first that fits is sent. The later ones drop the
 * greeting, then the least needed detail, then shorten the product name, so realistic parameters
 * always keep the facts that matter: what happened, the amount, the date.
 */

export type RenderedNotification = { sms: string; email: RenderedEmail }

type Wording = { sms: readonly [string, ...string[]]; email: EmailContent }
type Template<T extends NotificationTemplateName> = (params: CheckedParams<T>, brand: Brand) => Wording

/** How long a product or service name may be in the last, shortest SMS wording. */
const SHORT_NAME = 20

/** Every facts table starts with the account number: it is what a customer quotes when they call. */
function details(accountNumber: string, ...rows: Array<readonly [string, string]>): Block {
  return facts(['Account number', accountNumber], ...rows)
}

/** `80.4%`: rounded down to one decimal, so 79.96% never reads as 80%. */
function formatPercent(percent: number): string {
  return `${Math.floor(Math.round(percent * 1000) / 100) / 10}%`
}

/** `1st`, `2nd`, `3rd`, `11th`, `22nd`, `31st`. */
function ordinal(day: number): string {
  const teen = day % 100 >= 11 && day % 100 <= 13
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[day % 10] ?? 'th'
  return `${day}${suffix}`
}

const orderConfirmation: Template<'order_confirmation'> = (p, brand) => {
  const installation = p.installationDate ? formatDate(p.installationDate) : null
  const next = installation ? `Installation: ${installation}.` : `We'll be in touch to book installation.`
  return {
    sms: [
      `Hi ${p.firstName}, thanks for your order ${p.orderNumber} for ${p.productName}. ${next}`,
      `Thanks for your order ${p.orderNumber} for ${p.productName}. ${next}`,
      `Order ${p.orderNumber} received: ${clip(p.productName, SHORT_NAME)}. ${next}`,
    ],
    email: {
      subject: `Order ${p.orderNumber} received: ${p.productName}`,
      preview: installation ? `Installation is booked for ${installation}.` : `We'll be in touch to book your installation.`,
      blocks: [
        paragraph(`Thank you for your order ${p.orderNumber} for ${p.productName}.`),
        paragraph(
          installation
            ? `Your installation is booked for ${installation}. If that day no longer suits you, call us on ${brand.supportPhone} and we'll find another.`
            : `We'll be in touch to book an installation date that suits you.`,
        ),
        details(p.accountNumber, ['Order number', p.orderNumber], ['Product', p.productName], ...(installation ? [['Installation date', installation] as const] : [])),
        paragraph('You can follow your order in the portal: ', link(brand.portalUrl)),
      ],
    },
  }
}

const serviceActivated: Template<'service_activated'> = (p, brand) => {
  const [from, price] = [formatDate(p.activationDate), formatRand(p.monthlyPriceCents)]
  return {
    sms: [
      `Hi ${p.firstName}, your ${p.serviceName} service is active from ${from}. Monthly price: ${price} incl. VAT.`,
      `Your ${p.serviceName} service is active from ${from}. Monthly price: ${price} incl. VAT.`,
      `${clip(p.serviceName, SHORT_NAME)} is active from ${from}. ${price}/month incl. VAT.`,
    ],
    email: {
      subject: `Your ${p.serviceName} service is active from ${from}`,
      preview: `Your monthly price is ${price} incl. VAT.`,
      blocks: [
        paragraph(`Your ${p.serviceName} service is active from ${from}. Your monthly price is ${price} incl. VAT.`),
        details(p.accountNumber, ['Service', p.serviceName], ['Active from', from], ['Monthly price', `${price} incl. VAT`]),
        paragraph('Your usage, invoices and payment methods are in the portal: ', link(brand.portalUrl)),
        paragraph(`If your connection isn't working, call us on ${brand.supportPhone} and we'll help.`),
      ],
    },
  }
}

const invoiceIssued: Template<'invoice_issued'> = (p) => {
  const [total, due, invoices] = [formatRand(p.totalCents), formatDate(p.dueDate), portalPage(p.portalUrl, 'invoices')]
  const dueCents = p.amountDueCents ?? p.totalCents
  const owing = formatRand(dueCents)
  const closing = [
    button('Download invoice (PDF)', p.pdfUrl),
    paragraph(`This link works until ${formatSastDateTime(p.linkExpiresAt)}. After that, you'll find this invoice and all your others in the portal: `, link(invoices)),
  ]
  if (dueCents === 0) {
    // Settled from account credit the moment it was issued: nothing to pay.
    return {
      sms: [
        `Hi ${p.firstName}, invoice ${p.invoiceNumber} for ${total} was paid from your account credit. Nothing to pay.`,
        `Invoice ${p.invoiceNumber} for ${total} was paid from your account credit. Nothing to pay.`,
      ],
      email: {
        subject: `Invoice ${p.invoiceNumber}: ${total}, paid from your credit`,
        preview: `${total}, paid from your account credit.`,
        blocks: [
          paragraph(`Your invoice ${p.invoiceNumber} for ${total} is ready. It was paid from your account credit, so there is nothing to pay.`),
          details(p.accountNumber, ['Invoice number', p.invoiceNumber], ['Invoice total', total], ['Amount due', owing]),
          ...closing,
        ],
      },
    }
  }
  const credited = dueCents < p.totalCents
  return {
    sms: credited
      ? [
          `Hi ${p.firstName}, invoice ${p.invoiceNumber}: ${owing} is due ${due} after your credit. See your email or the portal.`,
          `Invoice ${p.invoiceNumber}: ${owing} is due ${due} after your credit. See your email or the portal.`,
        ]
      : [
          `Hi ${p.firstName}, invoice ${p.invoiceNumber} for ${total} is due ${due}. See your email or the portal.`,
          `Invoice ${p.invoiceNumber} for ${total} is due ${due}. See your email or the portal.`,
        ],
    email: {
      subject: `Invoice ${p.invoiceNumber}: ${owing} due ${due}`,
      preview: `${owing} due ${due}.`,
      blocks: [
        paragraph(
          credited
            ? `Your invoice ${p.invoiceNumber} for ${total} is ready. Your account credit paid ${formatRand(p.totalCents - dueCents)} of it, so ${owing} is due on ${due}.`
            : `Your invoice ${p.invoiceNumber} for ${total} is ready. It is due on ${due}.`,
        ),
        credited
          ? details(p.accountNumber, ['Invoice number', p.invoiceNumber], ['Invoice total', total], ['Amount due', owing], ['Due date', due])
          : details(p.accountNumber, ['Invoice number', p.invoiceNumber], ['Amount due', total], ['Due date', due]),
        ...closing,
        paragraph(`If you pay by EFT, please use your account number ${p.accountNumber} as the reference.`),
      ],
    },
  }
}

/** What the balance after a payment means, for the SMS and for the email. */
function balanceAfterPayment(balanceCents: number): { sms: string; fact: string; sentence: string } {
  if (balanceCents > 0) {
    const owing = formatRand(balanceCents)
    return { sms: `You still owe ${owing}.`, fact: `${owing} owing`, sentence: `Your account balance is now ${owing}, which is still owing.` }
  }
  if (balanceCents < 0) {
    const credit = formatRand(-balanceCents)
    return { sms: `You are ${credit} in credit.`, fact: `${credit} in credit`, sentence: `Your account is now ${credit} in credit.` }
  }
  return { sms: 'Your account is paid up.', fact: formatRand(0), sentence: 'Your account is fully paid up.' }
}

const paymentReceived: Template<'payment_received'> = (p, brand) => {
  const [amount, on, balance] = [formatRand(p.amountCents), formatDate(p.paymentDate), balanceAfterPayment(p.balanceCents)]
  return {
    sms: [
      `Thanks ${p.firstName}, we received ${amount} on ${on}, ref ${p.reference}. ${balance.sms}`,
      `Thanks, we received ${amount} on ${on}, ref ${p.reference}. ${balance.sms}`,
      `Thanks, we received ${amount} on ${on}. ${balance.sms}`,
    ],
    email: {
      subject: `Payment received: ${amount} on ${on}`,
      preview: balance.sentence,
      blocks: [
        paragraph(`Thank you. We received your payment of ${amount} on ${on}.`),
        details(p.accountNumber, ['Amount', amount], ['Payment date', on], ['Reference', p.reference], ['Balance now', balance.fact]),
        paragraph(balance.sentence),
        paragraph('Your statement is in the portal: ', link(portalPage(brand.portalUrl, 'billing'))),
      ],
    },
  }
}

const paymentFailed: Template<'payment_failed'> = (p, brand) => {
  const amount = formatRand(p.amountCents)
  const failed = `payment of ${amount} for ${p.invoiceNumber} failed: ${p.reason}.`
  const [greeted, plain] = [`Hi ${p.firstName}, your ${failed}`, `Your ${failed}`]
  const billing = portalPage(brand.portalUrl, 'billing')
  const withoutLink = [
    `${greeted} Please pay as soon as you can.`,
    `${plain} Please pay as soon as you can.`,
    plain,
    `Payment of ${amount} for ${p.invoiceNumber} failed: ${clip(p.reason, SHORT_NAME)}.`,
  ] as const
  return {
    sms: p.payNowUrl ? [`${greeted} Pay now: ${p.payNowUrl}`, `${plain} Pay now: ${p.payNowUrl}`, ...withoutLink] : withoutLink,
    email: {
      subject: `Payment failed: ${amount} for invoice ${p.invoiceNumber}`,
      preview: `Reason: ${p.reason}. Please pay ${amount} as soon as you can.`,
      blocks: [
        paragraph(`We couldn't collect your payment of ${amount} for invoice ${p.invoiceNumber}. The reason given was: ${p.reason}.`),
        details(p.accountNumber, ['Invoice number', p.invoiceNumber], ['Amount', amount], ['Reason', p.reason]),
        paragraph(`Please pay ${amount} as soon as you can.`),
        ...(p.payNowUrl ? [button('Pay now', p.payNowUrl)] : []),
        paragraph(`${p.payNowUrl ? 'You can also pay' : 'You can pay'} by EFT, using your account number ${p.accountNumber} as the reference. Your balance is in the portal: `, link(billing)),
        paragraph(`If you've already paid, please ignore this message, or email proof of payment to ${brand.supportEmail}.`),
      ],
    },
  }
}

function usage(level: 80 | 95): Template<'usage_80' | 'usage_95'> {
  return (p, brand) => {
    const [percent, used, cap, asOf, ends] = [formatPercent(p.percentUsed), formatGb(p.usedBytes), formatGb(p.capBytes), formatSastDateTime(p.measuredAt), formatDate(p.cycleEndDate)]
    const figures = `(${used} of ${cap}) as of ${asOf}. Cycle ends ${ends}.`
    const usagePage = portalPage(brand.portalUrl, 'usage')
    const yours = `used ${percent} of your ${p.serviceName} data ${figures}`
    const compact = (name: string) => `${percent} of data used on ${name} ${figures}`
    const urgent = (name: string) => `Almost out of data on ${name}: ${percent} used ${figures}`
    const sms = {
      80: [`Hi ${p.firstName}, you've ${yours}`, `You've ${yours}`, compact(p.serviceName), compact(clip(p.serviceName, SHORT_NAME))],
      95: [
        `Hi ${p.firstName}, you're almost out of data. You've ${yours}`,
        `Almost out of data: you've ${yours}`,
        urgent(p.serviceName),
        compact(p.serviceName),
        urgent(clip(p.serviceName, SHORT_NAME)),
      ],
    } as const
    return {
      sms: sms[level],
      email: {
        subject: level === 95 ? `Almost out of data: ${percent} of your ${p.serviceName} data used` : `You've used ${percent} of your ${p.serviceName} data`,
        preview: `${used} of ${cap} used as of ${asOf}. Your cycle ends on ${ends}.`,
        blocks: [
          paragraph(`You've used ${percent} of your ${p.serviceName} data for this cycle: ${used} of ${cap}, as of ${asOf}.`),
          paragraph(`Your cycle ends on ${ends}, and your full ${cap} is available again the day after.`),
          details(p.accountNumber, ['Service', p.serviceName], ['Used', `${used} of ${cap} (${percent})`], ['As of', asOf], ['Cycle ends', ends]),
          paragraph('You can follow your usage in the portal: ', link(usagePage)),
          ...(level === 95 ? [paragraph(`If you need more data before ${ends}, call us on ${brand.supportPhone} and we'll go through your options.`)] : []),
        ],
      },
    }
  }
}

type SuspensionWording = { fact: string; sms: string; opening: string; preview: string; next: Block[] }

function suspensionWording(p: CheckedParams<'service_suspended'>, brand: Brand, suspended: string): SuspensionWording {
  switch (p.reason) {
    case 'non_payment': {
      const owing = p.amountOwingCents === undefined ? null : formatRand(p.amountOwingCents)
      const billing = portalPage(brand.portalUrl, 'billing')
      const pay = owing ? `Please pay the ${owing} you owe to have your service restored.` : 'Please pay the amount owing to have your service restored.'
      return {
        fact: 'Overdue account',
        sms: ` for non-payment. ${owing ? `Pay ${owing} to restore it.` : 'Please pay to restore it.'}`,
        opening: `${suspended} because your account is overdue.`,
        preview: pay,
        next: [
          owing ? paragraph(pay) : paragraph(`${pay} You'll find it in the portal: `, link(billing)),
          paragraph(`You can pay by EFT, using your account number ${p.accountNumber} as the reference. If you've already paid, email proof of payment to ${brand.supportEmail}.`),
        ],
      }
    }
    case 'customer_request':
      return {
        fact: 'At your request',
        sms: `, as you asked. Call ${brand.supportPhone} to resume it.`,
        opening: `${suspended}, as you asked.`,
        preview: 'Call us when you want it back on.',
        next: [paragraph(`When you want it back on, call us on ${brand.supportPhone}.`)],
      }
    case 'technical':
      return {
        fact: 'Technical',
        sms: ` for technical reasons. Call ${brand.supportPhone} for help.`,
        opening: `${suspended} for a technical reason.`,
        preview: "We're working on it and will let you know when it is back on.",
        next: [paragraph(`We're working on it and will let you know when it is back on. If you need help in the meantime, call us on ${brand.supportPhone}.`)],
      }
  }
}

const serviceSuspended: Template<'service_suspended'> = (p, brand) => {
  const from = formatDate(p.effectiveDate)
  const suspended = `${p.serviceName} service is suspended from ${from}`
  const why = suspensionWording(p, brand, `Your ${suspended}`)
  const owing = p.reason === 'non_payment' && p.amountOwingCents !== undefined ? [['Amount owing', formatRand(p.amountOwingCents)] as const] : []
  return {
    sms: [`Hi ${p.firstName}, your ${suspended}${why.sms}`, `Your ${suspended}${why.sms}`, `${clip(p.serviceName, SHORT_NAME)} is suspended from ${from}${why.sms}`],
    email: {
      subject: `Your ${p.serviceName} service is suspended from ${from}`,
      preview: why.preview,
      blocks: [
        paragraph(why.opening),
        details(p.accountNumber, ['Service', p.serviceName], ['Suspended from', from], ['Reason', why.fact], ...owing),
        ...why.next,
      ],
    },
  }
}

const serviceReactivated: Template<'service_reactivated'> = (p, brand) => {
  const from = formatDate(p.effectiveDate)
  return {
    sms: [
      `Hi ${p.firstName}, your ${p.serviceName} service is active again from ${from}.`,
      `Your ${p.serviceName} service is active again from ${from}.`,
      `${clip(p.serviceName, SHORT_NAME)} is active again from ${from}.`,
    ],
    email: {
      subject: `Your ${p.serviceName} service is active again from ${from}`,
      preview: `Your ${p.serviceName} service is back on.`,
      blocks: [
        paragraph(`Good news: your ${p.serviceName} service is active again from ${from}.`),
        details(p.accountNumber, ['Service', p.serviceName], ['Active from', from]),
        paragraph(`If your connection isn't working, restart your router. If that doesn't help, call us on ${brand.supportPhone}.`),
      ],
    },
  }
}

const serviceCancelled: Template<'service_cancelled'> = (p, brand) => {
  const from = formatDate(p.effectiveDate)
  const finalInvoice = p.finalInvoiceNumber ? ` Final invoice: ${p.finalInvoiceNumber}.` : ''
  const invoices = portalPage(brand.portalUrl, 'invoices')
  return {
    sms: [
      `Hi ${p.firstName}, your ${p.serviceName} service is cancelled from ${from}.${finalInvoice}`,
      `Your ${p.serviceName} service is cancelled from ${from}.${finalInvoice}`,
      `${clip(p.serviceName, SHORT_NAME)} is cancelled from ${from}.${finalInvoice}`,
    ],
    email: {
      subject: `Your ${p.serviceName} service is cancelled from ${from}`,
      preview: p.finalInvoiceNumber ? `Your final invoice is ${p.finalInvoiceNumber}.` : `Your ${p.serviceName} service ends on ${from}.`,
      blocks: [
        paragraph(`Your ${p.serviceName} service is cancelled from ${from}.`),
        details(p.accountNumber, ['Service', p.serviceName], ['Cancelled from', from], ...(p.finalInvoiceNumber ? [['Final invoice', p.finalInvoiceNumber] as const] : [])),
        ...(p.finalInvoiceNumber ? [paragraph(`Your final invoice is ${p.finalInvoiceNumber}. You'll find it in the portal: `, link(invoices))] : []),
        paragraph(`Thank you for being with us. If this is a mistake, call us on ${brand.supportPhone}.`),
      ],
    },
  }
}

const mandateApproved: Template<'mandate_approved'> = (p, brand) => {
  const day = ordinal(p.debitDay)
  const shorterMonths = p.debitDay > 28 ? ' (or the last day of the month, when the month is shorter)' : ''
  const methods = portalPage(brand.portalUrl, 'payment-methods')
  return {
    sms: [
      `Hi ${p.firstName}, your debit order from ${p.bankAccountDisplay} is approved. We'll collect on the ${day} of each month.`,
      `Your debit order from ${p.bankAccountDisplay} is approved. We'll collect on the ${day} of each month.`,
      `Debit order from ${clip(p.bankAccountDisplay, SHORT_NAME)} approved. Collected on the ${day} monthly.`,
    ],
    email: {
      subject: `Debit order approved: ${p.bankAccountDisplay}, on the ${day} of each month`,
      preview: `We'll collect your monthly payment on the ${day} of each month.`,
      blocks: [
        paragraph(`Your debit order mandate for ${p.bankAccountDisplay} is approved.`),
        paragraph(`We'll collect your monthly payment from this account on the ${day} of each month${shorterMonths}.`),
        details(p.accountNumber, ['Bank account', p.bankAccountDisplay], ['Debit day', `${day} of each month`]),
        paragraph('You can change how you pay in the portal: ', link(methods)),
      ],
    },
  }
}

const TEMPLATES: { [T in NotificationTemplateName]: Template<T> } = {
  order_confirmation: orderConfirmation,
  service_activated: serviceActivated,
  invoice_issued: invoiceIssued,
  payment_received: paymentReceived,
  payment_failed: paymentFailed,
  usage_80: usage(80),
  usage_95: usage(95),
  service_suspended: serviceSuspended,
  service_reactivated: serviceReactivated,
  service_cancelled: serviceCancelled,
  mandate_approved: mandateApproved,
}

/**
 * A notification's SMS and email. The parameters are checked first: anything missing, unknown or
 * malformed throws TemplateParamsError naming it, so nothing half-filled reaches a customer.
 */
export function renderNotification<T extends NotificationTemplateName>(name: T, params: TemplateParams<T>, brand: Brand): RenderedNotification {
  const checked = checkTemplateParams(name, params)
  const wording = (TEMPLATES[name] as Template<T>)(checked, brand)
  return {
    sms: fitSms({ lead: `${brand.shortName}: `, bodies: wording.sms, tail: ` Acc ${checked.accountNumber}` }),
    email: renderEmail(wording.email, checked, brand),
  }
}
