/*
 * The core is compiled without DOM or Node types so that neither creeps in. The WHATWG text
 * codecs exist in every runtime it targets (browsers, workers, Node), so they are declared here.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
