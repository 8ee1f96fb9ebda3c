// Route meta used by middleware/auth.global.ts: `public` pages need no session; `anySession`
// public pages stay open when someone is signed in (a reset link signs its own user in).
declare module '#app' {
  interface PageMeta { public?: boolean; anySession?: boolean }
}
declare module 'vue-router' {
  interface RouteMeta { public?: boolean; anySession?: boolean }
}
export {}
