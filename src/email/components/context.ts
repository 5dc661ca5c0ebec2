import type React from 'react';
import { createContext, useContext } from 'react';
import type { Scope } from '../scope.ts';

/**
 * The email being rendered, for shared components (direction, brand, locale). One context per
 * process, even when a project's templates load this module from another path than the renderer
 * does (a linked or copied toolkit): a second context would leave their components without a scope.
 */
const KEY = Symbol.for('authmail.email.scope');
const registry = globalThis as { [KEY]?: React.Context<Scope | null> };
export const ScopeContext: React.Context<Scope | null> = registry[KEY] ?? createContext<Scope | null>(null);
registry[KEY] = ScopeContext;

export function useScope(): Scope {
  const scope = useContext(ScopeContext);
  if (!scope) throw new Error('Email components must be rendered inside <Layout>');
  return scope;
}
