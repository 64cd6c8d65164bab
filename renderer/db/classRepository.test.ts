import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { addClass, listClasses, updateClass } from './classRepository';
import { createProject } from './projectRepository';
import { freshDatabaseName, SegAdaptDatabase } from './testDatabase';

describe('class names', () => {
  it('a second class with the same name (any case or spacing) is refused, on add and on rename', async () => {
    const db = new SegAdaptDatabase(freshDatabaseName());
    const project = await createProject(db, 'P');
    const cell = await addClass(db, project.id, 'cell');
    const debris = await addClass(db, project.id, 'debris');
    await expect(addClass(db, project.id, ' Cell ')).rejects.toThrow(/a class called “cell” already exists/);
    await expect(updateClass(db, debris.id, { name: 'CELL' })).rejects.toThrow(/already exists/);
    await updateClass(db, cell.id, { name: 'Cell' });
    expect((await listClasses(db, project.id)).map((c) => c.name)).toEqual(['Cell', 'debris']);
    const other = await createProject(db, 'Q');
    await expect(addClass(db, other.id, 'cell')).resolves.toMatchObject({ name: 'cell' });
  });
});
