# micrograd's demo with torch scalars: an MLP made of Python lists of scalar tensors,
# trained with a hand-written SGD step.
import math
import time
import torch


class Neuron:
    def __init__(self, nin, seed):
        self.w = [torch.tensor(math.sin(seed + 1.7 * i), requires_grad=True) for i in range(nin)]
        self.b = torch.tensor(0.0, requires_grad=True)

    def __call__(self, x):
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return act.tanh()

    def parameters(self):
        return self.w + [self.b]


class Layer:
    def __init__(self, nin, nout, seed):
        self.neurons = [Neuron(nin, seed + 10 * j) for j in range(nout)]

    def __call__(self, x):
        return [n(x) for n in self.neurons]

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]


class MLP:
    def __init__(self, sizes):
        self.layers = [Layer(sizes[i], sizes[i + 1], 100 * i) for i in range(len(sizes) - 1)]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x[0]

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]


xs = [[math.cos(0.3 * k), math.sin(0.7 * k)] for k in range(20)]
ys = [1.0 if math.sin(1.3 * k) > 0 else -1.0 for k in range(20)]
model = MLP([2, 8, 8, 1])
params = model.parameters()

started = time.perf_counter()
for step in range(30):
    predictions = [model(x) for x in xs]
    loss = sum((p - y) ** 2 for p, y in zip(predictions, ys)) / len(xs)
    for p in params:
        p.grad = None
    loss.backward()
    with torch.no_grad():
        for p in params:
            p -= 0.05 * p.grad
elapsed = time.perf_counter() - started

print("BENCH micrograd_loop", elapsed)
print("CHECK loss", loss.item())
print("CHECK w0.grad", params[0].grad.item())
