// Floating-point random ops with PyTorch's checks, error texts and autograd behaviour: the in-place
// samplers (normal_, uniform_, bernoulli_, exponential_), rand, randn, bernoulli and normal.

import { castScalar, DType } from "../dtype";
import { withGradMode } from "../grad_mode";
import { runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { zeros } from "../ops/creation";
import { add, mul } from "../ops/arithmetic";
import { broadcastShapes, scalarTensor } from "../ops/kernels";
import { record } from "../ops/record";
import { expand } from "../ops/view";
import { defaultGenerator, Generator } from "./generator";
import { requireFloating, sampleInPlace, zerosLike } from "./in_place";
import { bernoulliScalarKernel, bernoulliTensorKernel, exponentialKernel, uniformKernel } from "./kernels";
import { normalKernel } from "./normal_kernel";

export function normal_(self: Tensor, mean = 0, std = 1, gen: Generator = defaultGenerator): Tensor {
  if (!(std >= 0)) throw runtimeError(`normal expects std >= 0.0, but found std ${std}`);
  requireFloating(self, "normal_kernel_cpu");
  return sampleInPlace(self, "NormalBackward0", () => normalKernel(self, mean, std, gen));
}

export function uniform_(self: Tensor, from = 0, to = 1, gen: Generator = defaultGenerator): Tensor {
  requireFloating(self, "check_uniform_bounds");
  if (from > to) throw runtimeError(`uniform_ expects to return a [from, to) range, but found from=${from} > to=${to}`);
  return sampleInPlace(self, "UniformBackward0", () => uniformKernel(self, from, to, gen));
}

export function bernoulli_(self: Tensor, p: number | Tensor = 0.5, gen: Generator = defaultGenerator): Tensor {
  if (p instanceof Tensor) {
    requireFloating(p, "bernoulli_tensor_cpu_p_");
    const probabilities = withGradMode(false, () => expand(p, self.shape));
    return sampleInPlace(self, "BernoulliBackward1", () => bernoulliTensorKernel(self, probabilities, gen));
  }
  if (!(p >= 0 && p <= 1)) throw runtimeError(`bernoulli_ expects p to be in [0, 1], but got p=${p}`);
  return sampleInPlace(self, "BernoulliBackward2", () => bernoulliScalarKernel(self, p, gen));
}

export function exponential_(self: Tensor, lambda = 1, gen: Generator = defaultGenerator): Tensor {
  if (!(lambda >= 0)) throw runtimeError(`exponential_ expects lambda >= 0.0, but found lambda=${lambda}`);
  requireFloating(self, "exponential_cpu");
  return sampleInPlace(self, "ExponentialBackward0", () => exponentialKernel(self, lambda, gen));
}

export function rand(shape: readonly number[], dtype: DType = "float32", gen: Generator = defaultGenerator): Tensor {
  return uniform_(zeros(shape, dtype), 0, 1, gen);
}

export function randn(shape: readonly number[], dtype: DType = "float32", gen: Generator = defaultGenerator): Tensor {
  return normal_(zeros(shape, dtype), 0, 1, gen);
}

/** torch.bernoulli(input): each element is 1 with the probability `input` holds there. */
export function bernoulli(input: Tensor, gen: Generator = defaultGenerator): Tensor {
  const out = bernoulli_(zerosLike(input), input, gen);
  return record(out, { name: "BernoulliBackward0", inputs: [input], formula: (grad) => [zerosLike(grad)] });
}

type Moment = Tensor | number;

function checkStdTensor(std: Tensor): void {
  for (let i = 0; i < std.numel; i++) {
    if (!(std.at(i) >= 0)) throw runtimeError("normal expects all elements of std >= 0.0");
  }
}

/**
 * torch.normal with a tensor mean and/or std (normal_out_impl): standard samples, then scaled and
 * shifted by separate in-place ops, so each step rounds on its own. The gradient is zero.
 */
export function normal(mean: Moment, std: Moment, gen: Generator = defaultGenerator): Tensor {
  if (std instanceof Tensor) checkStdTensor(std);
  else if (!(std >= 0)) throw runtimeError(`normal expects std >= 0.0, but found std ${std}`);
  const [out, name] = withGradMode(false, (): [Tensor, string] => {
    if (!(std instanceof Tensor)) {
      const m = mean as Tensor;
      return [add(normal_(zerosLike(m), 0, std, gen), m), "NormalBackward1"];
    }
    if (!(mean instanceof Tensor)) {
      const samples = normal_(zerosLike(std), 0, 1, gen);
      return [add(mul(samples, std), scalarTensor(castScalar(mean, std.dtype), std.dtype)), "NormalBackward2"];
    }
    const samples = normal_(Tensor.zeros(broadcastShapes(mean.shape, std.shape), mean.dtype), 0, 1, gen);
    return [add(mul(samples, std), mean), "NormalBackward3"];
  });
  const inputs = [mean, std].filter((m): m is Tensor => m instanceof Tensor);
  return record(out, { name, inputs, formula: (_grad, _saved, needs) => inputs.map((t, i) => (needs[i] ? zerosLike(t) : null)) });
}
