import { Matrix, type AnyMatrix, type FloatArray } from '../tensor/matrix.js';
import { createRng } from '../rng/xoshiro.js';
import type { Activation, Layer, Loss, Penalty } from './types.js';

/**
 * Finite-difference gradient checks: the oracle for every backward pass in sia and in
 * third-party plugins. Each analytic derivative is compared with the central difference
 *
 *   ∂L/∂θ_i ≈ (L(θ + h·e_i) − L(θ − h·e_i)) / 2h        (error O(h²))
 *
 * and the result is the largest relative error |a − n| / max(|a|, |n|, floor).
 *
 * Defaults, and why: the quotient has a truncation error ≈ h²·f'''/6 and a round-off error
 * ≈ ε·|L|/h (ε = 2.2e-16). For the networks sia trains (losses of 0.1–30) h = 1e-4 balances the
 * two better than 1e-5 (measured: 3–10× smaller worst errors). The floor keeps derivatives that
 * are zero or nearly so (below 1e-5) from turning that absolute round-off into huge ratios: they
 * are judged by |a − n| / 1e-5 instead. A wrong derivative formula shows up as an error of
 * order 1e-2 or more; correct ones stay below 1e-5 (one layer) or 1e-4 (a deep network).
 * Near a kink (ReLU at 0), keep inputs at least 2h away from it.
 *
 * Float32 tensors (a float32 network): the loss then carries float32 round-off (ε = 6e-8 of each
 * value), so take h ≈ 1e-2 and expect worst errors up to ~1e-2 for correct derivatives; the
 * difference is divided by the step the Float32Array actually stored (saved ± h, rounded).
 */
export interface GradCheckOptions {
  /** Step h (default 1e-4). */
  readonly step?: number;
  /** Smallest denominator of the relative error (default 1e-5). */
  readonly floor?: number;
  /** Check at most this many entries of each tensor, evenly spaced (default: all). */
  readonly maxPerTensor?: number;
  /** Seed of the random projection used when no loss is given (default 1). */
  readonly seed?: number;
}

export interface GradCheckResult {
  /** The largest relative error over every checked entry. */
  readonly maxRelativeError: number;
  /** Largest relative error per tensor (parameter names, `input`, `z`, `pred`). */
  readonly perTensor: Readonly<Record<string, number>>;
  /** Where the largest error is. */
  readonly worst: { readonly tensor: string; readonly index: number; readonly analytic: number; readonly numeric: number };
  /** Entries compared. */
  readonly checked: number;
}

/** A tensor to perturb: its live values and the analytic gradient computed at those values. */
export interface GradCheckTensor {
  readonly name: string;
  readonly value: FloatArray;
  readonly grad: FloatArray;
}

/** |a − n| / max(|a|, |n|, floor). */
export function relativeError(analytic: number, numeric: number, floor = 1e-5): number {
  const d = Math.abs(analytic - numeric);
  return d === 0 ? 0 : d / Math.max(Math.abs(analytic), Math.abs(numeric), floor);
}

/**
 * The core check: `lossAt()` evaluates the loss at the current values; each tensor's `grad`
 * must already hold the analytic gradient at those values. Values are restored exactly.
 */
export function checkGradients(lossAt: () => number, tensors: readonly GradCheckTensor[], options: GradCheckOptions = {}): GradCheckResult {
  const h = options.step ?? 1e-4;
  const floor = options.floor ?? 1e-5;
  const perTensor: Record<string, number> = {};
  let worst = { tensor: '', index: -1, analytic: 0, numeric: 0 };
  let max = 0;
  let checked = 0;
  for (const t of tensors) {
    const n = t.value.length;
    const f32 = t.value instanceof Float32Array;
    const count = Math.min(n, options.maxPerTensor ?? n);
    let tensorMax = 0;
    for (let c = 0; c < count; c++) {
      const i = count === n ? c : Math.floor((c * n) / count);
      const saved = t.value[i]!;
      t.value[i] = saved + h;
      const up = t.value[i]!;
      const plus = lossAt();
      t.value[i] = saved - h;
      const down = t.value[i]!;
      const minus = lossAt();
      t.value[i] = saved;
      // A Float32Array stores saved ± h rounded: divide by the step actually taken.
      const numeric = (plus - minus) / (f32 ? up - down : 2 * h);
      const analytic = t.grad[i]!;
      // A NaN or infinite derivative is a failure, not an entry to skip.
      const e = Number.isFinite(numeric) && Number.isFinite(analytic) ? relativeError(analytic, numeric, floor) : Number.POSITIVE_INFINITY;
      if (e > tensorMax) tensorMax = e;
      if (worst.index < 0 || e > max) {
        max = e;
        worst = { tensor: t.name, index: i, analytic, numeric };
      }
      checked++;
    }
    perTensor[t.name] = Math.max(perTensor[t.name] ?? 0, tensorMax);
  }
  lossAt(); // leave any internal buffers in the state of the unperturbed values
  return { maxRelativeError: max, perTensor, worst, checked };
}

/** A fixed random matrix R: the loss L(y) = Σ R∘y has dL/dy = R, which exercises every output. */
function projection(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed, 'grad-check');
  const r = new Matrix(rows, cols);
  for (let i = 0; i < r.data.length; i++) r.data[i] = rng.uniform() * 2 - 1;
  return r;
}

function dot(a: FloatArray, b: FloatArray): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export interface LayerCheckOptions extends GradCheckOptions {
  /** Use this loss on the layer's output instead of a random projection. */
  readonly loss?: Loss;
  /** Targets for `loss` (same shape as the output). */
  readonly target?: Matrix;
  /**
   * Check the training behaviour (`forward(x, true)`: batch statistics, a sampled code). A layer
   * that draws in training must draw the same numbers on every forward for the check to hold.
   */
  readonly training?: boolean;
}

/**
 * Checks d(loss)/d(params) and d(loss)/d(input) of any layer or network (a `Sequential`, an
 * `Model`, a plugin's layer). `x` is perturbed in place and restored.
 */
export function checkLayerGradients(layer: Layer, x: Matrix, options: LayerCheckOptions = {}): GradCheckResult {
  const training = options.training === true;
  const y0 = layer.forward(x, training);
  const { loss, target } = options;
  let dy: AnyMatrix;
  let lossOf: (y: AnyMatrix) => number;
  if (loss) {
    if (!target) throw new Error('checkLayerGradients: a loss needs a target');
    dy = new Matrix(y0.rows, y0.cols);
    loss.gradient(y0, target, dy);
    lossOf = (y) => loss.value(y, target);
  } else {
    const r = projection(y0.rows, y0.cols, options.seed ?? 1);
    dy = r;
    lossOf = (y) => dot(r.data, y.data);
  }
  const dx = layer.backward(dy, true).data.slice();
  const tensors: GradCheckTensor[] = layer.params.map((p) => ({ name: p.name, value: p.value, grad: p.grad.slice() }));
  tensors.push({ name: 'input', value: x.data, grad: dx });
  // A layer with a penalty (KL, activity) adds weight · value to the objective, and its backward
  // that term's gradient: check the sum.
  // A network (`Sequential`, `Model`) lists its layers' penalties as `penalties`.
  const penalties = layer.penalty !== undefined ? [layer.penalty] : ((layer as { penalties?: readonly Penalty[] }).penalties ?? []);
  const objective = (y: AnyMatrix): number => {
    let v = lossOf(y);
    for (const p of penalties) v += p.weight * p.value;
    return v;
  };
  return checkGradients(() => objective(layer.forward(x, training)), tensors, options);
}

/** Checks an activation's backward (dz = dy ∘ f'(z)) at the pre-activations `z` (perturbed and restored). */
export function checkActivationGradient(activation: Activation, z: Matrix, options: GradCheckOptions = {}): GradCheckResult {
  const y = new Matrix(z.rows, z.cols);
  const r = projection(z.rows, z.cols, options.seed ?? 1);
  const dz = new Matrix(z.rows, z.cols);
  activation.forward(z, y);
  activation.backward(z, y, r, dz);
  const lossAt = (): number => {
    activation.forward(z, y);
    return dot(r.data, y.data);
  };
  return checkGradients(lossAt, [{ name: 'z', value: z.data, grad: dz.data }], options);
}

/** Checks a loss's gradient with respect to the predictions (perturbed and restored). */
export function checkLossGradient(loss: Loss, pred: Matrix, target: Matrix, options: GradCheckOptions = {}): GradCheckResult {
  const g = new Matrix(pred.rows, pred.cols);
  loss.gradient(pred, target, g);
  return checkGradients(() => loss.value(pred, target), [{ name: 'pred', value: pred.data, grad: g.data }], options);
}
