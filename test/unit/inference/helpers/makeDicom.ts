/**
 * Writes a small 8-bit greyscale DICOM Part 10 file (Explicit VR Little Endian, PS3.5 §7.1.2,
 * meta header PS3.10 §7.1) with the attributes the image gate reads, for tests. Checked with
 * dcmtk's dcmdump when it was written.
 */

interface Element {
  tag: [number, number];
  vr: string;
  value: Buffer;
}

const LONG_VRS = new Set(['OB', 'OW', 'SQ', 'UN', 'UT']);

function text(value: string, vr: string): Buffer {
  const b = Buffer.from(value, 'latin1');
  return b.length % 2 === 0 ? b : Buffer.concat([b, Buffer.from(vr === 'UI' ? [0] : [0x20])]);
}

function us(v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(v);
  return b;
}

function encode(elements: readonly Element[]): Buffer {
  return Buffer.concat(
    elements.map(({ tag, vr, value }) => {
      const head = Buffer.alloc(LONG_VRS.has(vr) ? 12 : 8);
      head.writeUInt16LE(tag[0], 0);
      head.writeUInt16LE(tag[1], 2);
      head.write(vr, 4, 'latin1');
      if (LONG_VRS.has(vr)) head.writeUInt32LE(value.length, 8);
      else head.writeUInt16LE(value.length, 6);
      return Buffer.concat([head, value]);
    }),
  );
}

/** Attributes of the test file; a value left undefined is not written. */
export interface DicomFields {
  modality?: string;
  bodyPart?: string;
  viewPosition?: string;
  /** Age String, e.g. 003Y. */
  patientAge?: string;
}

/** A DX (or given modality) file holding `pixels` (8-bit, width × height, row-major). */
export function makeDicom(pixels: Uint8Array, width: number, height: number, fields: DicomFields): Buffer {
  const sopClass = '1.2.840.10008.5.1.4.1.1.1.1'; // Digital X-Ray Image Storage – For Presentation
  const instance = '2.25.302861932171839420563823513298733171';
  const meta = encode([
    { tag: [0x0002, 0x0001], vr: 'OB', value: Buffer.from([0, 1]) },
    { tag: [0x0002, 0x0002], vr: 'UI', value: text(sopClass, 'UI') },
    { tag: [0x0002, 0x0003], vr: 'UI', value: text(instance, 'UI') },
    { tag: [0x0002, 0x0010], vr: 'UI', value: text('1.2.840.10008.1.2.1', 'UI') },
  ]);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(meta.length);
  const optional = (tag: [number, number], vr: string, v: string | undefined): Element[] => (v === undefined ? [] : [{ tag, vr, value: text(v, vr) }]);
  const data = encode([
    { tag: [0x0008, 0x0016], vr: 'UI', value: text(sopClass, 'UI') },
    { tag: [0x0008, 0x0018], vr: 'UI', value: text(instance, 'UI') },
    ...optional([0x0008, 0x0060], 'CS', fields.modality),
    ...optional([0x0010, 0x1010], 'AS', fields.patientAge),
    ...optional([0x0018, 0x0015], 'CS', fields.bodyPart),
    ...optional([0x0018, 0x5101], 'CS', fields.viewPosition),
    { tag: [0x0028, 0x0002], vr: 'US', value: us(1) },
    { tag: [0x0028, 0x0004], vr: 'CS', value: text('MONOCHROME2', 'CS') },
    { tag: [0x0028, 0x0010], vr: 'US', value: us(height) },
    { tag: [0x0028, 0x0011], vr: 'US', value: us(width) },
    { tag: [0x0028, 0x0100], vr: 'US', value: us(8) },
    { tag: [0x0028, 0x0101], vr: 'US', value: us(8) },
    { tag: [0x0028, 0x0102], vr: 'US', value: us(7) },
    { tag: [0x0028, 0x0103], vr: 'US', value: us(0) },
    // The 8-bit window, so the pixels are shown (and read) as stored.
    { tag: [0x0028, 0x1050], vr: 'DS', value: text('127.5', 'DS') },
    { tag: [0x0028, 0x1051], vr: 'DS', value: text('255', 'DS') },
    { tag: [0x7fe0, 0x0010], vr: 'OB', value: pixels.length % 2 === 0 ? Buffer.from(pixels) : Buffer.concat([Buffer.from(pixels), Buffer.from([0])]) },
  ]);
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM', 'latin1'), encode([{ tag: [0x0002, 0x0000], vr: 'UL', value: groupLength }]), meta, data]);
}
