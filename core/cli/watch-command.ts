/** `netloom watch [--no-docker]`; returns the exit code. */
export async function watchCommand(_argv: string[]): Promise<number> {
  throw new Error('not yet implemented');
}
