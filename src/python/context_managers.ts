// `with` support: objects that can be entered and exited (grad-mode managers for now).

import { isGradEnabled, setAnomalyDetection, setGradEnabled, setInferenceMode, warn } from "../engine";
import { typeError, PyException } from "./errors";
import { typeName } from "./repr";
import { PyCallable, PyExceptionValue, Value, Kwargs } from "./values";
import { PyFunction } from "./functions";
import { callDunder, PyInstance } from "./classes";
import { exceptionTypes } from "./exceptions";
import { truthy } from "./protocols";

/** Called with the exception that left the body (or null); true swallows it. */
export type ExitContext = (exception: PyException | null) => boolean;

export class PyContextManager extends PyCallable {
  readonly typeName: string;

  constructor(
    readonly name: string,
    private readonly enter: () => { value: Value; exit: ExitContext },
  ) {
    super();
    this.typeName = name;
  }

  open(): { value: Value; exit: ExitContext } {
    return this.enter();
  }

  /** Used as a decorator (`@torch.no_grad()`): the function runs inside the context. */
  call(args: Value[], _kwargs: Kwargs): Value {
    const f = args[0];
    if (!(f instanceof PyFunction)) throw typeError(`${this.name} can only decorate functions`);
    const decorated: PyFunction = f;
    const open = () => this.enter();
    const wrapped = new (class extends PyCallable {
      readonly typeName = "function";
      readonly name = decorated.name;
      call(innerArgs: Value[], innerKwargs: Kwargs): Value {
        const context = open();
        try {
          return decorated.call(innerArgs, innerKwargs);
        } finally {
          context.exit(null);
        }
      }
    })();
    return wrapped;
  }
}

/** torch.no_grad(), torch.enable_grad(), torch.set_grad_enabled(mode). */
export function gradModeManager(name: string, enabled: boolean): PyContextManager {
  return new PyContextManager(name, () => {
    const previous = setGradEnabled(enabled);
    return { value: null, exit: () => { setGradEnabled(previous); return false; } };
  });
}

/** torch.inference_mode(mode=True): no_grad, and what is created inside is an inference tensor. */
export function inferenceModeManager(mode: boolean): PyContextManager {
  return new PyContextManager("inference_mode", () => {
    const previousGrad = setGradEnabled(!mode && isGradEnabled());
    const previousInference = setInferenceMode(mode);
    return {
      value: null,
      exit: () => {
        setGradEnabled(previousGrad);
        setInferenceMode(previousInference);
        return false;
      },
    };
  });
}

/** torch.set_grad_enabled(mode): switches at once; used with `with`, it switches back on exit. */
export function gradModeSwitch(enabled: boolean): PyContextManager {
  const previous = setGradEnabled(enabled);
  return new PyContextManager("set_grad_enabled", () => ({
    value: null,
    exit: () => { setGradEnabled(previous); return false; },
  }));
}

/** torch.autograd.detect_anomaly(): PyTorch warns that it is on, then checks backward for NaN. */
export function anomalyManager(): PyContextManager {
  return new PyContextManager("detect_anomaly", () => {
    warn("UserWarning", "Anomaly Detection has been enabled. This mode will increase the runtime and should only be enabled for debugging.");
    const previous = setAnomalyDetection(true);
    return { value: null, exit: () => { setAnomalyDetection(previous); return false; } };
  });
}

export function enterContext(manager: Value): { value: Value; exit: ExitContext } {
  if (manager instanceof PyContextManager) return manager.open();
  if (manager instanceof PyInstance && manager.cls.lookup("__exit__") !== undefined) {
    const value = callDunder(manager, "__enter__", []) ?? null;
    return {
      value,
      exit: (exception) => {
        const args: Value[] = exception
          ? [exceptionTypes.get(exception.pyType) ?? null, new PyExceptionValue(exception.pyType, [exception.pyMessage]), null]
          : [null, null, null];
        return truthy(callDunder(manager, "__exit__", args) ?? null);
      },
    };
  }
  throw typeError(`'${typeName(manager)}' object does not support the context manager protocol`);
}
