import type { ProjectRecord } from './records';
import type { SegAdaptDatabase } from './segAdaptDatabase';
import { newId } from './newId';
import { readProject } from './validateRecords';

export async function listProjects(db: SegAdaptDatabase): Promise<ProjectRecord[]> {
  const rows = await db.projects.toArray();
  return rows.map(readProject).sort((a, b) => a.name.localeCompare(b.name));
}

export async function createProject(db: SegAdaptDatabase, name: string): Promise<ProjectRecord> {
  const now = Date.now();
  const project = readProject({ v: 1, id: newId(), name: name.trim(), createdAt: now, updatedAt: now });
  await db.projects.add(project);
  return project;
}

export async function renameProject(db: SegAdaptDatabase, projectId: string, name: string): Promise<void> {
  const project = await db.projects.get(projectId);
  if (!project) throw new Error('That project no longer exists');
  await db.projects.put(readProject({ ...project, name: name.trim(), updatedAt: Date.now() }));
}

/** Deletes the project and everything in it, in one transaction. */
export async function deleteProject(db: SegAdaptDatabase, projectId: string): Promise<void> {
  await db.transaction('rw', [db.projects, db.images, db.imageBlobs, db.classes, db.annotations, db.maskTiles, db.modelVersions, db.proposals, db.reviewDecisions, db.labelingTime, db.jobs], async () => {
    const imageIds = await db.images.where('projectId').equals(projectId).primaryKeys();
    await db.imageBlobs.bulkDelete(imageIds);
    await db.images.where('projectId').equals(projectId).delete();
    await db.classes.where('projectId').equals(projectId).delete();
    await db.annotations.where('projectId').equals(projectId).delete();
    await db.maskTiles.where('projectId').equals(projectId).delete();
    await db.modelVersions.where('projectId').equals(projectId).delete();
    await db.proposals.where('projectId').equals(projectId).delete();
    await db.reviewDecisions.where('projectId').equals(projectId).delete();
    await db.labelingTime.where('projectId').equals(projectId).delete();
    await db.jobs.where('projectId').equals(projectId).delete();
    await db.projects.delete(projectId);
  });
}
