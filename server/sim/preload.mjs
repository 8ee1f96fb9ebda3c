// node --import ./server/sim/preload.mjs …  — for a product process started by a test or the load
// tool: trusts the simulator's root key (WA_SIM_ROOT_PUB, hex) in the process's own Baileys.
// Refuses unless WA_SIM=1. The URL is given to the product through its WA_WS_URL setting.
if (process.env.WA_SIM !== '1') throw new Error('sim preload refuses to run without WA_SIM=1')
const { WA_CERT_DETAILS } = await import('@whiskeysockets/baileys')
if (!process.env.WA_SIM_ROOT_PUB) throw new Error('sim preload needs WA_SIM_ROOT_PUB (hex)')
WA_CERT_DETAILS.PUBLIC_KEY = Buffer.from(process.env.WA_SIM_ROOT_PUB, 'hex')
