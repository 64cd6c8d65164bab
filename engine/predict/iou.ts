// Intersection over union per class, accumulated over many images; IGNORE pixels do not count.

export interface IouAccumulator {
  add(predicted: Uint8Array, truth: Uint8Array): void;
  /** IoU per class index, null where the class never occurs in prediction or truth. */
  perClass(): (number | null)[];
  /** Mean over classes with a non-empty union. */
  mean(): number;
}

export function iouAccumulator(classes: number, ignore = 255): IouAccumulator {
  const intersection = new Float64Array(classes);
  const union = new Float64Array(classes);
  return {
    add(predicted, truth) {
      if (predicted.length !== truth.length) throw new Error('prediction and truth differ in size');
      const predictedCount = new Float64Array(classes);
      const truthCount = new Float64Array(classes);
      const both = new Float64Array(classes);
      for (let i = 0; i < truth.length; i++) {
        const t = truth[i];
        if (t === ignore) continue;
        const p = predicted[i];
        predictedCount[p] += 1;
        truthCount[t] += 1;
        if (p === t) both[t] += 1;
      }
      for (let c = 0; c < classes; c++) {
        intersection[c] += both[c];
        union[c] += predictedCount[c] + truthCount[c] - both[c];
      }
    },
    perClass() {
      return Array.from(union, (u, c) => (u > 0 ? intersection[c] / u : null));
    },
    mean() {
      const values = this.perClass().filter((v): v is number => v !== null);
      return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : 0;
    },
  };
}
