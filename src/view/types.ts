/** What the inspector shows of one node: plain data, sent from the worker to the page. */

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
  attributes: { name: string; value: string }[];
  inputs: { name: string; type: string; tensor?: TensorStats }[];
  outputs: { name: string; type: string }[];
}
