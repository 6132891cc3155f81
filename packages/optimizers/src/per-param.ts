import type { OptimizerState, Param } from '@sia/core';

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

type Values = Float64Array | Float32Array;

/** The rate in `state`, checked (every rule saves it). */
export function savedRate(state: OptimizerState, rule: string): number {
  const rate = state.numbers.rate;
  if (typeof rate !== 'number' || !Number.isFinite(rate)) throw new Error(`${rule}: the saved state has no rate`);
  return rate;
}

/** Copies a saved array into `into` after checking it is there with the same type and length. */
export function loadArray(state: OptimizerState, key: string, into: Values, rule: string): void {
  const saved = state.arrays[key];
  if (saved === undefined) throw new Error(`${rule}: the saved state has no ${key}`);
  if (saved.constructor !== into.constructor || saved.length !== into.length) {
    throw new Error(`${rule}: the saved ${key} has ${saved.length} ${saved.constructor.name} values, the param needs ${into.length} ${into.constructor.name}`);
  }
  into.set(saved);
}

/** A saved number, checked finite. */
export function loadNumber(state: OptimizerState, key: string, rule: string): number {
  const v = state.numbers[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${rule}: the saved state has no ${key}`);
  return v;
}
