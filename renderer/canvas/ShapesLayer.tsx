import { useEffect, useRef, useState } from 'react';
import { Image as KonvaImage, Layer } from 'react-konva';
import type { Shape } from '../editor/document';
import type { EditorClass } from '../editor/editorState';
import type { Rect } from '../geometry/points';
import type { Size } from '../geometry/viewport';
import { ShapesRasterCache } from './shapesRaster';

interface ShapesLayerProps {
  shapes: readonly Shape[];
  classes: readonly EditorClass[];
  visible: Rect;
  scale: number;
  image: Size;
  /** The shape being moved or edited is drawn by the overlay instead. */
  hiddenShapeId: string | null;
}

/** Quiet time after the last zoom step before the shapes are drawn again at the new scale. */
const ZOOM_SETTLE_MS = 150;

/** All finished boxes and polygons, as one cached bitmap of the area around the view (see ShapesRasterCache). */
export function ShapesLayer({ shapes, classes, visible, scale, image, hiddenShapeId }: ShapesLayerProps) {
  const cache = useRef<ShapesRasterCache>(null);
  cache.current ??= new ShapesRasterCache();
  const [settledScale, setSettledScale] = useState(scale);
  const raster = cache.current.get({ shapes, classes, hiddenShapeId, visible, scale, image, pixelRatio: window.devicePixelRatio || 1 }, settledScale === scale);
  useEffect(() => {
    if (settledScale === scale) return;
    const timer = setTimeout(() => setSettledScale(scale), ZOOM_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [scale, settledScale]);
  return (
    <Layer listening={false}>
      {raster ? <KonvaImage image={raster.canvas} x={raster.region.x} y={raster.region.y} width={raster.region.w} height={raster.region.h} listening={false} perfectDrawEnabled={false} /> : null}
    </Layer>
  );
}
