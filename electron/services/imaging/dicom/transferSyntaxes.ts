/** How Bedside reads a transfer syntax's pixel data. */
export type PixelEncoding = 'native' | 'rle' | 'jpeg-baseline' | 'jpeg-lossless' | 'jpeg-ls' | 'jpeg-2000' | 'htj2k' | 'unsupported';

/** A DICOM transfer syntax: UID, a name a clinician may recognise, and its pixel encoding. */
export interface TransferSyntax {
  readonly uid: string;
  readonly name: string;
  readonly encoding: PixelEncoding;
  readonly bigEndian: boolean;
  /** Lossy: decoded values may overshoot the stored range and are clamped to it. */
  readonly lossy?: boolean;
}

// PS3.5 §10 and PS3.6 Table A-1.
const TABLE: readonly TransferSyntax[] = [
  { uid: '1.2.840.10008.1.2', name: 'Implicit VR Little Endian', encoding: 'native', bigEndian: false },
  { uid: '1.2.840.10008.1.2.1', name: 'Explicit VR Little Endian', encoding: 'native', bigEndian: false },
  { uid: '1.2.840.10008.1.2.1.99', name: 'Deflated Explicit VR Little Endian', encoding: 'native', bigEndian: false },
  { uid: '1.2.840.10008.1.2.2', name: 'Explicit VR Big Endian', encoding: 'native', bigEndian: true },
  { uid: '1.2.840.10008.1.2.5', name: 'RLE Lossless', encoding: 'rle', bigEndian: false },
  { uid: '1.2.840.10008.1.2.4.50', name: 'JPEG Baseline', encoding: 'jpeg-baseline', bigEndian: false, lossy: true },
  { uid: '1.2.840.10008.1.2.4.51', name: 'JPEG Extended (12-bit)', encoding: 'jpeg-baseline', bigEndian: false, lossy: true },
  // Retired (PS3.5 2003): spectral selection and full progression, still written by dcmcjpeg +es / +ep.
  { uid: '1.2.840.10008.1.2.4.53', name: 'JPEG Spectral Selection (retired)', encoding: 'jpeg-baseline', bigEndian: false, lossy: true },
  { uid: '1.2.840.10008.1.2.4.55', name: 'JPEG Full Progression (retired)', encoding: 'jpeg-baseline', bigEndian: false, lossy: true },
  { uid: '1.2.840.10008.1.2.4.57', name: 'JPEG Lossless', encoding: 'jpeg-lossless', bigEndian: false },
  { uid: '1.2.840.10008.1.2.4.70', name: 'JPEG Lossless (first-order prediction)', encoding: 'jpeg-lossless', bigEndian: false },
  { uid: '1.2.840.10008.1.2.4.80', name: 'JPEG-LS Lossless', encoding: 'jpeg-ls', bigEndian: false },
  { uid: '1.2.840.10008.1.2.4.81', name: 'JPEG-LS Near-Lossless', encoding: 'jpeg-ls', bigEndian: false, lossy: true },
  { uid: '1.2.840.10008.1.2.4.90', name: 'JPEG 2000 Lossless', encoding: 'jpeg-2000', bigEndian: false },
  { uid: '1.2.840.10008.1.2.4.91', name: 'JPEG 2000', encoding: 'jpeg-2000', bigEndian: false, lossy: true },
  { uid: '1.2.840.10008.1.2.4.201', name: 'High-Throughput JPEG 2000 Lossless', encoding: 'htj2k', bigEndian: false },
  { uid: '1.2.840.10008.1.2.4.202', name: 'High-Throughput JPEG 2000 (RPCL) Lossless', encoding: 'htj2k', bigEndian: false },
  { uid: '1.2.840.10008.1.2.4.203', name: 'High-Throughput JPEG 2000', encoding: 'htj2k', bigEndian: false, lossy: true },
  { uid: '1.2.840.10008.1.2.4.100', name: 'MPEG-2 video', encoding: 'unsupported', bigEndian: false },
  { uid: '1.2.840.10008.1.2.4.102', name: 'MPEG-4 video', encoding: 'unsupported', bigEndian: false },
  { uid: '1.2.840.10008.1.2.4.110', name: 'JPEG XL Lossless', encoding: 'unsupported', bigEndian: false },
];

/** Looks up a transfer syntax; unknown UIDs come back as unsupported, named by their UID. */
export function transferSyntaxOf(uid: string): TransferSyntax {
  const clean = uid.replace(/\0/g, '').trim();
  return TABLE.find((t) => t.uid === clean) ?? { uid: clean, name: `an unknown compression (${clean})`, encoding: 'unsupported', bigEndian: false };
}
