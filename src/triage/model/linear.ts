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

/** Class probabilities of every joined model (as `predictProbabilities` per model, up to rounding). */
export function predictJoint(joint: JointModel, features: readonly number[]): Float64Array[] {
  const { stride, weights: w, words } = joint;
  const sums = new Int32Array(stride);
  if (words !== undefined) {
    sumPacked(words, stride / 4, features, sums);
    return probabilitiesOf(joint, features.length, sums);
  }
  // Four classes per pass over the features, the sums in locals: few loads per weight, and the
  // features' cache lines stay in L1 between the passes.
  let c = 0;
  for (; c + 4 <= stride; c += 4) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < features.length; i++) {
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
    for (let i = 0; i < features.length; i++) {
      sum += w[features[i]! * stride + c]!;
    }
    sums[c] = sum;
  }
  return probabilitiesOf(joint, features.length, sums);
}

/**
 * The per-class sums with each row read as 32-bit words of four int8 weights: a word is added to
 * four 32-bit accumulators after sign-extending its bytes; one word (four classes) per pass.
 */
function sumPacked(words: Int32Array, rowWords: number, features: readonly number[], sums: Int32Array): void {
  for (let c = 0; c < rowWords; c++) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < features.length; i++) {
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

/** Softmax of each joined model from the integer sums (bag-of-features scaled by 1/√n). */
function probabilitiesOf(joint: JointModel, featureCount: number, sums: Int32Array): Float64Array[] {
  const value = featureCount > 0 ? 1 / Math.sqrt(featureCount) : 0;
  const out: Float64Array[] = [];
  for (const model of joint.models) {
    const k = model.classes.length;
    const scale = model.scale * value;
    const p = new Float64Array(k);
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      p[c] = sums[model.offset + c]! * scale + model.bias[c]!;
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
