import { createContext, useContext } from 'react';
import type { Scope } from '../../src/render/scope.ts';

/** The email being rendered, for shared components (direction, brand, locale). */
export const ScopeContext = createContext<Scope | null>(null);

export function useScope(): Scope {
  const scope = useContext(ScopeContext);
  if (!scope) throw new Error('Email components must be rendered inside <Layout>');
  return scope;
}
