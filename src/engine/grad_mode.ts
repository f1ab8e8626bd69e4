// Whether operations record the autograd graph (torch.no_grad / enable_grad / set_grad_enabled).

let enabled = true;
let inference = false;

/** torch.inference_mode: grad off, and tensors made meanwhile are inference tensors. */
export function isInferenceMode(): boolean {
  return inference;
}

export function setInferenceMode(value: boolean): boolean {
  const previous = inference;
  inference = value;
  return previous;
}

export function isGradEnabled(): boolean {
  return enabled;
}

export function setGradEnabled(value: boolean): boolean {
  const previous = enabled;
  enabled = value;
  return previous;
}

/** Runs `body` with grad mode set to `value`, restoring the previous mode even if it throws. */
export function withGradMode<T>(value: boolean, body: () => T): T {
  const previous = setGradEnabled(value);
  try {
    return body();
  } finally {
    enabled = previous;
  }
}
