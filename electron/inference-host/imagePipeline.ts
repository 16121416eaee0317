/**
 * Image classification in the host: decode (PNG, JPEG, DICOM via services/imaging), check the
 * image against what the pack accepts (imageGate: refused with the reason, never scored),
 * crop, reduce and normalise as the manifest declares (imagePreprocess), run, refuse images
 * whose features lie outside the training data (the pack's OOD output), calibrate, and apply
 * per-label thresholds with an uncertain band. Occlusion explanations are optional and timed
 * separately.
 */
import * as ort from 'onnxruntime-node';
import { decodeImage, detectImageKind } from '../services/imaging';
import type { ImageInputSpec } from '../services/models/manifest';
import type { HostImageResult, HostJob, OcclusionOptions } from '../services/inference/hostProtocol';
import { activate, labelResults } from './calibration';
import { checkDicomAttributes, checkPicture, refusalForDistance, type DicomAttributes } from './imageGate';
import { prepareImage, rasterToTensor, type PreparedImage } from './imagePreprocess';
import { since, type JobContext } from './jobContext';
import { defaultOcclusion, heatmapFromDrops, occludeInto, patchPositions } from './occlusion';
import type { LoadedModel } from './ortSessions';
import { hostProvenance } from './provenance';

type ImageJob = Extract<HostJob, { kind: 'image' }>;

/** Runs one image job end to end. */
export async function analyzeImage(job: ImageJob, model: LoadedModel, ctx: JobContext): Promise<HostImageResult> {
  const { manifest } = job.pack;
  const spec = manifest.input as ImageInputSpec;
  const t0 = performance.now();
  const kind = detectImageKind(job.bytes, job.fileName);
  let dicom: DicomAttributes | undefined;
  let tensor: PreparedImage;
  let image: HostImageResult['image'];
  if ((kind === 'png' || kind === 'jpeg') && !spec.accepts && !spec.resize) {
    // Nothing to check and a plain stretch: one sharp pass from the file to the tensor.
    const fast = await rasterToTensor(job.bytes, job.fileName, kind, spec);
    tensor = fast;
    image = { width: fast.width, height: fast.height, source: kind };
  } else {
    // A DICOM file is judged by its own attributes before its pixels are decoded.
    if (spec.accepts && kind === 'dicom') dicom = checkDicomAttributes(spec.accepts, job.bytes, job.fileName);
    const decoded = await decodeImage(job.bytes, job.fileName);
    if (spec.accepts) checkPicture(spec.accepts, decoded, job.confirmed ?? false);
    tensor = await prepareImage(decoded, spec);
    image = { width: decoded.width, height: decoded.height, source: decoded.source };
  }
  const preprocessMs = since(t0);
  ctx.checkCancelled();

  const t1 = performance.now();
  const out = await model.run({ [spec.inputName]: new ort.Tensor('float32', tensor.data, [...tensor.dims]) });
  const runMs = since(t1);

  const t2 = performance.now();
  let ood: { distance: number; threshold: number; method: string } | undefined;
  if (spec.ood) {
    const distance = (out[spec.ood.outputName]?.data as Float32Array | undefined)?.[0] ?? Number.NaN;
    const refused = refusalForDistance(distance, spec.ood, job.fileName, spec.accepts?.description ?? 'training');
    if (refused) throw refused;
    ood = { distance, threshold: spec.ood.threshold, method: spec.ood.method };
  }
  const logits = out[spec.outputName]!.data as Float32Array;
  const probabilities = activate(logits, spec.activation, manifest.calibration.temperature);
  const labels = labelResults(probabilities, manifest.labels);
  const postprocessMs = since(t2);

  let explanation: HostImageResult['explanation'];
  if (job.explain) {
    ctx.progress(0, 'Computing the occlusion map');
    const top = labels.reduce((a, b) => (b.probability > a.probability ? b : a));
    explanation = await occlusionMap(model, spec, tensor.data, top.index, probabilities[top.index] ?? 0, job.explain, manifest.calibration.temperature, ctx);
    explanation.label = top.name;
    explanation.imageWidth = image.width;
    explanation.imageHeight = image.height;
  }

  return {
    task: 'image-classification',
    labels,
    image,
    ...(explanation ? { explanation } : {}),
    ...(tensor.seen ? { modelInput: { width: tensor.seen.width, height: tensor.seen.height, channels: tensor.seen.channels, pixels: Array.from(tensor.seen.pixels) } } : {}),
    suitability: {
      demo: manifest.demo,
      ...(spec.accepts ? { description: spec.accepts.description, ...(spec.accepts.ageYears ? { ageYears: spec.accepts.ageYears } : {}) } : {}),
      ...(dicom ? { dicom } : {}),
      ...(ood ? { ood } : {}),
    },
    provenance: hostProvenance(manifest, model, model, job.bytes, { preprocessMs, runMs, postprocessMs }),
  };
}

async function occlusionMap(
  model: LoadedModel,
  spec: ImageInputSpec,
  base: Float32Array,
  labelIndex: number,
  baseProbability: number,
  options: OcclusionOptions & { batch: number },
  temperature: number,
  ctx: JobContext,
): Promise<NonNullable<HostImageResult['explanation']>> {
  const t0 = performance.now();
  const { width, height, channels } = spec;
  const { patch, stride } = defaultOcclusion(width, height, options);
  const positions = patchPositions(width, height, patch, stride);
  const drops: number[] = [];
  const per = channels * width * height;
  for (let i = 0; i < positions.length; i += options.batch) {
    ctx.checkCancelled();
    const slice = positions.slice(i, i + options.batch);
    const data = new Float32Array(slice.length * per);
    slice.forEach((pos, slot) => occludeInto(data, slot, base, channels, width, height, pos, patch));
    const out = await model.run({ [spec.inputName]: new ort.Tensor('float32', data, [slice.length, channels, height, width]) });
    const logits = out[spec.outputName]!.data as Float32Array;
    const classes = logits.length / slice.length;
    for (let s = 0; s < slice.length; s++) {
      const p = activate(logits.subarray(s * classes, (s + 1) * classes), spec.activation, temperature)[labelIndex] ?? 0;
      drops.push(baseProbability - p);
    }
    ctx.progress(Math.min(1, (i + slice.length) / positions.length), 'Computing the occlusion map');
  }
  const heat = heatmapFromDrops(width, height, positions, drops, patch);
  return {
    kind: 'occlusion',
    label: '',
    width,
    height,
    values: Array.from(heat, (v) => Math.round(v * 1e6) / 1e6),
    imageWidth: width,
    imageHeight: height,
    patch,
    stride,
    forwardPasses: positions.length,
    costMs: since(t0),
  };
}
