import type { Rule } from 'eslint'

export function moduleOf(file: string): string | undefined
declare const plugin: { rules: { 'module-boundaries': Rule.RuleModule; 'sql-in-repositories': Rule.RuleModule } }
export default plugin
