// Sending e-mail (password reset links). The product has one implementation, SMTP; without
// SMTP_URL there is no mailer at all and the UI offers owner-made links instead.
export interface MailMessage {
  to: string
  subject: string
  text: string
}

export interface MailPort {
  send(message: MailMessage): Promise<void>
  close(): void
}
