// Types for the codec packages, which ship none. Only what Bedside calls is declared.

interface BedsideWasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned?: boolean };
  getDecodedBuffer(): Uint8Array;
  delete(): void;
}

interface BedsideEmscriptenOptions {
  locateFile?: (file: string) => string;
  print?: (text: string) => void;
  printErr?: (text: string) => void;
}

declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  const factory: (options?: BedsideEmscriptenOptions) => Promise<{ JpegLSDecoder: new () => BedsideWasmDecoder }>;
  export default factory;
}

declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  const factory: (options?: BedsideEmscriptenOptions) => Promise<{ J2KDecoder: new () => BedsideWasmDecoder }>;
  export default factory;
}

declare module '@cornerstonejs/codec-openjph' {
  const factory: (options?: BedsideEmscriptenOptions) => Promise<{ HTJ2KDecoder: new () => BedsideWasmDecoder }>;
  export default factory;
}

declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs' {
  const factory: (options?: BedsideEmscriptenOptions) => Promise<{ JPEGDecoder: new () => BedsideWasmDecoder }>;
  export default factory;
}
