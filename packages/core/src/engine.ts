// Plugin registry and pipeline engine (owned by the engine work).
export {};
