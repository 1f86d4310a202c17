/** What the inspector shows of one node: plain data, sent from the worker to the page. */
import type { EditableAttribute } from './attribute-edit.ts';

export type { EditableAttribute };

export interface TensorStats {
  dtype: string;
  dims: number[];
  count: number;
  min?: number;
  max?: number;
  mean?: number;
  /** Why no statistics: not a float tensor, in a missing side file, or damaged. */
  note?: string;
}

export interface NodeDetails {
  id: string;
  op: string;
  name: string;
  domain: string;
  docString: string;
  /** `editable`: the type and whole value the inspector edits in place, where a text field can hold it. */
  attributes: { name: string; value: string; editable?: EditableAttribute }[];
  /** `initializer`: the input is an initializer (its values can be replaced from, or saved as, .npy). */
  inputs: { name: string; type: string; tensor?: TensorStats; initializer?: boolean }[];
  outputs: { name: string; type: string }[];
}
