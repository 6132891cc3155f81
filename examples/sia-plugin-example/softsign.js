// @ts-check
/**
 * The softsign activation, f(x) = b·x / (1 + |b·x|), as a sia component plugin.
 *
 * Softsign (Bergstra et al. 2009; Glorot & Bengio 2010) is shaped like tanh, bounded in (-1, 1),
 * but approaches its bounds polynomially rather than exponentially, so its gradient
 * f'(x) = b / (1 + |b·x|)^2 stays larger for large |x| and saturated units keep learning.
 *
 * Plain JavaScript with JSDoc types: a plugin package needs no build step. The options schema is
 * ordinary JSON Schema; sia validates a pipeline's `{ type: acme:softsign, beta: 2 }` against it,
 * fills in the default, and lists the option in `sia plugins`.
 */

/** @typedef {import('@sia/core').Matrix} Matrix */
/** @typedef {{ beta: number }} SoftsignConfig */

/** @type {import('@sia/core').ComponentPlugin<'activation', SoftsignConfig>} */
const plugin = {
  kind: 'activation',
  // Third-party names carry a scope, like Vite's `vite:`: they can never clash with built-ins.
  name: 'acme:softsign',
  version: '0.1.0',
  description: 'softsign f(x) = b*x / (1 + |b*x|): tanh-shaped, with gradients that fade polynomially',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      beta: { type: 'number', exclusiveMinimum: 0, default: 1, description: 'slope b at the origin' },
    },
  },
  create(config) {
    const b = config.beta ?? 1;
    return {
      name: 'acme:softsign',
      /** y = b·z / (1 + |b·z|), element by element; y may alias z. */
      forward(/** @type {Matrix} */ z, /** @type {Matrix} */ y) {
        const zs = z.data;
        const ys = y.data;
        for (let i = 0; i < zs.length; i++) {
          const u = b * zs[i];
          ys[i] = u / (1 + Math.abs(u));
        }
      },
      /** dz = dy · b / (1 + |b·z|)^2; dz may alias dy. */
      backward(/** @type {Matrix} */ z, /** @type {Matrix} */ _y, /** @type {Matrix} */ dy, /** @type {Matrix} */ dz) {
        const zs = z.data;
        const dys = dy.data;
        const dzs = dz.data;
        for (let i = 0; i < zs.length; i++) {
          const d = 1 + Math.abs(b * zs[i]);
          dzs[i] = (dys[i] * b) / (d * d);
        }
      },
    };
  },
};

/** The plugin value: plain and frozen, registered by `pluginModule([softsignPlugin])`. */
export const softsignPlugin = Object.freeze(plugin);
