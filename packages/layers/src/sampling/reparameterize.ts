import { Matrix, RowCache, expExact, type AnyMatrix, type Precision, type Rng } from '@sia/core';

interface SamplingBuffers {
  readonly z: AnyMatrix; // mean + std ∘ eps
  readonly std: AnyMatrix; // exp(logvar / 2)
}

/**
 * The reparameterization trick of a variational autoencoder (Kingma & Welling, 2014):
 *
 *   z = μ + σ ∘ ε,   σ = exp(ℓ / 2),   ε ~ N(0, I)
 *
 * where μ (mean) and ℓ (log-variance) are the encoder's two heads. Drawing ε outside the
 * network makes z a differentiable function of μ and ℓ:
 *
 *   ∂z/∂μ = 1,   ∂z/∂ℓ = σ ∘ ε / 2.
 *
 * It also owns the regulariser that pulls q(z|x) = N(μ, diag σ²) toward the prior N(0, I):
 *
 *   KL(q ‖ p) = ½ Σ_j (μ_j² + σ_j² − ℓ_j − 1)      per item (closed form for two Gaussians)
 *   ∂KL/∂μ = μ,   ∂KL/∂ℓ = ½ (σ² − 1) = ½ (exp ℓ − 1).
 *
 * The batch KL is the mean over items of the per-item sum, the same reduction as a loss with
 * `reduction: 'sum'`, so the two terms of the VAE objective weigh each other per item.
 * Buffers are made once per batch size; nothing allocates per call.
 */
export class Reparameterize {
  private readonly cache: RowCache<SamplingBuffers>;
  private last: SamplingBuffers | undefined;
  private lastEps: AnyMatrix | undefined;

  /** `precision`: of the buffers (float32 ones store each value rounded from its float64 computation). */
  constructor(
    readonly size: number,
    readonly precision: Precision = 'float64',
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`Reparameterize: size must be a positive integer, got ${size}`);
    this.cache = new RowCache((rows) => ({ z: Matrix.zeros(rows, size, precision), std: Matrix.zeros(rows, size, precision) }));
  }

  /** Fills `eps` with independent standard normal draws from `rng` (row by row, in order). */
  static drawNoise(rng: Rng, eps: AnyMatrix): void {
    rng.normals(eps.data, eps.data.length);
  }

  /**
   * z = mean + exp(logvar / 2) ∘ eps. Returns an internal buffer (valid until the next forward
   * with as many rows). `eps` must not change before `backward`.
   */
  forward(mean: AnyMatrix, logvar: AnyMatrix, eps: AnyMatrix): AnyMatrix {
    const rows = mean.rows;
    if (mean.cols !== this.size || logvar.rows !== rows || logvar.cols !== this.size || eps.rows !== rows || eps.cols !== this.size) {
      throw new Error('bug: Reparameterize.forward: shape mismatch');
    }
    const buf = this.cache.get(rows);
    const M = mean.data, L = logvar.data, E = eps.data, Z = buf.z.data, S = buf.std.data;
    for (let i = 0; i < M.length; i++) {
      const s = expExact(0.5 * L[i]!);
      S[i] = s;
      Z[i] = M[i]! + s * E[i]!;
    }
    this.last = buf;
    this.lastEps = eps;
    return buf.z;
  }

  /**
   * Given dL/dz of the last forward, OVERWRITES `dMean` with dL/dμ = dL/dz and `dLogvar` with
   * dL/dℓ = dL/dz ∘ σ ∘ ε / 2.
   */
  backward(dz: AnyMatrix, dMean: AnyMatrix, dLogvar: AnyMatrix): void {
    const buf = this.last;
    const eps = this.lastEps;
    if (buf === undefined || eps === undefined || dz.rows !== buf.z.rows || dMean.rows !== dz.rows || dLogvar.rows !== dz.rows) {
      throw new Error('bug: Reparameterize.backward without a matching forward');
    }
    const G = dz.data, S = buf.std.data, E = eps.data, DM = dMean.data, DL = dLogvar.data;
    for (let i = 0; i < G.length; i++) {
      const g = G[i]!;
      DM[i] = g;
      DL[i] = 0.5 * g * S[i]! * E[i]!;
    }
  }
}

/** KL(N(μ, diag exp ℓ) ‖ N(0, I)) summed over the latent units, averaged over the rows. */
export function gaussianKl(mean: AnyMatrix, logvar: AnyMatrix): number {
  const M = mean.data, L = logvar.data;
  let s = 0;
  for (let i = 0; i < M.length; i++) {
    const m = M[i]!, l = L[i]!;
    s += m * m + expExact(l) - l - 1;
  }
  return mean.rows === 0 ? 0 : (0.5 * s) / mean.rows;
}

/**
 * ADDS `weight` times the gradient of `gaussianKl` to `dMean` and `dLogvar`:
 * ∂/∂μ = μ / rows, ∂/∂ℓ = ½ (exp ℓ − 1) / rows.
 */
export function addGaussianKlGradient(mean: AnyMatrix, logvar: AnyMatrix, weight: number, dMean: AnyMatrix, dLogvar: AnyMatrix): void {
  if (weight === 0 || mean.rows === 0) return;
  const M = mean.data, L = logvar.data, DM = dMean.data, DL = dLogvar.data;
  const k = weight / mean.rows;
  for (let i = 0; i < M.length; i++) {
    DM[i] += k * M[i]!;
    DL[i] += 0.5 * k * (expExact(L[i]!) - 1);
  }
}
