import { conflict, notFound } from '../../shared/errors.js'

export const quickReplyNotFound = () => notFound('quick_replies.not_found', 'No such quick reply.')
export const shortcutTaken = (shortcut: string) => conflict('quick_replies.shortcut_taken', `The shortcut "/${shortcut}" is already in use.`)
export const tooManyQuickReplies = (max: number) => conflict('quick_replies.limit_reached', `A shop can keep up to ${max} quick replies. Delete one first.`)
