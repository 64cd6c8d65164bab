import { Image as KonvaImage, Layer } from 'react-konva';

/** Zoomed in this far, pixels are shown as squares so the annotator sees exactly what they label. */
const CRISP_FROM_SCALE = 3;

/** The photo itself; it never changes while the image is open. */
export function ImageLayer({ bitmap, scale }: { bitmap: ImageBitmap | null; scale: number }) {
  return <Layer listening={false} imageSmoothingEnabled={scale < CRISP_FROM_SCALE}>{bitmap ? <KonvaImage image={bitmap} listening={false} perfectDrawEnabled={false} /> : null}</Layer>;
}
