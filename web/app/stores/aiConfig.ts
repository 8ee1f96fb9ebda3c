// The tenant's AI configuration and business profile (GET/PUT /ai-config), shared by the
// settings pages and the onboarding wizard.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AiConfig, AiConfigPatch, AiUsage, ClassifierTest, PriceListImport, ReplyPreview, Tone } from '../types/api'
import { useApi } from '../composables/useApi'

export const useAiConfigStore = defineStore('aiConfig', () => {
  const config = ref<AiConfig | null>(null)
  const loading = ref(false)
  const error = ref<unknown>(null)

  async function load(force = false): Promise<void> {
    if (config.value && !force) return
    loading.value = !config.value
    error.value = null
    try {
      config.value = await useApi().get<AiConfig>('/ai-config')
    } catch (e) {
      error.value = e
    } finally {
      loading.value = false
    }
  }

  async function save(patch: AiConfigPatch): Promise<AiConfig> {
    config.value = await useApi().put<AiConfig>('/ai-config', patch)
    return config.value
  }

  async function importPriceList(csv: string, dryRun: boolean): Promise<PriceListImport> {
    const result = await useApi().post<PriceListImport>('/ai-config/price-list/import', { csv, dryRun })
    if (!dryRun && result.errors.length === 0 && config.value) config.value = { ...config.value, priceList: result.rows }
    return result
  }

  const testClassifier = (text: string) => useApi().post<ClassifierTest>('/ai-config/test-classifier', { text })
  /** What the AI would answer `text` with the stored profile, and whether it would send it. */
  const previewReply = (text: string, tone?: Tone) => useApi().post<ReplyPreview>('/ai-config/preview-reply', { text, ...(tone ? { tone } : {}) })

  /** This month's token usage of the tenant's own model, next to the owner's cap. */
  const usage = () => useApi().get<AiUsage>('/ai-config/usage')

  function reset(): void {
    config.value = null
  }

  return { config, loading, error, load, save, importPriceList, testClassifier, previewReply, usage, reset }
})
