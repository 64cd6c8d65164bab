// Trainable-parameter counts per method, measured by the engine once it has started, so the Adapt panel
// can show what each method trains before anything is trained.

/** Per method, the trainable scalars of its backbone side; the decoder adds fixed + perClass x classes. */
export interface TrainableCounts {
  backbone: Record<string, number>;
  decoderFixed: number;
  decoderPerClass: number;
}

/** A method's trainable count for a model of `classes` classes (background included), or null if unknown. */
export function trainableFor(counts: TrainableCounts, method: string, classes: number): number | null {
  const backbone = counts.backbone[method];
  return backbone === undefined ? null : backbone + counts.decoderFixed + counts.decoderPerClass * classes;
}
