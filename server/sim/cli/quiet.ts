// libsignal reports session housekeeping ("Closing session…") with console.info/log; in the
// simulator's tools that drowns the one JSON line they print. Tools only, never the product.
export function quietLibsignal(): void {
  const drop = (orig: (...a: unknown[]) => void) => (...args: unknown[]) => {
    if (typeof args[0] === 'string' && /session|Session/.test(args[0])) return
    orig(...args)
  }
  console.info = drop(console.info.bind(console))
  console.log = drop(console.log.bind(console))
  console.warn = drop(console.warn.bind(console))
}
