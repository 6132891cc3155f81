import type { Param } from '@sia/core';

/**
 * Optimizer state (velocities, moments) kept per `Param` object and made on its first step.
 * The epoch loop passes the same params array every step, so the lookup is done once per
 * array and the states list is reused: a step costs no Map lookups and no allocation.
 */
export class PerParam<S> {
  private readonly states = new Map<Param, S>();
  private lastParams: readonly Param[] | undefined;
  private lastStates: S[] = [];

  constructor(private readonly make: (p: Param) => S) {}

  /** The states of `params`, in the same order. */
  of(params: readonly Param[]): readonly S[] {
    if (params === this.lastParams && this.lastStates.length === params.length) return this.lastStates;
    const list = params.map((p) => {
      let s = this.states.get(p);
      if (s === undefined) {
        s = this.make(p);
        this.states.set(p, s);
      }
      return s;
    });
    this.lastParams = params;
    this.lastStates = list;
    return list;
  }
}
