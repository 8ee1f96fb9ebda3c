// Route meta used by middleware/auth.global.ts: `public` pages need no session.
declare module '#app' {
  interface PageMeta { public?: boolean }
}
declare module 'vue-router' {
  interface RouteMeta { public?: boolean }
}
export {}
