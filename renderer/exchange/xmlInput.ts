// XML input through fast-xml-parser: validated first, so a malformed or truncated file is refused
// with the parser's line and column.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ExchangeFormatError } from './exchangeTypes';

export type XmlNode = Record<string, unknown>;

/** Parses XML whose listed elements are always arrays; attributes as plain keys prefixed '@'. */
export function parseXmlFile(fileName: string, text: string, arrays: readonly string[]): XmlNode {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    const truncated = /closed|unclosed|not closed/i.test(msg) && line >= text.trimEnd().split('\n').length;
    throw new ExchangeFormatError(fileName, `${truncated ? 'the XML ends early (truncated file?): ' : 'not valid XML: '}${msg} (line ${line}, column ${col})`);
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseAttributeValue: false,
    parseTagValue: false,
    isArray: (name) => arrays.includes(name),
  });
  return parser.parse(text) as XmlNode;
}

export const xmlChild = (node: unknown, name: string): XmlNode | undefined => {
  const value = typeof node === 'object' && node !== null ? (node as XmlNode)[name] : undefined;
  return typeof value === 'object' && value !== null ? (value as XmlNode) : undefined;
};

export const xmlChildren = (node: unknown, name: string): XmlNode[] => {
  const value = typeof node === 'object' && node !== null ? (node as XmlNode)[name] : undefined;
  return Array.isArray(value) ? (value as XmlNode[]) : [];
};

/** Text of a child element or an attribute ('@name'). */
export const xmlText = (node: unknown, name: string): string | undefined => {
  const value = typeof node === 'object' && node !== null ? (node as XmlNode)[name] : undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object' && value !== null && typeof (value as XmlNode)['#text'] === 'string') return (value as XmlNode)['#text'] as string;
  return undefined;
};
