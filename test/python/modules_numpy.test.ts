// numpy: Dragon4 formatting (examples from NumPy's docstrings) and the memory sharing between
// arrays and tensors that numpyTorchBindings provides (torch.from_numpy, Tensor.numpy()).

import assert from "node:assert/strict";
import { Tensor } from "../../src/engine";
import { createNumpyModule } from "../../src/python/modules/numpy";
import { NdArray } from "../../src/python/modules/numpy_array";
import { DEFAULT_FORMAT, formatPositional, formatScientific } from "../../src/python/modules/numpy_dragon4";
import { numpyArrayAsTensor, numpyTorchBindings } from "../../src/python/modules/numpy_torch";
import { PyCallable, PyFloat, PyList, Value } from "../../src/python/values";

const np = createNumpyModule();

function call(name: string, ...args: Value[]): Value {
  return (np.attributes.get(name) as PyCallable).call(args, null);
}

function array(values: number[]): NdArray {
  return call("array", new PyList(values.map((v) => new PyFloat(v)))) as NdArray;
}

describe("numpy module", () => {
  it("formats floats as numpy's format_float_positional/scientific document", () => {
    const pi32 = Math.fround(Math.PI);
    assert.equal(formatPositional(pi32, true, DEFAULT_FORMAT), "3.1415927");
    assert.equal(formatScientific(pi32, true, DEFAULT_FORMAT), "3.1415927e+00");
    const big = Math.fround(1.23e24);
    assert.equal(formatScientific(big, true, { ...DEFAULT_FORMAT, unique: false, precision: 15 }), "1.230000071797338e+24");
    assert.equal(formatScientific(big, true, { ...DEFAULT_FORMAT, expDigits: 4 }), "1.23e+0024");
  });

  it("torch.from_numpy shares the array's memory and keeps float64", () => {
    const a = array([1, 2, 3]);
    const fromNumpy = numpyTorchBindings.functions!.get("from_numpy")!;
    const t = fromNumpy([a], null) as Tensor;
    assert.equal(t.dtype, "float64");
    t.storage.data[0] = 10;
    assert.equal(a.t.at(0), 10);
    assert.throws(() => fromNumpy([new PyList([])], null), /expected np.ndarray \(got list\)/);
  });

  it("Tensor.numpy() shares the tensor's memory and refuses tensors that require grad", () => {
    const numpy = numpyTorchBindings.methods!.get("numpy")!;
    const t = Tensor.fromStorage(new Float32Array([1, 2]), [2], "float32");
    const a = numpy(t, [], null) as NdArray;
    assert.equal(a.dtype, "float32");
    a.t.storage.data[1] = 5;
    assert.equal(t.at(1), 5);
    t.requiresGrad = true;
    assert.throws(() => numpy(t, [], null), /Use tensor.detach\(\).numpy\(\) instead/);
  });

  it("hands torch.tensor a copy with the array's dtype", () => {
    const a = array([1.5, 2.5]);
    const copy = numpyArrayAsTensor(a)!;
    assert.equal(copy.dtype, "float64");
    copy.storage.data[0] = 0;
    assert.equal(a.t.at(0), 1.5);
    assert.equal(numpyArrayAsTensor(new PyList([])), null);
  });
});
