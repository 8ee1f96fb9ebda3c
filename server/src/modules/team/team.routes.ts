// /api/v1/team: members of the tenant. Inviting creates the user with a one-time temporary password
// (shown once, no e-mail is sent); admins manage agents and viewers, only owners manage admins.
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Db } from '../../db/client.js'
import { isUniqueViolation } from '../../db/errors.js'
import { requireRole, roleAtLeast } from '../../plugins/auth.js'
import { hashPassword } from '../../shared/crypto.js'
import { badRequest, conflict, forbidden, notFound } from '../../shared/errors.js'
import { newId, randomToken } from '../../shared/ids.js'
import { parseInput } from '../../shared/validation.js'
import { usersRepository } from '../auth/auth.repository.js'
import { toUserDto } from '../auth/auth.service.js'

const Invite = z.strictObject({
  email: z.string().trim().max(254).pipe(z.email({ message: 'Enter a valid e-mail address.' })),
  name: z.string().trim().min(1).max(120).optional(),
  role: z.enum(['admin', 'agent', 'viewer']),
})
const Id = z.strictObject({ id: z.uuid() })

export function teamRoutes(db: Db) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (r) => {
      r.addHook('preHandler', app.authenticate)
      r.get('/', async (req) => ({ items: (await usersRepository.list(db, req.auth.tenantId)).map((u) => ({ ...toUserDto(u), createdAt: u.createdAt.toISOString() })) }))

      r.post('/', { preHandler: requireRole('admin') }, async (req, reply) => {
        const body = parseInput(Invite, req.body)
        if (body.role === 'admin' && !roleAtLeast(req.auth.role, 'owner')) throw forbidden('auth.forbidden', 'Only an owner can add admins.')
        const temporaryPassword = randomToken(9)
        try {
          const user = await usersRepository.insert(db, req.auth.tenantId, {
            id: newId(), email: body.email.toLowerCase(), name: body.name ?? body.email.split('@')[0]!, role: body.role, passwordHash: await hashPassword(temporaryPassword),
          })
          return reply.status(201).send({ member: { ...toUserDto(user), createdAt: user.createdAt.toISOString() }, temporaryPassword })
        } catch (err) {
          if (isUniqueViolation(err)) throw conflict('team.email_taken', 'Someone with this e-mail already has an account.')
          throw err
        }
      })

      r.delete('/:id', { preHandler: requireRole('admin') }, async (req, reply) => {
        const { id } = parseInput(Id, req.params, 'params')
        if (id === req.auth.userId) throw badRequest('team.cannot_remove_self', 'You cannot remove yourself.')
        const target = await usersRepository.get(db, req.auth.tenantId, id)
        if (!target) throw notFound('team.not_found', 'No such member.')
        if (roleAtLeast(target.role, 'admin') && !roleAtLeast(req.auth.role, 'owner')) throw forbidden('auth.forbidden', 'Only an owner can remove admins and owners.')
        if (target.role === 'owner' && (await usersRepository.countOwners(db, req.auth.tenantId)) <= 1) throw conflict('team.last_owner', 'A business needs at least one owner.')
        await usersRepository.delete(db, req.auth.tenantId, id)
        return reply.status(204).send()
      })
    }, { prefix: '/team' })
  }
}
