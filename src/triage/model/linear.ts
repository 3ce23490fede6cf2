/**
 * The small multinomial logistic-regression model: weights are int8-quantised, stored base64 in a
 * generated module (src/triage/model/weights.generated.ts) and decoded once on first use.
 */
import { FEATURE_DIM } from "./features.ts";

export interface LinearModelWeights {
  classes: readonly string[];
  /** Multiply the int8 weights by this to get the real weight. */
  scale: number;
  bias: readonly number[];
  /** base64 of int8 weights, feature-major: weight(feature f, class c) at f * classes.length + c. */
  data: string;
}

export interface ModelFile {
  version: 1;
  dim: number;
  /** SHA-like fingerprint of the training split, to see which corpus produced the weights. */
  trainedOn: { items: number; hash: string };
  intent: LinearModelWeights;
  sentiment: LinearModelWeights;
}

export interface DecodedModel {
  classes: readonly string[];
  bias: Float64Array;
  /** Dequantised weights, feature-major. */
  weights: Float32Array;
}

export function decodeBase64(data: string): Uint8Array {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

export function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

export function decodeModel(model: LinearModelWeights, dim: number = FEATURE_DIM): DecodedModel {
  const bytes = decodeBase64(model.data);
  const signed = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (signed.length !== dim * model.classes.length) {
    throw new Error(`model size ${signed.length} does not match ${dim} x ${model.classes.length}`);
  }
  const weights = new Float32Array(signed.length);
  for (let i = 0; i < signed.length; i++) {
    weights[i] = (signed[i] ?? 0) * model.scale;
  }
  return { classes: model.classes, bias: Float64Array.from(model.bias), weights };
}

/** Class probabilities (softmax) for a feature list. */
export function predictProbabilities(model: DecodedModel, features: readonly number[]): Float64Array {
  const k = model.classes.length;
  const scores = Float64Array.from(model.bias);
  const value = features.length > 0 ? 1 / Math.sqrt(features.length) : 0;
  const w = model.weights;
  for (const f of features) {
    const base = f * k;
    for (let c = 0; c < k; c++) {
      scores[c]! += value * w[base + c]!;
    }
  }
  let max = -Infinity;
  for (let c = 0; c < k; c++) {
    max = Math.max(max, scores[c]!);
  }
  let sum = 0;
  for (let c = 0; c < k; c++) {
    scores[c] = Math.exp(scores[c]! - max);
    sum += scores[c]!;
  }
  for (let c = 0; c < k; c++) {
    scores[c]! /= sum;
  }
  return scores;
}

/**
 * Several models over the same features, interleaved feature-major (all classes of all models for
 * one feature side by side) and kept as the int8 values of the weights file, so one pass over the
 * features touches one small cache line per feature; the scale is applied once at the end.
 */
export interface JointModel {
  models: readonly JointPart[];
  stride: number;
  weights: Int8Array;
  /**
   * The same bytes read four at a time (little-endian), when a row is a whole number of 32-bit
   * words: `predictJoint` then does one load per four weights instead of four.
   */
  words?: Int32Array | undefined;
}

/** True on little-endian machines (all current ones); the packed reading in predictJoint assumes it. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** One model inside a joint model: its classes sit at `offset … offset + classes.length` of each stride. */
export interface JointPart {
  classes: readonly string[];
  bias: Float64Array;
  scale: number;
  offset: number;
}

export function joinModels(files: readonly LinearModelWeights[], dim: number = FEATURE_DIM): JointModel {
  const stride = files.reduce((n, m) => n + m.classes.length, 0);
  const weights = new Int8Array(dim * stride);
  const models: JointPart[] = [];
  let offset = 0;
  for (const file of files) {
    const bytes = decodeBase64(file.data);
    const signed = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const k = file.classes.length;
    if (signed.length !== dim * k) {
      throw new Error(`model size ${signed.length} does not match ${dim} x ${k}`);
    }
    for (let f = 0; f < dim; f++) {
      for (let c = 0; c < k; c++) {
        weights[f * stride + offset + c] = signed[f * k + c] ?? 0;
      }
    }
    models.push({ classes: file.classes, bias: Float64Array.from(file.bias), scale: file.scale, offset });
    offset += k;
  }
  const words = stride % 4 === 0 && LITTLE_ENDIAN ? new Int32Array(weights.buffer, weights.byteOffset, weights.length / 4) : undefined;
  return { models, stride, weights, words };
}

/**
 * Class probabilities of every joined model (as `predictProbabilities` per model, up to rounding),
 * for the first `count` features (all by default; inference passes a reused buffer).
 */
export function predictJoint(joint: JointModel, features: ArrayLike<number>, count: number = features.length): number[][] {
  const { stride, weights: w, words } = joint;
  const sums = new Int32Array(stride);
  if (words !== undefined) {
    sumPacked(words, stride / 4, features, count, sums);
    return probabilitiesOf(joint, count, sums);
  }
  // Four classes per pass over the features, the sums in locals: few loads per weight, and the
  // features' cache lines stay in L1 between the passes.
  let c = 0;
  for (; c + 4 <= stride; c += 4) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < count; i++) {
      const base = features[i]! * stride + c;
      s0 += w[base]!;
      s1 += w[base + 1]!;
      s2 += w[base + 2]!;
      s3 += w[base + 3]!;
    }
    sums[c] = s0;
    sums[c + 1] = s1;
    sums[c + 2] = s2;
    sums[c + 3] = s3;
  }
  for (; c < stride; c++) {
    let sum = 0;
    for (let i = 0; i < count; i++) {
      sum += w[features[i]! * stride + c]!;
    }
    sums[c] = sum;
  }
  return probabilitiesOf(joint, count, sums);
}

/**
 * The per-class sums with each row read as 32-bit words of four int8 weights: a word is added to
 * four 32-bit accumulators after sign-extending its bytes; one word (four classes) per pass.
 */
function sumPacked(words: Int32Array, rowWords: number, features: ArrayLike<number>, count: number, sums: Int32Array): void {
  if (rowWords === 3) {
    sumThreeWords(words, features, count, sums);
    return;
  }
  for (let c = 0; c < rowWords; c++) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < count; i++) {
      const x = words[features[i]! * rowWords + c]!;
      s0 += (x << 24) >> 24;
      s1 += (x << 16) >> 24;
      s2 += (x << 8) >> 24;
      s3 += x >> 24;
    }
    sums[c * 4] = s0;
    sums[c * 4 + 1] = s1;
    sums[c * 4 + 2] = s2;
    sums[c * 4 + 3] = s3;
  }
}

/**
 * `sumPacked` for rows of three words (the triage model: 9 intent + 3 sentiment classes): one pass
 * over the features, each feature's row (12 bytes, mostly one cache line) fetched once, and two
 * weights added per addition ("SIMD within a register"):
 * - `x ^ 0x80808080` turns each signed byte v (−128…127) into the unsigned byte v + 128 (0…255);
 * - `x & 0xff00ff` holds bytes 0 and 2 and `(x >>> 8) & 0xff00ff` bytes 1 and 3, each in its own
 *   16-bit half, so one addition adds two weights;
 * - a block of at most 128 features adds at most 128 × 255 = 32,640 per half: no carry into the
 *   other half, and the upper half stays below 2^31 (plain int32 arithmetic);
 * - after the block each half, minus 128 per feature, is the exact integer sum of its class.
 */
function sumThreeWords(words: Int32Array, features: ArrayLike<number>, count: number, sums: Int32Array): void {
  for (let from = 0; from < count; from += SWAR_BLOCK) {
    const to = Math.min(count, from + SWAR_BLOCK);
    // Even (bytes 0, 2) and odd (bytes 1, 3) halves of the three words of a row.
    let xEven = 0;
    let xOdd = 0;
    let yEven = 0;
    let yOdd = 0;
    let zEven = 0;
    let zOdd = 0;
    for (let i = from; i < to; i++) {
      const row = features[i]! * 3;
      const x = words[row]! ^ 0x80808080;
      const y = words[row + 1]! ^ 0x80808080;
      const z = words[row + 2]! ^ 0x80808080;
      xEven += x & 0xff00ff;
      xOdd += (x >>> 8) & 0xff00ff;
      yEven += y & 0xff00ff;
      yOdd += (y >>> 8) & 0xff00ff;
      zEven += z & 0xff00ff;
      zOdd += (z >>> 8) & 0xff00ff;
    }
    const bias = 128 * (to - from);
    sums[0]! += (xEven & 0xffff) - bias;
    sums[1]! += (xOdd & 0xffff) - bias;
    sums[2]! += (xEven >>> 16) - bias;
    sums[3]! += (xOdd >>> 16) - bias;
    sums[4]! += (yEven & 0xffff) - bias;
    sums[5]! += (yOdd & 0xffff) - bias;
    sums[6]! += (yEven >>> 16) - bias;
    sums[7]! += (yOdd >>> 16) - bias;
    sums[8]! += (zEven & 0xffff) - bias;
    sums[9]! += (zOdd & 0xffff) - bias;
    sums[10]! += (zEven >>> 16) - bias;
    sums[11]! += (zOdd >>> 16) - bias;
  }
}

/** Features per block in `sumThreeWords` (keeps each 16-bit half from overflowing). */
const SWAR_BLOCK = 128;

/**
 * Softmax of each joined model from the integer sums (bag-of-features scaled by 1/√n). Plain arrays
 * of doubles (the same values a Float64Array holds): a Float64Array of more than eight values has
 * its storage outside the JavaScript heap, and allocating that costs about a microsecond.
 */
function probabilitiesOf(joint: JointModel, featureCount: number, sums: Int32Array): number[][] {
  const value = featureCount > 0 ? 1 / Math.sqrt(featureCount) : 0;
  const out: number[][] = [];
  for (const model of joint.models) {
    const k = model.classes.length;
    const scale = model.scale * value;
    const p: number[] = [];
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      p.push(sums[model.offset + c]! * scale + model.bias[c]!);
      max = Math.max(max, p[c]!);
    }
    let sum = 0;
    for (let c = 0; c < k; c++) {
      p[c] = Math.exp(p[c]! - max);
      sum += p[c]!;
    }
    for (let c = 0; c < k; c++) {
      p[c]! /= sum;
    }
    out.push(p);
  }
  return out;
}
