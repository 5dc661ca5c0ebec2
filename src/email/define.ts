/**
 * What a template file in `emails/` exports: one `defineEmail({ … })`. The
 * file's name is the template's id (`emails/sign-in.tsx` → `sign-in`); the
 * definition declares the variables (which the build copies into the bundle
 * and the runtime validates against), sample values for the preview and the
 * tests, the Logto type it answers (optional), and the subject, preheader and
 * body. The paths a template may read (`s.v('application.name')`) are typed
 * from its own declaration.
 */
import type { ComponentType, ReactNode } from 'react';
import type { Fields, PathsOf, VarsOf } from '../catalog/fields.ts';
import { Layout } from './components/layout.tsx';
import type { LogtoTemplateType } from './logto.ts';
import { DEFINITION } from './marker.ts';
import type { Scope } from './scope.ts';

type DerivedPath<F extends Fields> = 'expiresInMinutes' extends PathsOf<F> ? 'expiresIn' : never;

/** Paths a template may read: its declared variables and the derived ones. */
export type SlotPath<F extends Fields> = PathsOf<F> | DerivedPath<F>;

/** The frame around a template's body (the default is the toolkit's `Layout`). */
export type LayoutComponent = ComponentType<{ s: Scope; subject: string; preheader: string; children: ReactNode }>;

export interface EmailDefinition<F extends Fields = Fields> {
  /** The Logto template type this email answers (`SignIn`…); without one it is sent only by id. */
  readonly logtoType?: LogtoTemplateType | undefined;
  /** When the email is sent, for the preview and the docs. */
  readonly when: string;
  readonly variables: F;
  /** Values the preview, the checks and the visual tests fill the email with. */
  readonly sample: VarsOf<F>;
  subject(s: Scope<SlotPath<F>>): string;
  preheader(s: Scope<SlotPath<F>>): string;
  Body(props: { s: Scope<SlotPath<F>> }): ReactNode;
  /** Another frame than the toolkit's `Layout`. */
  readonly layout?: LayoutComponent | undefined;
}

/** A definition as `defineEmail` returns it: its frame resolved (the toolkit's `Layout` unless it brings its own). */
export type DefinedEmail<F extends Fields = Fields> = EmailDefinition<F> & { readonly layout: LayoutComponent };

/** Declares a template; the variables' paths type `s` in subject, preheader and body. */
export function defineEmail<F extends Fields>(definition: EmailDefinition<F>): DefinedEmail<F> {
  return { ...definition, layout: definition.layout ?? Layout, [DEFINITION]: true } as DefinedEmail<F>;
}
