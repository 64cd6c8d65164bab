// Which reader a file needs, from its name and first bytes: COCO or Label Studio JSON, CVAT or
// Pascal VOC XML, class-id PNG masks (named by a classes.json or class_names.txt beside them), or a
// whole data folder.
import { looksLikeCoco, readCoco } from './cocoReader';
import { readClassesJson, readClassIdPng, readClassNamesTxt, type ClassNames } from './classIdMasks';
import { readCvatXml } from './cvatXmlReader';
import { isDataFolder, readDataFolder, type FolderFile } from './dataFolder';
import type { ExchangeDocument } from './exchangeTypes';
import { ExchangeFormatError } from './exchangeTypes';
import { baseName, stem } from './imageMatching';
import { parseJsonFile } from './jsonInput';
import { looksLikeLabelStudio, readLabelStudio } from './labelStudioReader';
import { isPng } from './pngCodec';
import { readVocXml } from './vocXmlReader';

export const ANNOTATION_FILE_TYPES = '.json,.xml,.png,.txt';

/** Whether a file is one of the annotation formats (by name), rather than an image to import. */
export function isAnnotationFileName(name: string): boolean {
  return /\.(json|xml)$/i.test(name) || baseName(name).toLowerCase() === 'class_names.txt';
}

/** Reads every file into documents; throws ExchangeFormatError for the first that is malformed. */
export function readAnnotationFiles(files: readonly FolderFile[], projectImageNames: readonly string[]): ExchangeDocument[] {
  if (isDataFolder(files.map((f) => f.path))) return [readDataFolder(files, projectImageNames)];
  const decoder = new TextDecoder();
  const documents: ExchangeDocument[] = [];
  const voc: ExchangeDocument = { format: 'Pascal VOC', labels: [], images: [], unsupported: [] };
  const pngs: FolderFile[] = [];
  let names: ClassNames | null = null;
  for (const file of files) {
    const lower = file.path.toLowerCase();
    if (lower.endsWith('.json')) {
      const text = decoder.decode(file.bytes);
      if (baseName(lower) === 'classes.json') {
        names = readClassesJson(file.path, text);
        continue;
      }
      const parsed = parseJsonFile(file.path, text);
      if (looksLikeCoco(parsed)) documents.push(readCoco(file.path, parsed));
      else if (looksLikeLabelStudio(parsed)) documents.push(readLabelStudio(file.path, parsed));
      else throw new ExchangeFormatError(file.path, 'is neither COCO (images, annotations, categories) nor a Label Studio export (tasks with data and annotations)');
    } else if (lower.endsWith('.xml')) {
      const text = decoder.decode(file.bytes);
      const head = text.slice(0, 4096).replace(/<\?xml[^>]*>/, '').replace(/<!--[\s\S]*?-->/g, '');
      if (/<annotations[\s>]/.test(head)) documents.push(readCvatXml(file.path, text));
      else if (/<annotation[\s>]/.test(head)) {
        const read = readVocXml(file.path, text);
        voc.images.push(...read.images);
        for (const label of read.labels) if (!voc.labels.includes(label)) voc.labels.push(label);
      } else throw new ExchangeFormatError(file.path, 'is neither CVAT XML (<annotations>) nor Pascal VOC (<annotation>)');
    } else if (baseName(lower) === 'class_names.txt') names = readClassNamesTxt(decoder.decode(file.bytes));
    else if (lower.endsWith('.png') && isPng(file.bytes)) pngs.push(file);
    else throw new ExchangeFormatError(file.path, 'is not an annotation file SegAdapt reads (COCO or Label Studio JSON, CVAT or Pascal VOC XML, class-id PNG masks)');
  }
  if (voc.images.length) documents.push(voc);
  if (pngs.length) {
    const byStem = new Map(projectImageNames.map((n) => [stem(n).toLowerCase(), n]));
    const images = pngs.map((f) => readClassIdPng(f.path, byStem.get(stem(f.path).toLowerCase()) ?? baseName(f.path), f.bytes, names));
    const labels = names ? [...names.names].filter(([id]) => id !== 0 && id !== names!.ignoreIndex).map(([, n]) => n) : [];
    documents.push({ format: 'class-id PNG masks', labels, images, unsupported: [] });
  }
  return documents;
}
