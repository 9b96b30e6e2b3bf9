/**
 * An integrator's page that embeds the verification flow in an iframe: `GET /embed?src=<verificationUrl>` (serve it
 * with `startWebhookReceiver({ '/embed': embedPage })`). It records every `message` event in `window.__messages`
 * as `{ origin, data }`.
 *
 * @example
 * ```ts
 * await page.goto(`${receiver.origin}/embed?src=${encodeURIComponent(s.verificationUrl)}`);
 * ```
 */
export const embedPage = (): string => `<!doctype html><html><head><title>Shop checkout</title></head><body>
<h1>Shop checkout</h1>
<iframe id="kyc" allow="camera; microphone" style="width: 100%; height: 700px; border: none;"></iframe>
<script>
  window.__messages = [];
  window.addEventListener('message', (event) => { window.__messages.push({ origin: event.origin, data: event.data }); });
  document.getElementById('kyc').src = new URLSearchParams(location.search).get('src');
</script></body></html>`;
