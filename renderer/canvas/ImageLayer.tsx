import { Image as KonvaImage, Layer } from 'react-konva';

/** The photo itself; it never changes while the image is open. */
export function ImageLayer({ bitmap }: { bitmap: ImageBitmap | null }) {
  return <Layer listening={false}>{bitmap ? <KonvaImage image={bitmap} listening={false} perfectDrawEnabled={false} /> : null}</Layer>;
}
