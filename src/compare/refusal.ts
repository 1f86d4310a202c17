/**
 * When the reference model cannot run on the planned inputs, the cause is the inputs (random data
 * where the model needs a sample rate, sizes it does not accept), not the change being verified.
 * Said in one message with onnxruntime's own words and how to give other inputs, by the page and
 * the command line alike, each naming its own controls.
 */
import { CompareError } from './errors.ts';
import type { InputReport } from './judge.ts';

/** What onnxruntime said, on one line, without the log prefixes it sometimes repeats. */
function runtimeWords(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}

export function describeInputs(inputs: readonly InputReport[]): string {
  return inputs.map((i) => `${i.name} ${i.type}[${i.dims.join(',')}] ← ${i.source}`).join('; ');
}

/**
 * The refusal for a reference model that could not run on these inputs.
 * @param model how the reference model is called ("original", "model.onnx")
 * @param advice how to give other inputs, with the caller's own controls
 */
export function inputsRefused(
  model: string,
  runtimeMessage: string,
  inputs: readonly InputReport[],
  advice: string,
): CompareError {
  return new CompareError(
    'INPUTS_REFUSED',
    `The ${model} model cannot run on these inputs (${describeInputs(inputs)}), so nothing was compared; the inputs, not the models, are what to change. onnxruntime said: ${runtimeWords(runtimeMessage)} ${advice}`,
  );
}
