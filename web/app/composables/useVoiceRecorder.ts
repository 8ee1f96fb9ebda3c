// Records a voice note in the browser (MediaRecorder; webm/opus in Chromium, the server remuxes it
// to the Ogg/Opus WhatsApp plays as a voice note). `stop()` resolves with the recording, `cancel()`
// throws it away; the microphone is released either way.
export function useVoiceRecorder() {
  const { t } = useI18n()
  const recording = ref(false)
  const elapsedMs = ref(0)
  const error = ref('')
  let recorder: MediaRecorder | null = null
  let stream: MediaStream | null = null
  let chunks: Blob[] = []
  let startedAt = 0
  let ticker: ReturnType<typeof setInterval> | null = null

  function release() {
    if (ticker) clearInterval(ticker)
    ticker = null
    stream?.getTracks().forEach((tr) => tr.stop())
    stream = null
    recorder = null
    recording.value = false
  }

  async function start(): Promise<boolean> {
    error.value = ''
    if (recording.value) return true
    if (typeof MediaRecorder === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
      error.value = t('media.micUnsupported')
      return false
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true })
    } catch {
      error.value = t('media.micDenied')
      return false
    }
    const type = ['audio/ogg;codecs=opus', 'audio/webm;codecs=opus', 'audio/webm'].find((m) => MediaRecorder.isTypeSupported(m))
    recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined)
    chunks = []
    recorder.ondataavailable = (e) => { if (e.data.size) chunks.push(e.data) }
    recorder.start(250)
    startedAt = Date.now()
    elapsedMs.value = 0
    // A clock for the person (the timer on screen), not a wait: nothing depends on its pace.
    ticker = setInterval(() => { elapsedMs.value = Date.now() - startedAt }, 250)
    recording.value = true
    return true
  }

  function stop(): Promise<File | null> {
    const r = recorder
    if (!r) return Promise.resolve(null)
    return new Promise((resolve) => {
      r.onstop = () => {
        const type = r.mimeType || 'audio/webm'
        const ext = type.includes('ogg') ? 'ogg' : 'webm'
        const file = chunks.length ? new File(chunks, `pesan-suara.${ext}`, { type }) : null
        release()
        resolve(file)
      }
      r.stop()
    })
  }

  function cancel() {
    if (recorder) {
      recorder.onstop = null
      if (recorder.state !== 'inactive') recorder.stop()
    }
    chunks = []
    release()
  }

  onBeforeUnmount(cancel)
  return { recording, elapsedMs, error, start, stop, cancel }
}
