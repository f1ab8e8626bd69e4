// torch.optim.lr_scheduler: StepLR, MultiStepLR, ExponentialLR and LambdaLR over 1.13's
// _LRScheduler (chainable get_lr, the closed forms for step(epoch), and its ordering warnings).
// Learning rates are Python numbers multiplied with Python's arithmetic, as group['lr'] holds them.

import * as E from "../../../engine";
import { parseArgs } from "../../args";
import { callValue, PyClass, PyInstance } from "../../classes";
import { PyException, typeError } from "../../errors";
import { binaryOp } from "../../operators";
import { asIndex, toArray } from "../../protocols";
import { typeName } from "../../repr";
import { Kwargs, PyDict, PyFloat, PyList, PyModule, PyTuple, Value } from "../../values";
import { dictGet, dictSet, method } from "../nn/native_class";
import { isOptimizer } from "./optimizer";

const EPOCH_DEPRECATION_WARNING = "The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where possible. Please use `scheduler.step()` to step the scheduler. During the deprecation, if epoch is different from None, the closed form is used instead of the new chainable form, where available. Please open an issue if you are unable to replicate your use case: https://github.com/pytorch/pytorch/issues/new/choose.";
const ORDER_WARNING = "Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first value of the learning rate schedule. See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate";
const GET_LR_WARNING = "To get the last learning rate computed by the scheduler, please use `get_last_lr()`.";

interface SchedulerSpec {
  name: string;
  /** Constructor parameters between `optimizer` and `last_epoch` with their defaults (none: required), stored as attributes. */
  options: readonly (readonly [string, Value?])[];
  /** Checks and normalises the options before the base class runs (LambdaLR's list of lambdas). */
  setup?: (self: PyInstance, groupCount: number) => void;
  /** The chainable form: the next lrs from the current ones. */
  next: (self: PyInstance, lrs: Value[], epoch: number) => Value[];
  /** The lrs at `epoch` from the base lrs, for step(epoch). */
  closedForm?: (self: PyInstance, baseLrs: Value[], epoch: number) => Value[];
}

const attr = (self: PyInstance, name: string): Value => self.dict.get(name) ?? null;
const optimizerOf = (self: PyInstance): PyInstance => attr(self, "optimizer") as PyInstance;
const groupsOf = (self: PyInstance): PyDict[] => (optimizerOf(self).dict.get("param_groups") as PyList).items as PyDict[];
const currentLrs = (self: PyInstance): Value[] => groupsOf(self).map((g) => dictGet(g, "lr") ?? null);
const times = (lrs: Value[], factor: Value): Value[] => lrs.map((lr) => binaryOp("*", lr, factor));
const power = (self: PyInstance, exponent: number): Value => binaryOp("**", attr(self, "gamma"), exponent);

function getLr(self: PyInstance, spec: SchedulerSpec): Value[] {
  if (attr(self, "_get_lr_called_within_step") !== true) E.warn("UserWarning", GET_LR_WARNING);
  return spec.next(self, currentLrs(self), asIndex(attr(self, "last_epoch")));
}

function step(self: PyInstance, spec: SchedulerSpec, epoch: Value | undefined): void {
  const count = asIndex(attr(self, "_step_count"));
  if (count === 1 && asIndex(optimizerOf(self).dict.get("_step_count") ?? 0) < 1) E.warn("UserWarning", ORDER_WARNING);
  self.dict.set("_step_count", count + 1);
  self.dict.set("_get_lr_called_within_step", true);
  let values: Value[];
  try {
    if (epoch === undefined || epoch === null) {
      self.dict.set("last_epoch", asIndex(attr(self, "last_epoch")) + 1);
      values = getLr(self, spec);
    } else {
      E.warn("UserWarning", EPOCH_DEPRECATION_WARNING);
      self.dict.set("last_epoch", epoch);
      const baseLrs = (attr(self, "base_lrs") as PyList).items;
      values = spec.closedForm ? spec.closedForm(self, baseLrs, asIndex(epoch)) : getLr(self, spec);
    }
  } finally {
    self.dict.set("_get_lr_called_within_step", false);
  }
  const groups = groupsOf(self);
  groups.forEach((g, i) => {
    if (i < values.length) dictSet(g, "lr", values[i]);
  });
  self.dict.set("_last_lr", new PyList(groups.map((g) => dictGet(g, "lr") ?? null)));
}

function init(self: PyInstance, spec: SchedulerSpec, args: Value[], kwargs: Kwargs): void {
  const names = spec.options.map(([name, fallback]) => (fallback === undefined ? name : `${name}?`));
  const [optimizer, ...rest] = parseArgs(spec.name, ["optimizer", ...names, "last_epoch?", "verbose?"], args, kwargs);
  spec.options.forEach(([name, fallback], i) => self.dict.set(name, rest[i] ?? fallback ?? null));
  const [lastEpoch, verbose] = rest.slice(spec.options.length);
  if (!isOptimizer(optimizer!)) throw typeError(`${typeName(optimizer!)} is not an Optimizer`);
  self.dict.set("optimizer", optimizer!);
  const groups = groupsOf(self);
  spec.setup?.(self, groups.length);
  const last = lastEpoch === undefined ? -1 : asIndex(lastEpoch);
  groups.forEach((g, i) => {
    if (last === -1) {
      if (dictGet(g, "initial_lr") === undefined) dictSet(g, "initial_lr", dictGet(g, "lr") ?? null);
    } else if (dictGet(g, "initial_lr") === undefined) {
      throw new PyException("KeyError", `"param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer"`);
    }
  });
  self.dict.set("base_lrs", new PyList(groups.map((g) => dictGet(g, "initial_lr") ?? null)));
  self.dict.set("last_epoch", last);
  self.dict.set("verbose", verbose ?? false);
  optimizer!.dict.set("_step_count", 0);
  self.dict.set("_step_count", 0);
  step(self, spec, undefined);
}

function schedulerClass(spec: SchedulerSpec): PyClass {
  return new PyClass(spec.name, [], new Map<string, Value>([
    method("__init__", (self, args, kwargs) => {
      init(self, spec, args, kwargs);
      return null;
    }),
    method("step", (self, args, kwargs) => {
      step(self, spec, parseArgs("step", ["epoch?"], args, kwargs)[0]);
      return null;
    }),
    method("get_last_lr", (self) => attr(self, "_last_lr")),
    method("get_lr", (self) => new PyList(getLr(self, spec))),
    method("state_dict", (self) => {
      const state = new PyDict();
      for (const [k, v] of self.dict) if (k !== "optimizer" && k !== "lr_lambdas") dictSet(state, k, v);
      return state;
    }),
  ]), "torch.optim.lr_scheduler");
}

/** bisect.bisect_right over the sorted milestones (repeats count). */
const passedMilestones = (milestones: number[], epoch: number): number => milestones.filter((m) => m <= epoch).length;

const milestonesOf = (self: PyInstance): number[] => toArray(attr(self, "milestones")).map((m) => asIndex(m));

const schedulers: SchedulerSpec[] = [
  {
    name: "StepLR",
    options: [["step_size"], ["gamma", new PyFloat(0.1)]],
    next: (self, lrs, epoch) => (epoch === 0 || epoch % asIndex(attr(self, "step_size")) !== 0 ? lrs : times(lrs, attr(self, "gamma"))),
    closedForm: (self, baseLrs, epoch) => times(baseLrs, power(self, Math.floor(epoch / asIndex(attr(self, "step_size"))))),
  },
  {
    name: "MultiStepLR",
    options: [["milestones"], ["gamma", new PyFloat(0.1)]],
    next: (self, lrs, epoch) => {
      const hits = milestonesOf(self).filter((m) => m === epoch).length;
      return hits === 0 ? lrs : times(lrs, power(self, hits));
    },
    closedForm: (self, baseLrs, epoch) => times(baseLrs, power(self, passedMilestones(milestonesOf(self), epoch))),
  },
  {
    name: "ExponentialLR",
    options: [["gamma"]],
    next: (self, lrs, epoch) => (epoch === 0 ? lrs : times(lrs, attr(self, "gamma"))),
    closedForm: (self, baseLrs, epoch) => times(baseLrs, power(self, epoch)),
  },
  {
    name: "LambdaLR",
    options: [["lr_lambda"]],
    setup: (self, groupCount) => {
      const given = attr(self, "lr_lambda");
      self.dict.delete("lr_lambda");
      if (!(given instanceof PyList || given instanceof PyTuple)) {
        self.dict.set("lr_lambdas", new PyList(new Array<Value>(groupCount).fill(given)));
        return;
      }
      if (given.items.length !== groupCount) {
        throw new PyException("ValueError", `Expected ${groupCount} lr_lambdas, but got ${given.items.length}`);
      }
      self.dict.set("lr_lambdas", new PyList([...given.items]));
    },
    next: (self, _lrs, epoch) => {
      const lambdas = (attr(self, "lr_lambdas") as PyList).items;
      return (attr(self, "base_lrs") as PyList).items.map((base, i) => binaryOp("*", base, callValue(lambdas[i], [epoch], null)));
    },
  },
];

export function createLrSchedulerModule(): PyModule {
  return new PyModule("torch.optim.lr_scheduler", new Map<string, Value>(schedulers.map((s) => [s.name, schedulerClass(s)])),
    "/usr/lib/python3/dist-packages/torch/optim/lr_scheduler.py");
}
