// One attachment in the reply box: uploaded the moment it is picked (POST /media, with progress),
// so "Kirim" only has to name it. A local preview shows at once; cancel aborts the upload. A video
// gets a frame grabbed in the browser as its poster (uploaded as the video's preview), so the
// customer sees a picture before downloading it.
import type { Media } from '~/types/api'
import { videoFrameJpeg } from '~/utils/video-frame'

export interface PendingAttachment {
  file: File
  /** An object URL for photos and a video's grabbed frame (the preview chip), null for other files. */
  previewUrl: string | null
  /** 0–1 while the file goes out. */
  progress: number
  media: Media | null
  error: string | null
}

export function useMediaUpload() {
  const errorMessage = useErrorMessage()
  const current = ref<PendingAttachment | null>(null)
  let controller: AbortController | null = null

  function clear() {
    controller?.abort()
    controller = null
    if (current.value?.previewUrl) URL.revokeObjectURL(current.value.previewUrl)
    current.value = null
  }

  async function attach(file: File): Promise<void> {
    clear()
    const mine = new AbortController()
    controller = mine
    current.value = { file, previewUrl: file.type.startsWith('image/') ? URL.createObjectURL(file) : null, progress: 0, media: null, error: null }
    const form = new FormData()
    form.append('file', file, file.name || 'file')
    const frame = file.type.startsWith('video/') ? videoFrameJpeg(file) : Promise.resolve(null)
    void frame.then((f) => { if (f && controller === mine && current.value) current.value.previewUrl = URL.createObjectURL(f) })
    try {
      let media = await useApi().upload<Media>('/media', form, {
        signal: mine.signal,
        onUploadProgress: (f) => { if (controller === mine && current.value) current.value.progress = f },
      })
      const poster = media.kind === 'video' ? await frame : null
      if (poster && controller === mine) {
        const p = new FormData()
        p.append('file', poster, 'poster.jpg')
        // Without a poster the video still goes out (as before); the preview is a nicety.
        media = await useApi().upload<Media>(`/media/${media.id}/preview`, p, { signal: mine.signal }).catch(() => media)
      }
      if (controller === mine && current.value) Object.assign(current.value, { media, progress: 1 })
    } catch (e) {
      if (controller !== mine || (e as Error)?.name === 'AbortError') return
      if (current.value) current.value.error = errorMessage(e)
    }
  }

  onBeforeUnmount(clear)
  return { current, attach, clear, uploading: computed(() => !!current.value && !current.value.media && !current.value.error) }
}
