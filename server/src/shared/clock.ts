/** Time source behind a port so schedulers and token expiry can be tested without sleeping. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }
