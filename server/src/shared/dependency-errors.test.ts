import { describe, expect, it } from 'vitest'
import { isDependencyUnavailable } from './dependency-errors.js'
import { AppError } from './errors.js'

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code })

describe('isDependencyUnavailable', () => {
  it('recognises PostgreSQL going away, through drizzle’s wrapper', () => {
    expect(isDependencyUnavailable(withCode('write CONNECTION_CLOSED 127.0.0.1:5432', 'CONNECTION_CLOSED'))).toBe(true)
    expect(isDependencyUnavailable(withCode('connect timeout', 'CONNECT_TIMEOUT'))).toBe(true)
    expect(isDependencyUnavailable(new Error('Failed query: select 1', { cause: withCode('terminating connection due to administrator command', '57P01') }))).toBe(true)
    expect(isDependencyUnavailable(withCode('the database system is starting up', '57P03'))).toBe(true)
    expect(isDependencyUnavailable(withCode('connection failure', '08006'))).toBe(true)
    expect(isDependencyUnavailable(new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], 'connect failed'))).toBe(true)
  })

  it('recognises Redis going away (ioredis)', () => {
    expect(isDependencyUnavailable(Object.assign(new Error('Reached the max retries per request limit (which is 1).'), { name: 'MaxRetriesPerRequestError' }))).toBe(true)
    expect(isDependencyUnavailable(new Error('Connection is closed.'))).toBe(true)
    expect(isDependencyUnavailable(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe(true)
    expect(isDependencyUnavailable(new Error('LOADING Redis is loading the dataset in memory'))).toBe(true)
  })

  it('leaves bugs, bad input and constraint errors alone', () => {
    expect(isDependencyUnavailable(new TypeError('x is undefined'))).toBe(false)
    expect(isDependencyUnavailable(withCode('duplicate key value', '23505'))).toBe(false)
    expect(isDependencyUnavailable(withCode('protocol violation', '08P01'))).toBe(false)
    expect(isDependencyUnavailable(new AppError('auth.invalid_credentials', 'Wrong e-mail or password.', 401))).toBe(false)
    expect(isDependencyUnavailable(undefined)).toBe(false)
    expect(isDependencyUnavailable('ECONNREFUSED')).toBe(false)
  })
})
