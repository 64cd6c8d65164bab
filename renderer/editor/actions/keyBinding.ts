import type { KeyInput } from '../../tools/toolTypes';

/**
 * The binding string of a key press: 'mod+', 'alt+', 'shift+' in that order, then the key in lower
 * case. Shift is left out for printable non-letters, whose key already says it ('?', '+').
 */
export function bindingOf(input: KeyInput): string {
  const key = input.key === ' ' ? 'space' : input.key.toLowerCase();
  const isLetter = /^[a-z]$/.test(key);
  const printable = input.key.length === 1;
  return `${input.mod ? 'mod+' : ''}${input.alt ? 'alt+' : ''}${input.shift && (isLetter || !printable) ? 'shift+' : ''}${key}`;
}

/** How a binding is shown to the user. */
export function describeBinding(binding: string, isMac: boolean): string {
  if (binding === '+') return '+';
  return binding
    .split('+')
    .map((part) => {
      if (part === 'mod') return isMac ? '⌘' : 'Ctrl';
      if (part === 'shift') return isMac ? '⇧' : 'Shift';
      if (part === 'alt') return isMac ? '⌥' : 'Alt';
      if (part === '') return '+';
      return part.length === 1 ? part.toUpperCase() : part[0].toUpperCase() + part.slice(1);
    })
    .join(isMac ? '' : '+')
    .replace('++', '+');
}
