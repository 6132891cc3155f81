/**
 * The KL weight of epoch `epoch` (1-based) under a linear warm-up over `warmup` epochs:
 *
 *   w(e) = β · min(1, (e − 1) / warmup),   w(e) = β when warmup = 0.
 *
 * Epoch 1 trains on the reconstruction alone, epoch warmup + 1 and later on the full objective.
 * Starting at 0 lets the encoder spread the items apart before the prior pulls the codes
 * together (Bowman et al., 2016), which avoids the early collapse of q(z|x) onto the prior.
 */
export function klWeight(epoch: number, beta: number, warmup: number): number {
  if (warmup <= 0) return beta;
  return beta * Math.min(1, Math.max(0, epoch - 1) / warmup);
}
