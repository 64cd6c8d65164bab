// Method name -> implementation. Each method lives in its own folder beside this file.

import type { MethodName } from '../../contract/jobs';
import type { PeftMethod } from './peftMethod';
import { headMethod } from './head/headMethod';

const methods = new Map<MethodName, PeftMethod<object>>([[headMethod.name, headMethod as PeftMethod<object>]]);

export function registerMethod(method: PeftMethod<object>): void {
  methods.set(method.name, method);
}

export function getMethod(name: MethodName): PeftMethod<object> {
  const method = methods.get(name);
  if (!method) throw new Error(`unknown method "${name}"; known: ${[...methods.keys()].join(', ')}`);
  return method;
}

export function listMethods(): PeftMethod<object>[] {
  return [...methods.values()];
}
