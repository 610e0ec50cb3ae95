// At most N pushes at work at once (validating, then in their transaction); the others wait their
// turn in order of arrival. Each push in its transaction holds a pool connection throughout (its
// projection runs in slices in between): with every connection held by pushes, a city query (and
// its sign-in check) would queue behind them in the pool for seconds. A waiting push holds only its
// parsed request, not the rows made from it, which keeps the young generation small (GC pauses).
// And a small PostgreSQL server gains nothing from dozens of concurrent writers.
export class Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {}

  /** Waits for a place; call the returned function exactly once to give it back. */
  async enter(): Promise<() => void> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
  }
}
