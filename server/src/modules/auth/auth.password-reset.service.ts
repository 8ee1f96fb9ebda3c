// "Lupa kata sandi": one-time reset links. With SMTP configured a person asks for one by e-mail;
// without it an owner/admin makes one for a teammate on the Team page and passes it on. The link
// carries its token in the URL fragment (`/reset-password#token=…`), which browsers never send to
// a server, so it stays out of access logs; the page posts it in the body. Tokens are random,
// stored hashed, single use and short-lived; using one ends every session of the user.
import type { Db } from '../../db/client.js'
import type { MailPort } from '../../adapters/mail/mail.port.js'
import type { Clock } from '../../shared/clock.js'
import { safeEqual, sha256 } from '../../shared/crypto.js'
import { badRequest } from '../../shared/errors.js'
import { newId, randomToken } from '../../shared/ids.js'
import type { Logger } from '../../shared/logger.js'
import { usersRepository } from './auth.repository.js'
import type { AuthService, IssuedSession } from './auth.service.js'
import { parseToken } from './auth.service.js'
import { passwordResetRepository } from './auth.password-reset.repository.js'

const invalidLink = () => badRequest('auth.reset_invalid', 'This reset link is not valid any more. Ask for a new one.')

export interface PasswordResetDeps {
  db: Db
  clock: Clock
  auth: Pick<AuthService, 'replacePassword'>
  ttlMinutes: number
  /** Where the dashboard lives, for links in e-mails. */
  publicUrl: string
  mailer: MailPort | undefined
  logger: Logger
}

export class PasswordResetService {
  constructor(private readonly deps: PasswordResetDeps) {}

  /** Whether people can get a link by e-mail (else: ask the owner/admin). */
  get emailEnabled(): boolean { return this.deps.mailer !== undefined }

  /** A link an owner/admin passes on to a teammate. The caller checked who may do this. */
  async createLink(tenantId: string, userId: string, createdBy: string): Promise<{ token: string; path: string; expiresAt: Date }> {
    return this.create(tenantId, userId, createdBy)
  }

  /**
   * E-mails a link when the address belongs to someone. The answer never says whether it did, so
   * this cannot be used to find out which e-mails have accounts.
   */
  async requestByEmail(email: string): Promise<void> {
    if (!this.deps.mailer) return
    const user = await usersRepository.findByEmailForLogin(this.deps.db, email.toLowerCase())
    if (!user) return
    const link = await this.create(user.tenantId, user.id, null)
    const url = `${this.deps.publicUrl.replace(/\/$/, '')}${link.path}`
    const minutes = this.deps.ttlMinutes
    try {
      await this.deps.mailer.send({
        to: user.email,
        subject: 'Atur ulang kata sandi Warta / Reset your Warta password',
        text: [
          `Halo ${user.name},`, '',
          `Buka tautan ini untuk membuat kata sandi baru (berlaku ${minutes} menit, sekali pakai):`, url, '',
          'Jika Anda tidak memintanya, abaikan e-mail ini.', '', '—', '',
          `Open this link to set a new password (valid for ${minutes} minutes, once):`, url, '',
          'If you did not ask for it, ignore this e-mail.',
        ].join('\n'),
      })
    } catch (err) {
      // Logged without the address or the link; the person sees the same answer either way.
      this.deps.logger.error({ err: { message: (err as Error).message, code: (err as { code?: string }).code } }, 'password reset e-mail could not be sent')
    }
  }

  /** Uses a link: the new password is set, every session of the user ends, and a new one starts. */
  async reset(token: string, newPassword: string): Promise<IssuedSession> {
    const parsed = parseToken(token, 'pr1')
    if (!parsed) throw invalidLink()
    const { db, clock } = this.deps
    const row = await passwordResetRepository.get(db, parsed.tenantId, parsed.id)
    if (!row || !safeEqual(row.tokenHash, sha256(parsed.secret))) throw invalidLink()
    const now = clock.now()
    if (!(await passwordResetRepository.claim(db, row.tenantId, row.id, now))) throw invalidLink()
    await passwordResetRepository.closeAllForUser(db, row.tenantId, row.userId, now)
    return this.deps.auth.replacePassword(row.tenantId, row.userId, newPassword)
  }

  private async create(tenantId: string, userId: string, createdBy: string | null): Promise<{ token: string; path: string; expiresAt: Date }> {
    const { db, clock } = this.deps
    const now = clock.now()
    // One open link per person: a new one closes the older ones.
    await passwordResetRepository.closeAllForUser(db, tenantId, userId, now)
    const id = newId()
    const secret = randomToken(32)
    const expiresAt = new Date(now.getTime() + this.deps.ttlMinutes * 60_000)
    await passwordResetRepository.insert(db, tenantId, { id, userId, tokenHash: sha256(secret), expiresAt, createdBy })
    const token = `pr1.${tenantId}.${id}.${secret}`
    return { token, path: `/reset-password#token=${token}`, expiresAt }
  }
}
