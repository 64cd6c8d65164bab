// Pascal VOC XML (labelImg, labelme2voc, CVAT): one file per image, <object><name> with <bndbox>.
// Boxes are read as x = xmin, w = xmax - xmin, as Datumaro and labelImg read them.
import type { ExchangeDocument } from './exchangeTypes';
import { ExchangeFormatError } from './exchangeTypes';
import { parseXmlFile, xmlChild, xmlChildren, xmlText } from './xmlInput';

export function readVocXml(fileName: string, text: string): ExchangeDocument {
  const root = xmlChild(parseXmlFile(fileName, text, ['object']), 'annotation');
  if (!root) throw new ExchangeFormatError(fileName, 'has no <annotation> element: not a Pascal VOC file');
  const imageName = xmlText(root, 'filename') ?? fileName.replace(/\.xml$/i, '');
  const size = xmlChild(root, 'size');
  const dimension = (name: string) => {
    const value = Number(xmlText(size, name));
    return Number.isInteger(value) && value > 0 ? value : null;
  };
  const labels: string[] = [];
  const shapes = xmlChildren(root, 'object').map((object, i) => {
    const where = `<object> ${i + 1}`;
    const label = xmlText(object, 'name')?.trim();
    if (!label) throw new ExchangeFormatError(fileName, `${where} has no <name>`);
    if (!labels.includes(label)) labels.push(label);
    const box = xmlChild(object, 'bndbox');
    const coordinate = (name: string) => {
      const value = Number(xmlText(box, name));
      if (xmlText(box, name) === undefined || !Number.isFinite(value)) throw new ExchangeFormatError(fileName, `${where} (${label}): <bndbox><${name}> is not a number`);
      return value;
    };
    const x = coordinate('xmin'), y = coordinate('ymin');
    return { label, geometry: { kind: 'box' as const, x, y, w: coordinate('xmax') - x, h: coordinate('ymax') - y }, source: 'manual' as const };
  });
  return { format: 'Pascal VOC', labels, images: [{ fileName: imageName, width: dimension('width'), height: dimension('height'), shapes, masks: [] }], unsupported: [] };
}
