// Method name -> implementation. Each method lives in its own folder beside this file.

import type { MethodName } from '../../contract/jobs';
import type { PeftMethod } from './peftMethod';
import { bitfitMethod } from './bitfit/bitfitMethod';
import { convAdapterMethod } from './conv-adapter/convAdapterMethod';
import { fullMethod } from './full/fullMethod';
import { headMethod } from './head/headMethod';
import { loraMethod } from './lora/loraMethod';
import { ssfMethod } from './ssf/ssfMethod';
import { svfMethod } from './svf/svfMethod';

const BUILT_IN: PeftMethod<object>[] = [svfMethod, ssfMethod, loraMethod, convAdapterMethod, bitfitMethod, headMethod, fullMethod] as unknown as PeftMethod<object>[];

const methods = new Map<MethodName, PeftMethod<object>>(BUILT_IN.map((method) => [method.name, method]));

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
