import type { TrainingSample } from '../../contract/jobs';
import { loadImageAnnotations } from '../db/annotationRepository';
import { listClasses } from '../db/classRepository';
import type { SegAdaptDatabase } from '../db/segAdaptDatabase';
import { trainingLabels } from './trainingLabels';

/** One image of the project as the adapt job takes it: its bytes as imported, its mask and boxes. */
export async function loadTrainingSample(db: SegAdaptDatabase, imageId: string): Promise<TrainingSample> {
  const image = await db.images.get(imageId);
  const stored = await db.imageBlobs.get(imageId);
  if (!image || !stored) throw new Error('That image no longer exists');
  const { document, tiles } = await loadImageAnnotations(db, imageId);
  const classOrder = (await listClasses(db, image.projectId)).map((c) => c.classId);
  const labels = trainingLabels({ width: image.width, height: image.height, shapes: document.shapes, tiles, fullyLabeled: document.fullyLabeled, classOrder });
  return { image: { name: image.name, bytes: new Uint8Array(await stored.blob.arrayBuffer()) }, ...labels };
}
