// Kept for callers that import the load tooling from here (server/bench/sessions.bench.ts).
export { runBareLoad, type BareLoadOptions, type BareLoadResult } from '../load/bare-load.js'
export { createFixture, loadFixtureSessions, fixtureFiles, type FixtureSession } from '../load/fixture.js'
export { startSimProcess, control, type SimProcess, type SimEndpoint } from '../load/sim-process.js'
