/**
 * im2col and col2im: how a 2-D convolution becomes one matrix product.
 *
 * A batch of images is stored channels last (NHWC): item n, row y, column x, channel c sits at
 * `((n·H + y)·W + x)·C + c`. For a kh × kw kernel with stride s and zero padding p, output pixel
 * (oy, ox) reads the input pixels (oy·s − p + ky, ox·s − p + kx) for ky < kh, kx < kw.
 *
 * `im2col` writes one row per output pixel (n, oy, ox), in that order, holding that pixel's
 * receptive field in (ky, kx, c) order (kh·kw·C values, zeros where the field leaves the input):
 *
 *   cols[((n·outH + oy)·outW + ox), (ky·kw + kx)·C + c] = x[n, oy·s − p + ky, ox·s − p + kx, c]
 *
 * so a convolution with a filters × (kh·kw·C) weight matrix W is Z = cols·Wᵀ, whose rows are the
 * output pixels in NHWC order with one column per filter. `col2im` is the adjoint (the transpose
 * of im2col as a linear map): it adds each row of cols back onto the pixels it was read from,
 * which is both the input gradient of a convolution and the forward of a transposed convolution.
 *
 * Either precision: a Float32Array `cols` (im2col) stores each value rounded to float32, which is
 * how a float32 convolution rounds a float64 input; col2im's `+=` into a Float32Array is one
 * float32 addition per entry (the float64 sum of two float32 values, rounded once by the store).
 */
import type { FloatArray } from '@sia/core';

/** The geometry of a convolution from an inH × inW × channels image to an outH × outW image. */
export interface ConvGeometry {
  readonly inH: number;
  readonly inW: number;
  readonly channels: number;
  readonly kh: number;
  readonly kw: number;
  readonly stride: number;
  /** Zeros added on each side (top, bottom, left, right). */
  readonly padding: number;
  readonly outH: number;
  readonly outW: number;
}

/** Output length of a convolution along one axis: ⌊(n + 2p − k)/s⌋ + 1 (≤ 0 when k > n + 2p). */
export function convOutputSize(n: number, kernel: number, stride: number, padding: number): number {
  return Math.floor((n + 2 * padding - kernel) / stride) + 1;
}

/** The geometry of a convolution of an inH × inW × channels image, its output size computed. */
export function convGeometry(inH: number, inW: number, channels: number, kh: number, kw: number, stride: number, padding: number): ConvGeometry {
  return { inH, inW, channels, kh, kw, stride, padding, outH: convOutputSize(inH, kh, stride, padding), outW: convOutputSize(inW, kw, stride, padding) };
}

/** Columns of the im2col matrix: kh·kw·channels. */
export function patchSize(g: ConvGeometry): number {
  return g.kh * g.kw * g.channels;
}

/**
 * Writes the im2col matrix of `rows` images `x` (NHWC, rows·inH·inW·channels values) into `cols`
 * (rows·outH·outW × kh·kw·channels, row-major). Every entry of `cols` is written. No allocation.
 */
export function im2col(x: FloatArray, rows: number, g: ConvGeometry, cols: FloatArray): void {
  const { inH, inW, channels: C, kh, kw, stride: s, padding: p, outH, outW } = g;
  const K = kh * kw * C;
  const rowStride = inW * C;
  let r = 0; // offset of the current row of cols
  for (let n = 0; n < rows; n++) {
    const item = n * inH * rowStride;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++, r += K) {
        let o = r;
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * s - p + ky;
          if (iy < 0 || iy >= inH) {
            cols.fill(0, o, o + kw * C); // a whole kernel row above or below the image
            o += kw * C;
            continue;
          }
          const line = item + iy * rowStride;
          for (let kx = 0; kx < kw; kx++, o += C) {
            const ix = ox * s - p + kx;
            if (ix < 0 || ix >= inW) {
              for (let c = 0; c < C; c++) cols[o + c] = 0;
            } else {
              const from = line + ix * C;
              for (let c = 0; c < C; c++) cols[o + c] = x[from + c];
            }
          }
        }
      }
    }
  }
}

/**
 * The adjoint of `im2col`: ADDS every entry of `cols` (rows·outH·outW × kh·kw·channels) onto the
 * pixel of `x` (NHWC, rows·inH·inW·channels) it was read from; entries that fall in the padding
 * are dropped. Zero `x` first for a plain col2im, or fill it with a bias to add on top. Pixels
 * covered by several overlapping fields receive the sum of their entries. No allocation.
 */
export function col2im(cols: FloatArray, rows: number, g: ConvGeometry, x: FloatArray): void {
  const { inH, inW, channels: C, kh, kw, stride: s, padding: p, outH, outW } = g;
  const K = kh * kw * C;
  const rowStride = inW * C;
  let r = 0;
  for (let n = 0; n < rows; n++) {
    const item = n * inH * rowStride;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++, r += K) {
        let o = r;
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * s - p + ky;
          if (iy < 0 || iy >= inH) {
            o += kw * C;
            continue;
          }
          const line = item + iy * rowStride;
          for (let kx = 0; kx < kw; kx++, o += C) {
            const ix = ox * s - p + kx;
            if (ix < 0 || ix >= inW) continue;
            const to = line + ix * C;
            for (let c = 0; c < C; c++) x[to + c] += cols[o + c];
          }
        }
      }
    }
  }
}
