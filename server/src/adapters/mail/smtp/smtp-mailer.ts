// MailPort over SMTP (nodemailer). The URL carries host, port, credentials and TLS mode
// (smtp:// with STARTTLS when offered, smtps:// for implicit TLS).
import nodemailer from 'nodemailer'
import type { MailMessage, MailPort } from '../mail.port.js'

export class SmtpMailer implements MailPort {
  private readonly transport: nodemailer.Transporter

  constructor(url: string, private readonly from: string, opts: { timeoutMs?: number } = {}) {
    const timeout = opts.timeoutMs ?? 15_000
    this.transport = nodemailer.createTransport({ url, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout } as never)
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text })
  }

  close(): void {
    this.transport.close()
  }
}
