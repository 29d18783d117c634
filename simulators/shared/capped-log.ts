/** An append-only list that forgets its oldest entries past `capacity`, so a long demo cannot grow without bound. */
export class CappedLog<T> {
  private items: T[] = []

  constructor(private readonly capacity: number) {}

  push(item: T): void {
    this.items.push(item)
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity)
  }

  all(): readonly T[] {
    return this.items
  }

  find(predicate: (item: T) => boolean): T | undefined {
    return this.items.find(predicate)
  }

  clear(): void {
    this.items = []
  }
}
