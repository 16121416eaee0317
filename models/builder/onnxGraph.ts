import fs from 'node:fs';
import { onnx } from 'onnx-proto';

/** A tensor dimension: a fixed size, or a symbolic name such as 'batch' for a dynamic one. */
export type Dim = number | string;

/** The element types the builder writes. */
export type ElementType = 'float32' | 'int64';

const dataTypeOf: Record<ElementType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
};

/** A node attribute, tagged so that 1 (int) and 1.0 (float) are never confused. */
export type Attribute =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly kind: 'floats'; readonly value: readonly number[] }
  | { readonly kind: 'string'; readonly value: string };

/** Integer attribute. */
export const int = (value: number): Attribute => ({ kind: 'int', value });
/** Float attribute. */
export const float = (value: number): Attribute => ({ kind: 'float', value });
/** List-of-integers attribute. */
export const ints = (value: readonly number[]): Attribute => ({ kind: 'ints', value });
/** List-of-floats attribute. */
export const floats = (value: readonly number[]): Attribute => ({ kind: 'floats', value });
/** String attribute. */
export const str = (value: string): Attribute => ({ kind: 'string', value });

/**
 * An initializer whose bytes may be produced only when the file is written, so that a
 * 440 MB model never holds all its weights in memory at once.
 */
interface Initializer {
  readonly name: string;
  readonly dims: readonly number[];
  readonly type: ElementType;
  readonly byteLength: number;
  readonly bytes: () => Uint8Array;
}

/** Options for the ModelProto wrapped around the graph. */
export interface ModelOptions {
  readonly opset?: number;
  readonly producerName?: string;
  readonly docString?: string;
}

const IR_VERSION = 8; // IR 8 is the first to carry opset 17 (ONNX 1.12+); ORT 1.30 reads up to 11.
const DEFAULT_OPSET = 17; // LayerNormalization is a standard op from 17 on.

function attributeProto(name: string, a: Attribute): onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  switch (a.kind) {
    case 'int':
      return { name, type: T.INT, i: a.value };
    case 'float':
      return { name, type: T.FLOAT, f: a.value };
    case 'ints':
      return { name, type: T.INTS, ints: [...a.value] };
    case 'floats':
      return { name, type: T.FLOATS, floats: [...a.value] };
    case 'string':
      return { name, type: T.STRING, s: new TextEncoder().encode(a.value) };
  }
}

function valueInfo(name: string, type: ElementType, dims: readonly Dim[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: dataTypeOf[type],
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function product(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** Builds one ONNX graph: inputs, outputs, initializers and nodes, written as a ModelProto. */
export class OnnxGraphBuilder {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private readonly initializers: Initializer[] = [];
  private readonly names = new Set<string>();
  private counter = 0;

  constructor(readonly graphName: string) {}

  /** Declares a graph input. */
  input(name: string, type: ElementType, dims: readonly Dim[]): string {
    this.claim(name);
    this.inputs.push(valueInfo(name, type, dims));
    return name;
  }

  /** Declares a graph output (the tensor must be produced by a node). */
  output(name: string, type: ElementType, dims: readonly Dim[]): string {
    this.outputs.push(valueInfo(name, type, dims));
    return name;
  }

  /** Adds a float32 initializer from data already in memory. */
  float32(name: string, dims: readonly number[], data: Float32Array): string {
    if (data.length !== product(dims)) throw new Error(`${name}: ${data.length} values for dims [${dims.join(',')}]`);
    return this.lazyFloat32(name, dims, () => data);
  }

  /** Adds a float32 initializer whose values are produced only when the model is written. */
  lazyFloat32(name: string, dims: readonly number[], make: () => Float32Array): string {
    const count = product(dims);
    return this.addInitializer(name, dims, 'float32', count * 4, () => {
      const data = make();
      if (data.length !== count) throw new Error(`${name}: made ${data.length} values, dims need ${count}`);
      return bytesOf(data);
    });
  }

  /** Adds an int64 initializer (shapes, axes, indices). An empty dims list makes a scalar. */
  int64(name: string, dims: readonly number[], values: readonly number[]): string {
    if (values.length !== product(dims)) throw new Error(`${name}: ${values.length} values for dims [${dims.join(',')}]`);
    const data = BigInt64Array.from(values, (v) => BigInt(v));
    return this.addInitializer(name, dims, 'int64', data.byteLength, () => bytesOf(data));
  }

  /** Adds a node with one output and returns that output's (fresh) name. */
  op(opType: string, inputs: readonly string[], attributes: Record<string, Attribute> = {}, outputName?: string): string {
    const [out] = this.opN(opType, inputs, 1, attributes, outputName === undefined ? undefined : [outputName]);
    if (out === undefined) throw new Error('unreachable: opN returned no output');
    return out;
  }

  /** Adds a node with several outputs and returns their names. */
  opN(
    opType: string,
    inputs: readonly string[],
    outputCount: number,
    attributes: Record<string, Attribute> = {},
    outputNames?: readonly string[],
  ): string[] {
    const id = `${opType}_${this.counter++}`;
    const outputs = outputNames ? [...outputNames] : Array.from({ length: outputCount }, (_, i) => `${id}_out${i}`);
    for (const o of outputs) this.claim(o);
    this.nodes.push({
      name: id,
      opType,
      input: [...inputs],
      output: outputs,
      attribute: Object.entries(attributes).map(([k, v]) => attributeProto(k, v)),
    });
    return outputs;
  }

  /** A fresh tensor name with a readable prefix. */
  fresh(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }

  /** Total bytes of initializer data (the weights). */
  get weightBytes(): number {
    return this.initializers.reduce((s, i) => s + i.byteLength, 0);
  }

  /** Serialises the model into one buffer (fine for models up to a few hundred MB). */
  encode(options: ModelOptions = {}): Buffer {
    const parts: Uint8Array[] = [];
    this.emit(options, (p) => parts.push(p));
    return Buffer.concat(parts);
  }

  /** Writes the model to `filePath`, producing one initializer at a time to bound memory. */
  save(filePath: string, options: ModelOptions = {}): number {
    const fd = fs.openSync(filePath, 'w');
    let written = 0;
    try {
      this.emit(options, (p) => {
        let off = 0;
        while (off < p.byteLength) off += fs.writeSync(fd, p, off, p.byteLength - off);
        written += p.byteLength;
      });
    } finally {
      fs.closeSync(fd);
    }
    return written;
  }

  private claim(name: string): void {
    if (this.names.has(name)) throw new Error(`tensor name used twice: ${name}`);
    this.names.add(name);
  }

  private addInitializer(name: string, dims: readonly number[], type: ElementType, byteLength: number, bytes: () => Uint8Array): string {
    this.claim(name);
    this.initializers.push({ name, dims: [...dims], type, byteLength, bytes });
    return name;
  }

  /**
   * Streams the protobuf encoding. Repeated fields may be split across the message, so the
   * graph is emitted as [nodes, inputs, outputs] then each initializer with raw_data written
   * straight from its typed array, never through protobufjs' number arrays.
   */
  private emit(options: ModelOptions, sink: (part: Uint8Array) => void): void {
    const header = onnx.ModelProto.encode({
      irVersion: IR_VERSION,
      producerName: options.producerName ?? 'bedside-onnx-builder',
      producerVersion: '1',
      docString: options.docString ?? '',
      opsetImport: [{ domain: '', version: options.opset ?? DEFAULT_OPSET }],
    }).finish();
    const graphBody = onnx.GraphProto.encode({
      name: this.graphName,
      node: this.nodes,
      input: this.inputs,
      output: this.outputs,
    }).finish();
    const tensorHeaders = this.initializers.map((i) =>
      onnx.TensorProto.encode({ name: i.name, dims: [...i.dims], dataType: dataTypeOf[i.type] }).finish(),
    );
    const tensorLengths = this.initializers.map((init, k) => {
      const h = tensorHeaders[k] as Uint8Array;
      return h.byteLength + 1 + varintLength(init.byteLength) + init.byteLength;
    });
    const graphLength =
      graphBody.byteLength + tensorLengths.reduce((s, len) => s + 1 + varintLength(len) + len, 0);

    sink(header);
    sink(Uint8Array.of(fieldTag(7), ...varint(graphLength))); // ModelProto.graph
    sink(graphBody);
    this.initializers.forEach((init, k) => {
      sink(Uint8Array.of(fieldTag(5), ...varint(tensorLengths[k] as number))); // GraphProto.initializer
      sink(tensorHeaders[k] as Uint8Array);
      sink(Uint8Array.of(fieldTag(9), ...varint(init.byteLength))); // TensorProto.raw_data
      const data = init.bytes();
      if (data.byteLength !== init.byteLength) throw new Error(`${init.name}: ${data.byteLength} bytes, expected ${init.byteLength}`);
      sink(data);
    });
  }
}

/** Tag byte of a length-delimited field (wire type 2); all fields used here are < 16. */
function fieldTag(field: number): number {
  return (field << 3) | 2;
}

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

function varintLength(value: number): number {
  return varint(value).length;
}
