/**
 * Runs async tasks one after another, in the order they were queued. Used per tenant so that key
 * writes and creds writes reach the database in the order Baileys issued them.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve()

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task)
    this.tail = result.catch(() => undefined)
    return result
  }

  /** Resolves when everything queued so far has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined)
  }
}
