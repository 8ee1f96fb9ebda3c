// The app's sections, shared by the desktop sidebar, the phone tab bar and the "more" page.
export interface NavItem { to: string; label: string; icon: string; tab?: boolean }

export const NAV_ITEMS: NavItem[] = [
  { to: '/inbox', label: 'nav.inbox', icon: 'inbox', tab: true },
  { to: '/follow-ups', label: 'nav.followUps', icon: 'followups', tab: true },
  { to: '/customers', label: 'nav.customers', icon: 'user' },
  { to: '/overview', label: 'nav.overview', icon: 'overview', tab: true },
  { to: '/device', label: 'nav.device', icon: 'device', tab: true },
  { to: '/settings/ai', label: 'nav.aiSettings', icon: 'ai' },
  { to: '/settings/inbox', label: 'nav.inboxTools', icon: 'bolt' },
  { to: '/settings/away', label: 'nav.away', icon: 'clock' },
  { to: '/settings/profile', label: 'nav.profile', icon: 'profile' },
  { to: '/settings/knowledge', label: 'nav.knowledge', icon: 'book' },
  { to: '/team', label: 'nav.team', icon: 'team' },
  { to: '/integrations', label: 'nav.integrations', icon: 'key' },
  { to: '/audit', label: 'nav.audit', icon: 'clock' },
]
