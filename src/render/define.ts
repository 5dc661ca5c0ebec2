import type { ReactNode } from 'react';
import type { TemplateId } from '../catalog/templates.ts';
import type { Scope, SlotPath } from './scope.ts';

/** What a file in `emails/` exports: the subject, the preheader and the body of one template. */
export interface EmailDefinition<T extends TemplateId = TemplateId> {
  readonly id: T;
  subject(s: Scope<SlotPath<T>>): string;
  preheader(s: Scope<SlotPath<T>>): string;
  Body(props: { s: Scope<SlotPath<T>> }): ReactNode;
}

export const defineEmail = <T extends TemplateId>(id: T, def: Omit<EmailDefinition<T>, 'id'>): EmailDefinition<T> => ({
  id,
  ...def,
});
