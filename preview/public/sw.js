/*
 * The preview's service worker: keeps every email offline without changing
 * a byte of it. A request for any other host than the preview server (the
 * logos under `config.assets.baseUrl`, or anything else an email asks for)
 * is handed to the server's `/__assets`, which answers asset URLs from the
 * local `assets/` folder and refuses the rest. No other host is contacted.
 */
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin === self.location.origin || !url.protocol.startsWith('http')) return;
  event.respondWith(fetch(`/__assets?url=${encodeURIComponent(event.request.url)}`));
});
