// The knowledge base's jobs for the worker's registry (queue/jobs.ts names them).
import type { JobHandler } from '../../queue/job-runtime.js'
import type { JobPayload } from '../../queue/jobs.js'
import type { KnowledgeService } from './knowledge.service.js'

export function knowledgeJobs(knowledge: Pick<KnowledgeService, 'process' | 'markFailed'>) {
  const handler: JobHandler<'knowledge.process'> = (p) => knowledge.process(p.tenantId, p.documentId, p.revision)
  const onFinalFailure = (p: JobPayload<'knowledge.process'>) => knowledge.markFailed(p.tenantId, p.documentId, p.revision)
  return { handler, onFinalFailure }
}
