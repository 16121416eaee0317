/** Builds BERT input tensors for windows of a note: [CLS] tokens [SEP], padded per batch. */
import * as ort from 'onnxruntime-node';

/** Token id rows (without special tokens) → the feeds a BERT graph takes. */
export function bertFeeds(rows: readonly (readonly number[])[], ids: { clsId: number; sepId: number; padId: number }, inputNames: readonly string[]): { feeds: Record<string, ort.Tensor>; length: number } {
  const length = Math.max(...rows.map((r) => r.length)) + 2;
  const n = rows.length * length;
  const inputIds = new BigInt64Array(n).fill(BigInt(ids.padId));
  const mask = new BigInt64Array(n);
  rows.forEach((row, b) => {
    const o = b * length;
    inputIds[o] = BigInt(ids.clsId);
    row.forEach((id, i) => (inputIds[o + 1 + i] = BigInt(id)));
    inputIds[o + 1 + row.length] = BigInt(ids.sepId);
    mask.fill(1n, o, o + row.length + 2);
  });
  const dims = [rows.length, length];
  const feeds: Record<string, ort.Tensor> = { input_ids: new ort.Tensor('int64', inputIds, dims) };
  if (inputNames.includes('attention_mask')) feeds.attention_mask = new ort.Tensor('int64', mask, dims);
  if (inputNames.includes('token_type_ids')) feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(n), dims);
  return { feeds, length };
}
