/** A set of listeners where one that throws cannot stop the others or the client. */
export class Listeners<L> {
  private readonly set = new Set<L>();

  add(listener: L): () => void {
    this.set.add(listener);
    return () => {
      this.set.delete(listener);
    };
  }

  emit(log: (message: string) => void, call: (listener: L) => void): void {
    for (const listener of [...this.set]) {
      try {
        call(listener);
      } catch (err) {
        log(`a listener failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}
