import { APIError, type GraphQLExtension, type PayloadRequest } from 'payload'

import { staffOf } from '../../access/identity'
import { sastDateOf } from '../../domain/calendarDate'
import { holdsPermission, type Permission } from '../../domain/staffPermissions'
import { generateInvoicesNow } from '../../services/billing/generateInvoicesNow'
import { runIdempotentCommand } from '../../services/idempotentCommand'
import { calendarDateInput } from '../schemas'
import { IDEMPOTENCY_KEY, LIFECYCLE_PERMISSIONS, REFUSAL_STATUS, lifecycleBodies, lifecycleWork, type LifecycleCommand } from '../admin/serviceLifecycle'

type Context = { req: PayloadRequest }

const fail = (status: number, code: string, message: string, field?: string): never => {
  throw new APIError(message, status, { code, field }, true)
}

function staffWith(req: PayloadRequest, permission: Permission) {
  if (!req.user) fail(401, 'NOT_AUTHENTICATED', 'Sign in as staff first')
  const staff = staffOf(req)
  if (!staff) return fail(403, 'FORBIDDEN', 'Only staff may do this')
  if (!holdsPermission(staff, permission)) fail(403, 'FORBIDDEN', `This needs the ${permission} permission`)
  return staff
}

/**
 * The staff commands as GraphQL mutations, the same operations as the REST endpoints (same
 * validation, permissions, idempotency and results): activateService, suspendService,
 * reactivateService, cancelService and generateInvoicesNow. A refusal is a GraphQL error whose
 * extensions carry the HTTP status and `data: { code, field }`.
 */
export const lifecycleMutations: GraphQLExtension = (GraphQL, { collections }) => {
  const { GraphQLBoolean, GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLString } = GraphQL
  const Service = collections['services'].graphQL!.type
  const Invoice = collections['invoices'].graphQL!.type
  const ServiceAction = collections['service-actions'].graphQL!.type
  const ServiceSuspension = collections['service-suspensions'].graphQL!.type

  const ServiceLifecycleResult = new GraphQLObjectType({
    name: 'ServiceLifecycleResult',
    fields: {
      service: { type: Service },
      invoice: { type: Invoice, description: 'The pro-rata invoice of an activation or reactivation, if one was issued' },
      finalInvoice: { type: Invoice, description: 'The final invoice of a cancellation, if one was issued' },
      creditNotes: { type: new GraphQLList(Invoice), description: 'Credit notes for prepaid days a cancellation did not use' },
      suspension: { type: ServiceSuspension },
      action: { type: ServiceAction, description: 'The audit entry of this transition' },
      replayed: { type: GraphQLBoolean, description: 'True when an earlier call with the same idempotencyKey answered this' },
    },
  })

  const common = {
    customerId: { type: new GraphQLNonNull(GraphQLInt) },
    serviceId: { type: new GraphQLNonNull(GraphQLInt) },
    reason: { type: new GraphQLNonNull(GraphQLString) },
    notes: { type: GraphQLString },
    idempotencyKey: { type: GraphQLString, description: 'Send the same key to retry safely: the command acts once' },
  }
  const extra: Record<LifecycleCommand, Record<string, { type: unknown }>> = {
    activate: { activationDate: { type: GraphQLString } },
    suspend: { suspensionType: { type: new GraphQLNonNull(GraphQLString) }, skipBilling: { type: GraphQLBoolean } },
    reactivate: {},
    cancel: { cancellationDate: { type: GraphQLString } },
  }

  const mutation = (command: LifecycleCommand) => ({
    type: ServiceLifecycleResult,
    args: { ...common, ...extra[command] },
    resolve: async (_: unknown, args: Record<string, unknown>, { req }: Context) => {
      const staff = staffWith(req, LIFECYCLE_PERMISSIONS[command])
      const { customerId, idempotencyKey, ...rest } = args
      if (idempotencyKey !== null && idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(String(idempotencyKey))) {
        return fail(400, 'INVALID_IDEMPOTENCY_KEY', 'idempotencyKey must be 1 to 255 visible ASCII characters', 'idempotencyKey')
      }
      const input = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null && v !== undefined))
      const parsed = lifecycleBodies[command].safeParse(input)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        return fail(400, 'VALIDATION_FAILED', issue.message, issue.path.join('.'))
      }
      const outcome = await runIdempotentCommand(req, {
        scope: `users:${staff.id} ${command} customers:${customerId}`,
        key: (idempotencyKey as string | null) ?? undefined,
        request: parsed.data,
        work: lifecycleWork(command, parsed.data, { customerId: customerId as number, actor: { staffUserId: staff.id as number }, now: new Date() }),
      })
      if (outcome.kind === 'key_reused') return fail(422, 'IDEMPOTENCY_KEY_REUSED', 'This idempotencyKey was used for a different request', 'idempotencyKey')
      if (outcome.kind === 'refused') {
        const { code, message, field } = outcome.refusal
        return fail(REFUSAL_STATUS[code] ?? 400, code, message, field)
      }
      return { ...(outcome.body as object), replayed: outcome.replayed }
    },
  })

  const GenerationResult = new GraphQLObjectType({
    name: 'InvoiceGenerationResult',
    fields: {
      serviceId: { type: GraphQLInt },
      outcome: { type: GraphQLString },
      invoiceIds: { type: new GraphQLList(GraphQLInt) },
      reason: { type: GraphQLString },
    },
  })
  const GenerationReport = new GraphQLObjectType({
    name: 'InvoiceGenerationReport',
    fields: {
      asOf: { type: GraphQLString },
      issued: { type: GraphQLInt },
      skipped: { type: GraphQLInt },
      failed: { type: GraphQLInt },
      invoicesIssued: { type: GraphQLInt },
      results: { type: new GraphQLList(GenerationResult) },
      jobRunId: { type: GraphQLInt },
    },
  })

  return {
    activateService: mutation('activate'),
    suspendService: mutation('suspend'),
    reactivateService: mutation('reactivate'),
    cancelService: mutation('cancel'),
    generateInvoicesNow: {
      type: GenerationReport,
      args: { serviceIds: { type: new GraphQLList(new GraphQLNonNull(GraphQLInt)) }, asOf: { type: GraphQLString } },
      resolve: async (_: unknown, args: { serviceIds?: number[] | null; asOf?: string | null }, { req }: Context) => {
        const staff = staffWith(req, 'billing_manage')
        const today = sastDateOf(new Date())
        const asOf = args.asOf ? calendarDateInput.safeParse(args.asOf) : undefined
        if (asOf && !asOf.success) return fail(400, 'VALIDATION_FAILED', asOf.error.issues[0].message, 'asOf')
        if (args.asOf && args.asOf > today) return fail(400, 'DATE_IN_FUTURE', `Invoices are generated as of today (${today}) or an earlier day`, 'asOf')
        if ((args.serviceIds?.length ?? 0) > 1000) return fail(400, 'VALIDATION_FAILED', 'At most 1000 services at a time', 'serviceIds')
        const now = new Date()
        return generateInvoicesNow(req.payload, {
          asOf: args.asOf ?? sastDateOf(now),
          serviceIds: args.serviceIds ?? undefined,
          requestedBy: { staffUserId: staff.id as number },
          now,
        })
      },
    },
  }
}
