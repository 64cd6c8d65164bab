import { Label, Layer, Line, Tag, Text } from 'react-konva';
import type { ProposedInstance } from '../db/records';
import type { EditorClass } from '../editor/editorState';
import { proposalBadge, showsBadge } from './proposalBadge';

export interface ShownProposals {
  instances: readonly ProposedInstance[];
  versionName: string;
  /** The proposal A / X / E act on: drawn bolder. */
  focusedId: string | null;
}

/**
 * A model's proposals for the open image, drawn apart from the editor's shapes: a dashed outline,
 * a translucent fill and a badge with the confidence and model version (on the focused one and
 * those large enough on screen); the focused one bolder. Not editable, not labels.
 */
export function ProposalsLayer({ proposals, classes, scale }: { proposals: ShownProposals; classes: readonly EditorClass[]; scale: number }) {
  const colors = new Map(classes.filter((c) => c.visible).map((c) => [c.classId, c.color]));
  const line = 1.5 / scale;
  const font = 11 / scale;
  // The focused proposal last, so that nothing covers it or its badge.
  const ordered = [...proposals.instances.filter((i) => i.id !== proposals.focusedId), ...proposals.instances.filter((i) => i.id === proposals.focusedId)];
  return (
    <Layer listening={false}>
      {ordered.map((instance) => {
        const color = colors.get(instance.classId);
        if (!color) return null;
        const focused = instance.id === proposals.focusedId;
        let top = 0;
        for (let i = 2; i < instance.polygon.length; i += 2) if (instance.polygon[i + 1] < instance.polygon[top + 1]) top = i;
        return [
          <Line key={`f${instance.id}`} points={instance.polygon} closed fill={color} opacity={focused ? 0.4 : 0.2} strokeEnabled={false} listening={false} perfectDrawEnabled={false} />,
          <Line key={`s${instance.id}`} points={instance.polygon} closed stroke={focused ? '#ffffff' : color} strokeWidth={focused ? 2.5 * line : line} dash={[6 / scale, 4 / scale]} fillEnabled={false} listening={false} perfectDrawEnabled={false} />,
          showsBadge(instance.polygon, scale, focused) ? (
            <Label key={`b${instance.id}`} x={instance.polygon[top]} y={instance.polygon[top + 1]} listening={false}>
              <Tag fill={focused ? 'rgba(20, 60, 140, 0.9)' : 'rgba(20, 20, 20, 0.75)'} pointerDirection="down" pointerWidth={6 / scale} pointerHeight={4 / scale} cornerRadius={3 / scale} />
              <Text text={proposalBadge(instance, proposals.versionName)} fontSize={font} padding={3 / scale} fill="#fff" />
            </Label>
          ) : null,
        ];
      })}
    </Layer>
  );
}
