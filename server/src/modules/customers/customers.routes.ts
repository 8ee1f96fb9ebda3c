// The customers: GET /api/v1/customers (search, filters, pages), GET /customers/export (CSV),
// POST /customers/import (CSV, preview unless dryRun is false), PATCH /customers/:id (name,
// notes), DELETE /customers/:id (the customer with their chat) and DELETE /conversations/:id (the
// chat only), and GET /contacts/:id (a customer's card). Reading: every role, API keys with
// contacts:read. Writing: agents and up (the import and deletions: admins and up), API keys with
// contacts:write.
import { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { requireRole } from '../../plugins/auth.js'
import { actorOf } from '../../shared/actor.js'
import { parseInput } from '../../shared/validation.js'
import type { CustomersService } from './customers.service.js'
import type { CustomerDeletion } from './customers.deletion.js'
import { ContactDetail } from '../inbox/inbox.schemas.js'
import { errors, NoQuery } from '../../shared/http-schemas.js'
import type { LabelsService } from '../labels/labels.service.js'
import { Customer, CustomerDeleted, CustomerFilter, CustomerId, CustomerImportBody, CustomerImportResult, CustomerListQuery, CustomerPage, CustomerPatch, CustomersCsv } from './customers.schemas.js'

const Id = z.strictObject({ id: z.uuid({ message: 'Not a valid id.' }) })

/** A base64 file of about 3 MB and the JSON around it. */
const IMPORT_BODY_LIMIT = 4_200_000

export function customersRoutes(customers: Pick<CustomersService, 'card' | 'list' | 'update' | 'importCsv' | 'exportCsv'>, labels: Pick<LabelsService, 'list'>, deletion: Pick<CustomerDeletion, 'deleteCustomer' | 'deleteConversation'>) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      const read = { config: { scope: 'contacts:read' as const } }
      const write = { config: { scope: 'contacts:write' as const } }
      r.get('/contacts/:id', { ...read, schema: { summary: 'A customer with their insights and follow-ups', params: Id, querystring: NoQuery, response: { 200: ContactDetail, ...errors } } }, async (req) => customers.card(req.auth.tenantId, parseInput(Id, req.params, 'params').id))
      r.get('/customers', { ...read, schema: { summary: 'Every customer: search, filters, newest contact first (cursor pages)', querystring: CustomerListQuery, response: { 200: CustomerPage, ...errors } } }, async (req) =>
        customers.list(req.auth.tenantId, parseInput(CustomerListQuery, req.query, 'query')))
      r.get('/customers/export', { ...read, schema: { summary: 'Every customer the filters match, as CSV (UTF-8 with BOM, for Excel)', querystring: CustomerFilter, response: { 200: CustomersCsv, ...errors } } }, async (req, reply) => {
        const filter = parseInput(CustomerFilter, req.query, 'query')
        const names = new Map((await labels.list(req.auth.tenantId)).map((l) => [l.id, l.name]))
        const day = new Date().toISOString().slice(0, 10)
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="pelanggan-${day}.csv"`)
          .header('cache-control', 'no-store')
          .send(Readable.from(customers.exportCsv(req.auth.tenantId, filter, (id) => names.get(id))))
      })
      r.post('/customers/import', { ...write, bodyLimit: IMPORT_BODY_LIMIT, preHandler: requireRole('admin'), schema: { summary: 'Import customers from a CSV file (a preview unless dryRun is false)', body: CustomerImportBody, response: { 200: CustomerImportResult, ...errors } } }, async (req) => {
        const body = parseInput(CustomerImportBody, req.body)
        return customers.importCsv(req.auth.tenantId, Buffer.from(body.file, 'base64'), body.dryRun)
      })
      r.patch('/customers/:id', { ...write, preHandler: requireRole('agent'), schema: { summary: "Change the shop's name or notes for a customer", params: CustomerId, body: CustomerPatch, response: { 200: Customer, ...errors } } }, async (req) =>
        customers.update(req.auth.tenantId, parseInput(CustomerId, req.params, 'params').id, parseInput(CustomerPatch, req.body)))
      // Owners and admins only: it cannot be undone (the web asks once, naming what goes).
      r.delete('/customers/:id', { ...write, preHandler: requireRole('admin'), schema: { summary: 'Delete a customer with their chat, messages, media files, notes and follow-ups', params: CustomerId, querystring: NoQuery, response: { 200: CustomerDeleted, ...errors } } }, async (req) =>
        ({ deleted: await deletion.deleteCustomer(req.auth.tenantId, parseInput(CustomerId, req.params, 'params').id, actorOf(req.auth)) }))
      r.delete('/conversations/:id', { ...write, preHandler: requireRole('admin'), schema: { summary: "Delete a chat with its messages, media files, notes and follow-ups (the customer stays)", params: Id, querystring: NoQuery, response: { 200: CustomerDeleted, ...errors } } }, async (req) =>
        ({ deleted: await deletion.deleteConversation(req.auth.tenantId, parseInput(Id, req.params, 'params').id, actorOf(req.auth)) }))
    })
  }
}
