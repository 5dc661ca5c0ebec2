import 'react';

declare module 'react' {
  interface CSSProperties {
    /** Outlook (Word engine): hide an element that other clients hide with display:none. */
    msoHide?: 'all';
  }
}
