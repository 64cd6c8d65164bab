import { IMAGE_STATUSES, type AnnotationRecord, type ClassRecord, type ImageRecord, type JobRecord, type LabelingTimeRecord, type MaskTileRecord, type ModelVersionRecord, type ProjectRecord, type ProposalRecord, type ReviewDecisionRecord } from './records';
import { migrateRecord } from './recordMigrations';

export class InvalidRecordError extends Error {
  constructor(kind: string, id: unknown, problem: string) {
    super(`Stored ${kind} ${String(id)} is invalid: ${problem}`);
    this.name = 'InvalidRecordError';
  }
}

type Check = [boolean, string];

function validate<T>(kind: string, raw: unknown, checks: (r: Record<string, unknown>) => Check[]): T {
  if (typeof raw !== 'object' || raw === null) throw new InvalidRecordError(kind, '?', 'not an object');
  const record = migrateRecord(kind, raw as Record<string, unknown>);
  for (const [ok, problem] of checks(record)) if (!ok) throw new InvalidRecordError(kind, record.id, problem);
  return record as T;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isClassId = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 254;

export const readProject = (raw: unknown): ProjectRecord =>
  validate('project', raw, (r) => [
    [isString(r.id), 'id'],
    [isString(r.name) && r.name.trim().length > 0, 'name'],
  ]);

export const readImage = (raw: unknown): ImageRecord =>
  validate('image', raw, (r) => [
    [isString(r.id) && isString(r.projectId), 'ids'],
    [isString(r.contentHash) && /^[0-9a-f]{64}$/.test(r.contentHash), 'contentHash'],
    [Number.isInteger(r.width) && (r.width as number) > 0 && Number.isInteger(r.height) && (r.height as number) > 0, 'size'],
    [(IMAGE_STATUSES as readonly unknown[]).includes(r.status), 'status'],
    [typeof r.fullyLabeled === 'boolean', 'fullyLabeled'],
    [Array.isArray(r.classIds) && r.classIds.every(isClassId), 'classIds'],
  ]);

export const readClass = (raw: unknown): ClassRecord =>
  validate('class', raw, (r) => [
    [isString(r.id) && isString(r.projectId), 'ids'],
    [isClassId(r.classId), 'classId must be 1..254'],
    [isString(r.name) && r.name.trim().length > 0, 'name'],
    [isString(r.color) && /^#[0-9a-f]{6}$/i.test(r.color), 'color'],
    [isFiniteNumber(r.opacity) && r.opacity >= 0 && r.opacity <= 1, 'opacity'],
  ]);

function isGeometry(g: unknown): boolean {
  if (typeof g !== 'object' || g === null) return false;
  const geometry = g as Record<string, unknown>;
  if (geometry.kind === 'box') return [geometry.x, geometry.y, geometry.w, geometry.h].every(isFiniteNumber) && (geometry.w as number) >= 0 && (geometry.h as number) >= 0;
  if (geometry.kind === 'polygon') return Array.isArray(geometry.points) && geometry.points.length >= 6 && geometry.points.length % 2 === 0 && geometry.points.every(isFiniteNumber);
  return false;
}

export const readAnnotation = (raw: unknown): AnnotationRecord =>
  validate('annotation', raw, (r) => [
    [isString(r.id) && isString(r.imageId) && isString(r.projectId), 'ids'],
    [isClassId(r.classId), 'classId'],
    [isGeometry(r.geometry), 'geometry'],
  ]);

export const readMaskTile = (raw: unknown): MaskTileRecord =>
  validate('maskTile', raw, (r) => [
    [isString(r.id) && isString(r.imageId), 'ids'],
    [isClassId(r.classId), 'classId'],
    [Number.isInteger(r.tx) && Number.isInteger(r.ty), 'tile position'],
    [r.data instanceof Uint8Array && r.data.length === (r.size as number) ** 2, 'data length'],
  ]);

const isMetrics = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(isFiniteNumber);
const isModelClass = (v: unknown): boolean => {
  const c = v as Record<string, unknown> | null;
  return typeof c === 'object' && c !== null && Number.isInteger(c.id) && (c.id as number) >= 0 && (c.id as number) <= 254 && isString(c.name);
};

export const readModelVersion = (raw: unknown): ModelVersionRecord =>
  validate('modelVersion', raw, (r) => [
    [isString(r.id) && r.id.length > 0 && isString(r.projectId), 'ids'],
    [isString(r.name) && r.name.trim().length > 0, 'name'],
    [isString(r.method) && r.method.length > 0, 'method'],
    [Array.isArray(r.classes) && r.classes.length >= 2 && r.classes.every(isModelClass), 'classes'],
    [Array.isArray(r.labeledImageIds) && r.labeledImageIds.every(isString) && r.labeledImageCount === r.labeledImageIds.length, 'labeled images'],
    [isFiniteNumber(r.createdAt) && isFiniteNumber(r.seconds) && (r.seconds as number) >= 0, 'times'],
    [isString(r.backend), 'backend'],
    [isMetrics(r.metrics), 'metrics'],
    [Number.isInteger(r.trainableParams) && (r.trainableParams as number) >= 0, 'trainableParams'],
  ]);

const isProposedInstance = (v: unknown): boolean => {
  const i = v as Record<string, unknown> | null;
  return (
    typeof i === 'object' && i !== null && isString(i.id) && i.id.length > 0 && isClassId(i.classId) && isFiniteNumber(i.score) && (i.score as number) >= 0 && (i.score as number) <= 1 &&
    Array.isArray(i.polygon) && i.polygon.length >= 6 && i.polygon.length % 2 === 0 && i.polygon.every(isFiniteNumber)
  );
};

export const readProposal = (raw: unknown): ProposalRecord =>
  validate('proposal', raw, (r) => [
    [isString(r.imageId) && isString(r.projectId) && isString(r.modelVersionId), 'ids'],
    [Array.isArray(r.instances) && r.instances.every(isProposedInstance), 'instances'],
    [isFiniteNumber(r.meanConfidence) && (r.meanConfidence as number) >= 0 && (r.meanConfidence as number) <= 1, 'meanConfidence'],
    [isFiniteNumber(r.createdAt), 'createdAt'],
  ]);

export const readReviewDecision = (raw: unknown): ReviewDecisionRecord =>
  validate('reviewDecision', raw, (r) => [
    [isString(r.id) && isString(r.projectId) && isString(r.imageId) && isString(r.modelVersionId), 'ids'],
    [isProposedInstance(r.proposal), 'proposal'],
    [r.decision === 'accepted' || r.decision === 'rejected', 'decision'],
    [['accept', 'edit', 'acceptAll', 'reject'].includes(r.via as string), 'via'],
    [r.decision === 'accepted' ? isString(r.annotationId) : r.annotationId === null, 'annotationId'],
    [isFiniteNumber(r.decidedAt), 'decidedAt'],
  ]);

export const readLabelingTime = (raw: unknown): LabelingTimeRecord =>
  validate('labelingTime', raw, (r) => [
    [isString(r.id) && isString(r.projectId) && isString(r.imageId) && (r.modelVersionId === null || isString(r.modelVersionId)), 'ids'],
    [isFiniteNumber(r.activeMs) && (r.activeMs as number) >= 0, 'activeMs'],
  ]);

export const readJob = (raw: unknown): JobRecord =>
  validate('job', raw, (r) => [
    [isString(r.id) && isString(r.projectId) && isString(r.kind), 'ids'],
    [isFiniteNumber(r.startedAt), 'startedAt'],
    [r.outcome === null || ['done', 'failed', 'cancelled', 'interrupted'].includes(r.outcome as string), 'outcome'],
  ]);
