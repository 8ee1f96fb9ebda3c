// A poster for a video the shop sends: the server has no ffmpeg, so the browser draws a frame of
// the picked file with <video> + canvas and uploads it as the video's preview (WhatsApp shows it
// before the customer downloads the video). Best effort: a file the browser cannot play gives none.

/** Longest side of the frame sent (the server keeps at most 320 px; a little more is wasted). */
const FRAME_PX = 480
/** Never wait longer than this for a frame: sending does not depend on it. */
const FRAME_TIMEOUT_MS = 8000

export function videoFrameJpeg(file: Blob, timeoutMs = FRAME_TIMEOUT_MS): Promise<Blob | null> {
  return new Promise((resolve) => {
    const url = URL.createObjectURL(file)
    const video = document.createElement('video')
    let settled = false
    const done = (frame: Blob | null) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      video.removeAttribute('src')
      video.load()
      URL.revokeObjectURL(url)
      resolve(frame)
    }
    const timer = setTimeout(() => done(null), timeoutMs)
    video.muted = true
    video.playsInline = true
    video.preload = 'auto'
    video.onerror = () => done(null)
    // The first frame is often black (a fade-in): a moment in, but never past the end.
    video.onloadedmetadata = () => { video.currentTime = Math.min(0.5, (video.duration || 0) / 2) }
    video.onseeked = () => {
      const scale = Math.min(1, FRAME_PX / Math.max(video.videoWidth, video.videoHeight, 1))
      const canvas = document.createElement('canvas')
      canvas.width = Math.max(1, Math.round(video.videoWidth * scale))
      canvas.height = Math.max(1, Math.round(video.videoHeight * scale))
      const ctx = canvas.getContext('2d')
      if (!ctx || !video.videoWidth) return done(null)
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height)
      canvas.toBlob((b) => done(b), 'image/jpeg', 0.75)
    }
    video.src = url
  })
}
