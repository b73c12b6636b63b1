// The only globals core uses beyond ECMAScript: the text and base64
// helpers every browser, Node, Deno, Bun and worker runtime has. Core is
// compiled without the DOM and Node type libraries, so any other host API
// (fetch, document, process, fs) fails the build.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
declare function btoa(data: string): string;
declare function atob(data: string): string;
