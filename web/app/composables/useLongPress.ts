// Long-press (touch) and right-click open a row's menu. Android fires `contextmenu` on a long
// press, iOS Safari does not, hence the touch timer; the click that ends a long press is eaten so
// the row does not also open.
const HOLD_MS = 500

export function useLongPress(onPress: () => void) {
  let timer: ReturnType<typeof setTimeout> | null = null
  let fired = false
  const clear = () => { if (timer) clearTimeout(timer); timer = null }

  return {
    // Every press starts fresh (pointerdown comes once, before touchstart and before a right-click).
    onPointerdown: () => { fired = false },
    onTouchstart: () => {
      clear()
      timer = setTimeout(() => { fired = true; onPress() }, HOLD_MS)
    },
    onTouchend: clear,
    onTouchmove: clear,
    onTouchcancel: clear,
    onContextmenu: (e: Event) => {
      e.preventDefault()
      clear()
      if (!fired) onPress()
      fired = true
    },
    onClickCapture: (e: Event) => {
      if (!fired) return
      fired = false
      e.preventDefault()
      e.stopPropagation()
    },
  }
}
