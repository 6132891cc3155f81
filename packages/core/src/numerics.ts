// Numeric kernels, layers and training loop (owned by the numerics work).
export {};
