// Random number generation bit-for-bit as PyTorch's CPU generator produces it.

export { Generator, defaultGenerator, DEFAULT_SEED, nondeterministicSeed } from "./generator";
export * from "./ops";
export * from "./integers";
