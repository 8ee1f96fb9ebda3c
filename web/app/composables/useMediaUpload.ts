// One attachment in the reply box: uploaded the moment it is picked (POST /media, with progress),
// so "Kirim" only has to name it. A local preview shows at once; cancel aborts the upload.
import type { Media } from '~/types/api'

export interface PendingAttachment {
  file: File
  /** An object URL for photos (the preview chip), null for other files. */
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
    try {
      const media = await useApi().upload<Media>('/media', form, {
        signal: mine.signal,
        onUploadProgress: (f) => { if (controller === mine && current.value) current.value.progress = f },
      })
      if (controller === mine && current.value) Object.assign(current.value, { media, progress: 1 })
    } catch (e) {
      if (controller !== mine || (e as Error)?.name === 'AbortError') return
      if (current.value) current.value.error = errorMessage(e)
    }
  }

  onBeforeUnmount(clear)
  return { current, attach, clear, uploading: computed(() => !!current.value && !current.value.media && !current.value.error) }
}
