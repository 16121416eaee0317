/**
 * The Content Security Policy of the renderer: nothing from any remote origin. The desktop
 * shell and the browser host send the same policy.
 */

/** CSP for the renderer; `connectSelf` adds the page's own WebSocket origin for the browser host. */
export function rendererCsp(options: { wsOrigin?: string } = {}): string {
  const connect = ["'self'", ...(options.wsOrigin ? [options.wsOrigin] : [])].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "worker-src 'self' blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
