import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { Stage } from 'react-konva';
import type { Editor } from '../editor/editor';
import { visibleImageRect } from '../geometry/viewport';
import { HelpOverlay } from './HelpOverlay';
import { ImageLayer } from './ImageLayer';
import { MaskTilesLayer } from './MaskTilesLayer';
import { OverlayLayer } from './OverlayLayer';
import { ProposalsLayer, type ShownProposals } from './ProposalsLayer';
import { ShapesLayer } from './ShapesLayer';
import { useElementSize } from './useElementSize';
import { useKeyboardRouting } from './useKeyboardRouting';
import { usePointerRouting } from './usePointerRouting';

const CURSORS: Record<string, string> = { pan: 'grab', select: 'default', box: 'crosshair', polygon: 'crosshair', brush: 'none', eraser: 'none' };

/** Renders the editor's state with Konva and forwards input to the editor; no editing logic here. */
export function CanvasView({ editor, bitmap, keyboardEnabled, proposals = null }: { editor: Editor; bitmap: ImageBitmap | null; keyboardEnabled: boolean; proposals?: ShownProposals | null }) {
  const state = useSyncExternalStore(editor.subscribe, editor.getState);
  const container = useRef<HTMLDivElement>(null);
  const size = useElementSize(container);
  usePointerRouting(container, editor);
  useKeyboardRouting(editor, keyboardEnabled);
  useEffect(() => {
    if (size) editor.setStageSize(size);
  }, [editor, size]);

  const { viewport, stageSize } = state;
  const visible = useMemo(() => visibleImageRect(viewport, stageSize), [viewport, stageSize]);
  const interaction = state.interaction;
  // Only once the shape has actually moved is it taken out of the cached shapes (which redraws them).
  const hiddenShapeId = 'preview' in interaction && interaction.preview !== interaction.original ? interaction.original.id : null;
  const cursor = state.spaceHeld || state.panDrag ? 'grabbing' : CURSORS[state.tool];
  const ready = bitmap && state.image ? state.image.id : '';

  return (
    <>
    <div ref={container} className="canvas-stage" style={{ cursor }} data-testid="canvas" data-state={interaction.state} data-image-ready={ready} data-zoom={viewport.scale.toFixed(4)} data-proposals={proposals?.instances.length ?? 0} data-viewport={`${viewport.x.toFixed(2)},${viewport.y.toFixed(2)},${viewport.scale.toFixed(6)}`}>
      {size && state.image ? (
        <Stage width={size.width} height={size.height} scaleX={viewport.scale} scaleY={viewport.scale} x={viewport.x} y={viewport.y} listening={false}>
          <ImageLayer bitmap={bitmap} scale={viewport.scale} />
          <MaskTilesLayer masks={editor.masks} revision={state.masksRevision} imageId={state.image.id} classes={state.classes} visible={visible} />
          <ShapesLayer shapes={state.document.shapes} classes={state.classes} visible={visible} scale={viewport.scale} image={state.image} hiddenShapeId={hiddenShapeId} />
          {proposals?.instances.length ? <ProposalsLayer proposals={proposals} classes={state.classes} scale={viewport.scale} /> : null}
          <OverlayLayer state={state} />
        </Stage>
      ) : (
        <p className="canvas-empty">{state.image ? 'Loading…' : 'Import images and pick one from the list to start labeling.'}</p>
      )}
    </div>
    {state.helpOpen ? <HelpOverlay onClose={() => editor.runAction('help')} /> : null}
    </>
  );
}
