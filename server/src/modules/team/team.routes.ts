// /api/v1/team: members of the tenant (the rules are in team.service.ts). Reading is open to every
// role; changes need admin or higher.
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { requireRole } from '../../plugins/auth.js'
import { parseInput } from '../../shared/validation.js'
import type { TeamService } from './team.service.js'
import { errors, ItemsOf, NoBody, NoContent, NoQuery } from '../../shared/http-schemas.js'
import { InvitedMember, PasswordResetLink, TeamMember } from './team.schemas.js'

const Invite = z.strictObject({
  email: z.string().trim().max(254).pipe(z.email({ message: 'Enter a valid e-mail address.' })),
  name: z.string().trim().min(1).max(120).optional(),
  role: z.enum(['admin', 'agent', 'viewer']),
})
const Id = z.strictObject({ id: z.uuid() })
const RoleChange = z.strictObject({ role: z.enum(['owner', 'admin', 'agent', 'viewer']) })

export function teamRoutes(team: TeamService) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      const admin = { preHandler: requireRole('admin') }
      r.get('/', { schema: { summary: 'Members of the business', querystring: NoQuery, response: { 200: ItemsOf(TeamMember), ...errors } } }, async (req) => team.list(req.auth.tenantId))

      r.post('/', { ...admin, schema: { summary: 'Invite a member (a temporary password, shown once)', body: Invite, response: { 201: InvitedMember, ...errors } } }, async (req, reply) => reply.status(201).send(await team.invite(req.auth, parseInput(Invite, req.body))))

      r.delete('/:id', { ...admin, schema: { summary: 'Remove a member (their access ends at once)', params: Id, response: { 204: NoContent, ...errors } } }, async (req, reply) => {
        await team.remove(req.auth, parseInput(Id, req.params, 'params').id)
        return reply.status(204).send()
      })

      r.patch('/:id', { ...admin, schema: { summary: "Change a member's role", params: Id, body: RoleChange, response: { 200: TeamMember, ...errors } } }, async (req) => {
        const { id } = parseInput(Id, req.params, 'params')
        const { role } = parseInput(RoleChange, req.body)
        return team.changeRole(req.auth, id, role)
      })

      r.post('/:id/password-reset', { ...admin, schema: { summary: 'A one-time password reset link for a member', params: Id, body: NoBody, response: { 201: PasswordResetLink, ...errors } } }, async (req, reply) => reply.status(201).send(await team.passwordResetLink(req.auth, parseInput(Id, req.params, 'params').id)))
    }, { prefix: '/team' })
  }
}
