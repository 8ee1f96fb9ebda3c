/** module → (other module → first file that imports it). */
export type ModuleGraph = Map<string, Map<string, string>>
export function moduleGraph(modulesDir: string): ModuleGraph
export function findCycles(graph: ModuleGraph): string[][]
