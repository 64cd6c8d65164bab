import { useEffect, useMemo, useRef } from 'react';
import { Image as KonvaImage, Layer } from 'react-konva';
import type Konva from 'konva';
import type { EditorClass } from '../editor/editorState';
import { rectsIntersect, type Rect } from '../geometry/points';
import { TILE_SIZE, type MaskLayers } from '../masks/maskTiles';
import { MaskTileCanvases } from './maskTileCanvas';

interface MaskTilesLayerProps {
  masks: MaskLayers;
  /** Changes whenever a tile changes. */
  revision: number;
  imageId: string | null;
  classes: readonly EditorClass[];
  visible: Rect;
}

/** Brush masks: one small canvas per painted 256x256 tile, only the tiles in view. */
export function MaskTilesLayer({ masks, revision: _revision, imageId, classes, visible }: MaskTilesLayerProps) {
  const canvases = useMemo(() => new MaskTileCanvases(), []);
  const layer = useRef<Konva.Layer>(null);
  useEffect(() => canvases.clear(), [canvases, imageId]);
  let changed = false;
  const tiles = classes
    .filter((cls) => cls.visible)
    .flatMap((cls) =>
      masks
        .tilesOf(cls.classId)
        .filter(({ tx, ty }) => rectsIntersect({ x: tx * TILE_SIZE, y: ty * TILE_SIZE, w: TILE_SIZE, h: TILE_SIZE }, visible))
        .map(({ tx, ty, data }) => {
          const key = `${cls.classId}:${tx},${ty}`;
          const tile = canvases.canvasFor(key, data, masks.tileVersion(cls.classId, tx, ty), cls.color);
          changed ||= tile.changed;
          return { key, tx, ty, canvas: tile.canvas, opacity: cls.opacity };
        }),
    );
  // A repainted canvas is the same object, so Konva must be told to draw again.
  useEffect(() => {
    if (changed) layer.current?.batchDraw();
  });
  return (
    <Layer ref={layer} listening={false} imageSmoothingEnabled={false}>
      {tiles.map((tile) => (
        <KonvaImage key={tile.key} image={tile.canvas} x={tile.tx * TILE_SIZE} y={tile.ty * TILE_SIZE} opacity={tile.opacity} listening={false} perfectDrawEnabled={false} />
      ))}
    </Layer>
  );
}
