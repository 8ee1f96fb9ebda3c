// Placeholder until the foundation lands the real service bootstrap.
export default async function setup(): Promise<void> {}
