// Docker "deps" stage: rewrites the copied manifests so `npm install --omit=dev` installs only what
// the server needs at run time. (`npm ci --omit=dev --workspace server` still installs the
// workspace's dev tools — eslint, typescript, vite — through peer links; dropping the dashboard
// workspace and every devDependencies block avoids that. Versions still come from the lockfile.)
import { readFileSync, writeFileSync } from 'node:fs'

const edit = (file, change) => {
  const json = JSON.parse(readFileSync(file, 'utf8'))
  change(json)
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`)
}
edit('package.json', (root) => { root.workspaces = ['server']; delete root.devDependencies; delete root.scripts })
edit('server/package.json', (server) => { delete server.devDependencies; delete server.scripts })
