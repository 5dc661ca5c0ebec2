/*
 * The preview's service worker: keeps every email offline without changing
 * a byte of it. Requests for asset URLs under `config.assets.baseUrl` (the
 * logos) are answered from the local copy (`/__assets`); any other host is
 * refused without being contacted. Requests to the preview server itself pass.
 */
const base = new URL(self.location.href).searchParams.get('base') || '';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin === self.location.origin) return;
  if (base && event.request.url.startsWith(base)) {
    event.respondWith(fetch(`/__assets?url=${encodeURIComponent(event.request.url)}`));
    return;
  }
  event.respondWith(
    new Response(`authmail preview works offline: ${url.host} was not contacted.`, {
      status: 403,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    }),
  );
});
