import { llmContract } from '../llm.contract.js'
import { OfflineLlm } from './offline-llm.js'

llmContract('The offline classifier', { create: () => new OfflineLlm() })
